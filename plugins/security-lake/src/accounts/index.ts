export { AccountsPanel } from './AccountsPanel';
export { EntitySecurityLakeCard } from './EntitySecurityLakeCard';
export { useAccounts } from './useAccounts';
