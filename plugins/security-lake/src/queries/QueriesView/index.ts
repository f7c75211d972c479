export { QueriesView } from './QueriesView';
export type { QueriesViewProps } from './QueriesView';
