import { EmptyState, TableColumn } from '@backstage/core-components';
import {
  AWS_ACCOUNT_ID_ANNOTATION,
  AccountSummary,
} from '@internal/plugin-security-lake-common';
import { ReactNode } from 'react';
import {
  AccountIdentity,
  AccountOwners,
  AccountRegions,
  AccountSources,
} from './AccountCells';
import { ScrollingTable } from '../../components/ScrollingTable';

const PAGE_SIZE = 20;

/** Describes when the control plane was last read, or that it has not been yet. */
export function formatRefreshedAt(refreshedAt?: string): string {
  if (!refreshedAt) {
    return 'Coverage has not been read yet';
  }
  return `Last refreshed ${new Date(refreshedAt).toLocaleString()}`;
}

function matches(query: string, account: AccountSummary): boolean {
  const needle = query.toLocaleLowerCase('en-US');
  return [
    account.accountId,
    account.title ?? '',
    ...account.owners,
    ...account.regions,
  ].some(value => value.toLocaleLowerCase('en-US').includes(needle));
}

const columns: TableColumn<AccountSummary>[] = [
  {
    title: 'Account',
    field: 'accountId',
    highlight: true,
    customFilterAndSearch: (query, account) => matches(query, account),
    render: account => <AccountIdentity account={account} />,
  },
  {
    title: 'Owners',
    field: 'owners',
    sorting: false,
    render: account => <AccountOwners account={account} />,
  },
  {
    title: 'Regions',
    field: 'regions',
    sorting: false,
    render: account => <AccountRegions account={account} />,
  },
  {
    title: 'Sources',
    field: 'sources',
    sorting: false,
    render: account => <AccountSources account={account} />,
  },
];

/** The explanation shown when the caller's teams own no AWS accounts. */
export function NoAccountsEmptyState() {
  return (
    <EmptyState
      missing="data"
      title="No AWS accounts"
      description={
        <>
          Your teams own no AWS accounts in the catalog. An account shows up
          here once a catalog entity owned by one of your teams carries the{' '}
          <code>{AWS_ACCOUNT_ID_ANNOTATION}</code> annotation with the 12-digit
          account id.
        </>
      }
    />
  );
}

/**
 * Props for {@link AccountsTable}.
 *
 * @internal
 */
export interface AccountsTableProps {
  accounts?: AccountSummary[];
  refreshedAt?: string;
  loading?: boolean;
  title?: string;
  /** Replaces the default explanation shown when there are no accounts. */
  emptyContent?: ReactNode;
}

/**
 * AWS accounts with their owners, regions and collected Security Lake sources.
 *
 * @internal
 */
export function AccountsTable(props: AccountsTableProps) {
  const {
    accounts = [],
    refreshedAt,
    loading = false,
    title = 'AWS accounts',
    emptyContent = <NoAccountsEmptyState />,
  } = props;
  return (
    <ScrollingTable<AccountSummary>
      aria-label="AWS accounts"
      title={title}
      subtitle={loading ? undefined : formatRefreshedAt(refreshedAt)}
      isLoading={loading}
      columns={columns}
      data={accounts}
      emptyContent={emptyContent}
      options={{
        padding: 'dense',
        paging: accounts.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        emptyRowsWhenPaging: false,
      }}
    />
  );
}
