import { ResponseErrorPanel } from '@backstage/core-components';
import { AccountsTable } from '../AccountsTable';
import { useAccounts } from '../useAccounts';

/**
 * Every AWS account the caller may see, with the sources it collects per region.
 *
 * @internal
 */
export function AccountsPanel() {
  const accounts = useAccounts();
  return accounts.error ? (
    <ResponseErrorPanel error={accounts.error} />
  ) : (
    <AccountsTable
      loading={accounts.loading}
      accounts={accounts.value?.items}
      refreshedAt={accounts.value?.refreshedAt}
    />
  );
}
