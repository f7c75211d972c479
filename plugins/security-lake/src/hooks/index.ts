export { useDebounced } from './useDebounced';
export { useSecurityLakeInfo } from './useSecurityLakeInfo';
export { useTableEmptyContent } from './useTableEmptyContent';
export { useAccountConflicts } from './useAccountConflicts';
