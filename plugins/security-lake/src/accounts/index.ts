export { SecurityLakePage } from './SecurityLakePage';
export { EntitySecurityLakeCard } from './EntitySecurityLakeCard';
export { useAccounts } from './useAccounts';
