export { FindingsFilters } from './FindingsFilters';
export type { FindingsFilterOptions } from './FindingsFilters';
