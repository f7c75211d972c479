import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SWRConfig } from 'swr';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { coverageList } from '../../__testUtils__/coverageFixtures';
import { accountConflicts, createMockApi } from '../../__testUtils__/fixtures';
import { CoverageView } from './CoverageView';

// jsdom lays nothing out; give the matrix's scroller a size so its rows are drawn
function withLayout() {
  const sizes = { clientHeight: 560, clientWidth: 1200 };
  const originals = Object.fromEntries(
    Object.keys(sizes).map(k => [
      k,
      Object.getOwnPropertyDescriptor(HTMLElement.prototype, k),
    ]),
  );
  beforeAll(() => {
    for (const [key, value] of Object.entries(sizes)) {
      Object.defineProperty(HTMLElement.prototype, key, {
        configurable: true,
        get: () => value,
      });
    }
  });
  afterAll(() => {
    for (const [key, descriptor] of Object.entries(originals)) {
      if (descriptor)
        Object.defineProperty(HTMLElement.prototype, key, descriptor);
    }
  });
}

describe('CoverageView', () => {
  let api: jest.Mocked<SecurityLakeApi>;
  withLayout();
  beforeEach(() => {
    api = createMockApi();
  });

  const render = (allowRefresh = false, props: object = {}) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [securityLakeApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: allowRefresh
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            }),
          ],
        ]}
      >
        {/* usePermission caches answers in SWR: a fresh cache per test */}
        <SWRConfig value={{ provider: () => new Map() }}>
          <CoverageView {...props} />
        </SWRConfig>
      </TestApiProvider>,
      // the conflict warning links to the entities that claim an account
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

  it('shows each account by source with health as icon and word, and the counts per health', async () => {
    await render();
    const table = await screen.findByRole('table', {
      name: 'Coverage by account and source',
    });
    const rows = within(table).getAllByRole('row');
    // the header and two accounts
    expect(rows).toHaveLength(3);
    expect(
      within(table).getByRole('button', {
        name: '111122223333 VPC Flow Logs: Stale 1/2 regions ok',
      }),
    ).toBeInTheDocument();
    expect(
      within(table).getByRole('button', {
        name: '444455556666 CloudTrail management events: Misconfigured, 1 exception',
      }),
    ).toBeInTheDocument();
    // a source the account does not send at all is absent, not blank
    expect(
      within(table).getByRole('button', {
        name: '444455556666 VPC Flow Logs: Absent',
      }),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText('not in catalog')).toBeInTheDocument();
    // a custom source another account sends does not apply here
    expect(
      within(table).getByLabelText(
        '444455556666 okta_sso (custom): does not apply',
      ),
    ).toHaveTextContent('—');
    expect(screen.getByRole('button', { name: 'Stale: 1' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    expect(screen.getByText(/2 accounts/)).toBeInTheDocument();
    expect(
      screen.getByText(/The Glue crawler failed once/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('img', { name: /events over 7 days to 2024-05-01/ })
        .length,
    ).toBeGreaterThan(0);
    // refreshing is for platform owners
    expect(
      screen.queryByRole('button', { name: /Refresh now/ }),
    ).not.toBeInTheDocument();
  });

  it('warns platform owners of an account claimed by two owners, naming it, the entities and the owners', async () => {
    api.listAccountConflicts.mockResolvedValue(accountConflicts);
    await render(true);
    const alert = await screen.findByRole('status', {
      name: 'An AWS account is claimed by more than one owner',
    });
    expect(within(alert).getByRole('listitem')).toHaveTextContent(
      '777788889999 is declared by checkout-sandbox (owned by checkout) and payments-sandbox (owned by payments)',
    );
    expect(
      within(alert).getByRole('link', { name: 'payments-sandbox' }),
    ).toHaveAttribute('href', '/catalog/default/resource/payments-sandbox');
    // the matrix is drawn below it as ever
    expect(await screen.findByRole('table')).toBeInTheDocument();
  });

  it('shows no conflict warning to a team member, and asks for none on entity pages', async () => {
    const { unmount } = await render();
    await screen.findByRole('table');
    expect(api.listAccountConflicts).toHaveBeenCalledTimes(1);
    expect(
      screen.queryByText(/claimed by more than one owner/),
    ).not.toBeInTheDocument();
    unmount();

    api.listAccountConflicts.mockClear();
    api.listAccountConflicts.mockResolvedValue(accountConflicts);
    await render(false, {
      entityRef: 'system:default/payments',
      compact: true,
    });
    await waitFor(() =>
      expect(api.listCoverage).toHaveBeenLastCalledWith(
        { entityRef: 'system:default/payments' },
        { limit: 100 },
      ),
    );
    expect(api.listAccountConflicts).not.toHaveBeenCalled();
    expect(
      screen.queryByText(/claimed by more than one owner/),
    ).not.toBeInTheDocument();
  });

  it('asks the backend again for gaps only, by health, and by source', async () => {
    await render();
    await screen.findByRole('table');
    await userEvent.click(screen.getByLabelText('Gaps only'));
    await waitFor(() =>
      expect(api.listCoverage).toHaveBeenLastCalledWith(
        { health: ['misconfigured', 'not_collecting', 'stale', 'absent'] },
        { limit: 100 },
      ),
    );
    await userEvent.click(screen.getByLabelText('Gaps only'));
    await userEvent.click(screen.getByRole('button', { name: /^Stale: / }));
    await waitFor(() =>
      expect(api.listCoverage).toHaveBeenLastCalledWith(
        { health: ['stale'] },
        { limit: 100 },
      ),
    );
  });

  it('searches after the user stops typing', async () => {
    await render();
    await screen.findByRole('table');
    await userEvent.type(screen.getByLabelText('Search accounts'), '4444');
    await waitFor(() =>
      expect(api.listCoverage).toHaveBeenLastCalledWith(
        { q: '4444' },
        { limit: 100 },
      ),
    );
    // one request for the whole word, not one per key
    expect(
      api.listCoverage.mock.calls.filter(([f]) => f.q !== undefined),
    ).toHaveLength(1);
  });

  /** Opens 444455556666 from its CloudTrail cell, once its exception's remediation is shown. */
  async function openStaleAccount() {
    await userEvent.click(
      await screen.findByRole('button', {
        name: /444455556666 CloudTrail management events/,
      }),
    );
    const drawer = await screen.findByRole('region', {
      name: 'Coverage of 444455556666',
    });
    expect(
      await within(drawer).findByText(/Give the delivery role s3:PutObject/),
    ).toBeInTheDocument();
    return drawer;
  }

  it('does not tell the platform team to tell the platform team', async () => {
    await render(true);
    const drawer = await openStaleAccount();
    expect(
      within(drawer).queryByText(/Only the platform team can fix this/),
    ).not.toBeInTheDocument();
  });

  it("opens an account's regions with the exception's remediation", async () => {
    await render();
    const drawer = await openStaleAccount();
    expect(api.getAccountCoverage).toHaveBeenCalledWith('444455556666');
    // a team is named as everywhere else, never by its raw entity ref
    expect(document.body).not.toHaveTextContent('group:default/');
    // a team member is told who can act on it
    expect(
      within(drawer).getByText(
        /Only the platform team can fix this in Security Lake: tell them if it lasts/,
      ),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByText(/Not in the catalog: nobody owns this account/),
    ).toBeInTheDocument();
    // the source it was opened from is configured in us-east-1 only: the rest are listed as absent
    const detail = within(drawer).getByRole('table', {
      name: 'Coverage by region and source',
    });
    expect(
      within(detail).getAllByText('not configured').length,
    ).toBeGreaterThan(0);
    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('region', { name: /Coverage of/ }),
      ).not.toBeInTheDocument(),
    );
  });

  it('lets platform owners ask for a refresh and says when the last one failed', async () => {
    api.listCoverage.mockResolvedValue({
      ...coverageList,
      refresh: {
        ...coverageList.refresh,
        lastAttemptStatus: 'failed',
        lastAttemptAt: '2024-05-01T10:15:00.000Z',
        lastError:
          'AccessDeniedException: not authorized to call GetDataLakeSources',
      },
    });
    await render(true);
    expect(
      await screen.findByText(/The last coverage refresh failed/),
    ).toHaveTextContent(
      'AccessDeniedException: not authorized to call GetDataLakeSources',
    );
    await userEvent.click(
      await screen.findByRole('button', { name: /Refresh now/ }),
    );
    expect(api.refreshCoverage).toHaveBeenCalled();
  });

  it('follows a requested refresh until the new coverage is there, then shows it', async () => {
    const refreshed = {
      ...coverageList,
      items: [coverageList.items[0]],
      refresh: {
        ...coverageList.refresh,
        refreshedAt: '2024-05-01T10:30:00.000Z',
      },
    };
    api.listCoverage
      .mockResolvedValueOnce(coverageList) // the page
      .mockResolvedValueOnce(coverageList) // still running
      .mockResolvedValue(refreshed); // done
    await render(true, { refreshPollMs: 20 });
    await screen.findByRole('table');
    expect(screen.getAllByRole('row')).toHaveLength(3);

    await userEvent.click(
      await screen.findByRole('button', { name: /Refresh now/ }),
    );
    expect(
      await screen.findByRole('button', { name: 'Refreshing…' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('progressbar', { name: 'Refreshing coverage' }),
    ).toBeInTheDocument();

    // the newer snapshot replaces the old one and the button comes back
    expect(
      await screen.findByRole('button', { name: /Refresh now/ }),
    ).toBeEnabled();
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    expect(api.listCoverage).toHaveBeenCalledWith({}, { limit: 1 });
  });

  it("says an entity's accounts are not the user's to see, rather than offering filters", async () => {
    api.listCoverage.mockResolvedValue({
      ...coverageList,
      items: [],
      summary: { ...coverageList.summary, accounts: 0 },
    });
    await render(false, { entityRef: 'system:default/payments' });
    expect(
      await screen.findByText(
        /No AWS accounts you may see are linked to this entity/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Clear a filter/)).not.toBeInTheDocument();
    // nothing to filter or export
    expect(screen.queryByLabelText('Search accounts')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Export CSV' }),
    ).not.toBeInTheDocument();
    expect(api.listCoverage).toHaveBeenCalledWith(
      { entityRef: 'system:default/payments' },
      { limit: 100 },
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says so when nothing matches a filter among an entity’s accounts', async () => {
    await render(false, { entityRef: 'system:default/payments' });
    await waitFor(() => expect(screen.getAllByRole('row').length).toBeGreaterThan(1));
    api.listCoverage.mockResolvedValue({
      ...coverageList,
      items: [],
      summary: { ...coverageList.summary, accounts: 0 },
    });
    await userEvent.type(screen.getByLabelText('Search accounts'), '9999');
    expect(
      await screen.findByText(
        /No account matches among this entity’s accounts\. Clear a filter/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/No AWS accounts you may see/),
    ).not.toBeInTheDocument();
  });

  it('tells apart coverage not read yet from a caller whose accounts have no source in the lake', async () => {
    // the backend lists only the sources of the caller's own accounts: none, after a refresh
    api.listCoverage.mockResolvedValue({
      ...coverageList,
      items: [],
      sources: [],
      summary: {
        accounts: 0,
        byHealth: coverageList.summary.byHealth,
        bySource: {},
      },
    });
    const { unmount } = await render();
    expect(
      await screen.findByText(
        'None of the accounts you may see has anything in the lake yet.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Coverage has not been read yet/),
    ).not.toBeInTheDocument();
    unmount();

    api.listCoverage.mockResolvedValue({
      ...coverageList,
      items: [],
      sources: [],
      refresh: { lastAttemptStatus: 'running' },
    });
    await render();
    expect(
      await screen.findByText(
        'Coverage has not been read yet: the first refresh is running.',
      ),
    ).toBeInTheDocument();
  });
});
