export { useDebounced } from './useDebounced';
export { useSecurityLakeInfo } from './useSecurityLakeInfo';
