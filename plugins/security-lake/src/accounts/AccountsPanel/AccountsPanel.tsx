import Box from '@material-ui/core/Box';
import { AccountConflictsAlert } from '../../components/AccountConflictsAlert';
import { useAccountConflicts } from '../../hooks';
import { AccountsTable } from '../AccountsTable';
import { useAccounts } from '../../hooks/useAccounts';
import { LoadError } from '../../components/LoadError';

/**
 * Every AWS account the caller may see, with the sources it collects per region, and for platform owners
 * the accounts whose ownership the catalog disputes.
 *
 * @internal
 */
export function AccountsPanel() {
  const accounts = useAccounts();
  const conflicts = useAccountConflicts();
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <AccountConflictsAlert
        conflicts={conflicts.value?.items}
        error={conflicts.error}
      />
      {accounts.error ? (
        <LoadError
          error={accounts.error}
          what="your accounts"
          onRetry={accounts.retry}
        />
      ) : (
        <AccountsTable
          loading={accounts.loading}
          accounts={accounts.value?.items}
          refreshedAt={accounts.value?.refreshedAt}
        />
      )}
    </Box>
  );
}
