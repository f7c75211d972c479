export { TeamQueries } from './TeamQueries';
export type { TeamQueriesProps } from './TeamQueries';
