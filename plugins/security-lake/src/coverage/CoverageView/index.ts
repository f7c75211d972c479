export { CoverageView } from './CoverageView';
export type { CoverageViewProps } from './CoverageView';
