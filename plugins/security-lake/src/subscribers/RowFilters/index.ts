export { RowFilters } from './RowFilters';
export type { RowFiltersProps } from './RowFilters';
