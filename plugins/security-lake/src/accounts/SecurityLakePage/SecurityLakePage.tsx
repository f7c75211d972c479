import {
  Content,
  Header,
  Page,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { useSecurityLakeInfo } from '../../hooks';
import { useAccounts } from '../useAccounts';
import { AccountsTable } from '../AccountsTable';
import { LocalModeBanner } from '../../components/LocalModeBanner';

/**
 * Security Lake overview: every AWS account the caller may see and the sources it collects.
 *
 * @internal
 */
export function SecurityLakePage() {
  const info = useSecurityLakeInfo();
  const accounts = useAccounts();

  return (
    <Page themeId="tool">
      <Header
        title="Security Lake"
        subtitle="AWS accounts and the security logs they send to the lake"
      />
      <Content>
        <Grid container spacing={3} direction="column">
          {info.error ? (
            <Grid item>
              <ResponseErrorPanel error={info.error} />
            </Grid>
          ) : (
            info.value?.localMode && (
              <Grid item>
                <LocalModeBanner info={info.value} />
              </Grid>
            )
          )}
          <Grid item>
            {accounts.error ? (
              <ResponseErrorPanel error={accounts.error} />
            ) : (
              <AccountsTable
                loading={accounts.loading}
                accounts={accounts.value?.items}
                refreshedAt={accounts.value?.refreshedAt}
              />
            )}
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
