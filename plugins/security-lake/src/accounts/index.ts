export { AccountsPanel } from './AccountsPanel';
export { EntitySecurityLakeCard } from './EntitySecurityLakeCard';
