export { NamedQueries } from './NamedQueries';
export type { NamedQueriesProps } from './NamedQueries';
