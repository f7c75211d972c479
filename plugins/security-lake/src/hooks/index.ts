export { useAccounts } from './useAccounts';
export { useSecurityLakeInfo } from './useSecurityLakeInfo';
