export { RunView } from './RunView';
export type { RunViewProps } from './RunView';
export { ResultsTable } from './ResultsTable';
