export { EntityQueriesContent } from './EntityQueriesContent';
export { QueriesView } from './QueriesView';
