import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AccountSummary } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { useAccounts } from '../../hooks/useAccounts';
import {
  AccountIdentity,
  AccountOwners,
  AccountRegions,
  AccountSources,
  formatRefreshedAt,
} from '../AccountsTable';
import { LoadError } from '../../components/LoadError';
import { NoVisibleAccounts } from '../../components/NoVisibleAccounts';

function AccountRow(props: { account: AccountSummary }) {
  const { account } = props;
  return (
    <ListItem divider disableGutters>
      <Box display="flex" flexDirection="column" gridGap={8} width="100%">
        <Box display="flex" justifyContent="space-between" gridGap={16}>
          <AccountIdentity account={account} />
          <AccountOwners account={account} />
        </Box>
        <AccountRegions account={account} />
        <AccountSources account={account} />
      </Box>
    </ListItem>
  );
}

function CardBody(props: { entityRef: string }) {
  const { value, loading, error } = useAccounts({
    entityRef: props.entityRef,
  });

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <LoadError error={error} what="this entity's accounts" />;
  }
  if (!value || value.items.length === 0) {
    return <NoVisibleAccounts />;
  }
  return (
    <>
      <Typography variant="body2" color="textSecondary">
        {formatRefreshedAt(value.refreshedAt)}
      </Typography>
      <List dense>
        {value.items.map(account => (
          <AccountRow key={account.accountId} account={account} />
        ))}
      </List>
    </>
  );
}

/**
 * Entity card listing the AWS accounts linked to the current entity and their lake coverage.
 *
 * @internal
 */
export function EntitySecurityLakeCard() {
  const { entity } = useEntity();
  return (
    <InfoCard title="Security Lake accounts">
      <CardBody entityRef={stringifyEntityRef(entity)} />
    </InfoCard>
  );
}
