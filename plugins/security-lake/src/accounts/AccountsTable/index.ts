export {
  AccountsTable,
  NoAccountsEmptyState,
  formatRefreshedAt,
} from './AccountsTable';
export type { AccountsTableProps } from './AccountsTable';
export {
  AccountIdentity,
  AccountOwners,
  AccountRegions,
  AccountSources,
} from './AccountCells';
