export { useSecurityLakeInfo } from './useSecurityLakeInfo';
