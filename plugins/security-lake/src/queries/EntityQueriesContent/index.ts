export { EntityQueriesContent } from './EntityQueriesContent';
