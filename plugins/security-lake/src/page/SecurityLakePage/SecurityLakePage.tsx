import { Content, Header, Page } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { Theme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { useSearchParams } from 'react-router-dom';
import { AccountsPanel } from '../../accounts/AccountsPanel';
import { CoverageView } from '../../coverage/CoverageView';
import { FindingsView } from '../../findings/FindingsView';
import { useSecurityLakeInfo } from '../../hooks';
import { QueriesView } from '../../queries/QueriesView';
import { SubscribersView } from '../../subscribers';
import { LocalModeBanner } from '../LocalModeBanner';
import { LoadError } from '../../components/LoadError';

const TABS = [
  { id: 'coverage', label: 'Coverage' },
  { id: 'findings', label: 'Findings' },
  { id: 'queries', label: 'Queries' },
  { id: 'subscribers', label: 'Subscribers' },
  { id: 'accounts', label: 'Accounts' },
] as const;

/**
 * The organisation's Security Lake: one tab per capability, chosen with `?tab=` so a link can open one.
 *
 * @internal
 */
export function SecurityLakePage() {
  const info = useSecurityLakeInfo();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find(t => t.id === params.get('tab'))?.id ?? 'coverage';
  // MUI hides the scroll arrows on phones, where the tabs need them most
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('xs'));

  return (
    <Page themeId="tool">
      <Header
        title="Security Lake"
        subtitle="Which AWS accounts send which security logs, their Security Hub findings, the saved queries to run over them, and who else may read them"
      />
      <Content>
        <Box display="flex" flexDirection="column" gridGap={16}>
          {info.error ? (
            <LoadError
              error={info.error}
              what="Security Lake"
              onRetry={info.retry}
            />
          ) : (
            info.value?.localMode && <LocalModeBanner info={info.value} />
          )}
          <Tabs
            value={tab}
            onChange={(_, next) => setParams({ tab: next }, { replace: true })}
            indicatorColor="primary"
            aria-label="Security Lake"
            // on a narrow screen the tabs scroll, with arrows, instead of clipping the last ones
            variant="scrollable"
            scrollButtons={narrow ? 'on' : 'auto'}
          >
            {TABS.map(t => (
              <Tab key={t.id} value={t.id} label={t.label} id={`tab-${t.id}`} />
            ))}
          </Tabs>
          <div role="tabpanel" aria-labelledby={`tab-${tab}`}>
            {tab === 'coverage' && <CoverageView />}
            {tab === 'findings' && <FindingsView />}
            {tab === 'queries' && <QueriesView />}
            {tab === 'subscribers' && <SubscribersView />}
            {tab === 'accounts' && <AccountsPanel />}
          </div>
        </Box>
      </Content>
    </Page>
  );
}
