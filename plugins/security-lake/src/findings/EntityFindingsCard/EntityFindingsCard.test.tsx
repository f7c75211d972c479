import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { createMockApi } from '../../__testUtils__/fixtures';
import {
  findingsSummary,
  noFindingsSummary,
  readySnapshots,
} from '../../__testUtils__/findingsFixtures';
import { EntityFindingsCard } from './EntityFindingsCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments', namespace: 'finance' },
  spec: { owner: 'group:default/payments' },
};

const entityRef = 'system:finance/payments';

describe('EntityFindingsCard', () => {
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
  });

  const render = (mountPage = true) =>
    renderInTestApp(
      <TestApiProvider apis={[[securityLakeApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityFindingsCard pollMs={300} />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: mountPage ? { '/security-lake': rootRouteRef } : {},
      },
    );

  it("counts the entity's findings by severity, each count linking to the findings of that severity", async () => {
    await render();
    const critical = await screen.findByRole('link', {
      name: '2 Critical findings',
    });
    expect(critical).toHaveTextContent('2 Critical');
    const href = new URL(critical.getAttribute('href')!, 'http://app');
    expect(href.pathname).toBe('/security-lake');
    expect(Object.fromEntries(href.searchParams)).toEqual({
      tab: 'findings',
      severity: 'Critical',
      entityRef,
    });
    expect(
      screen.getByRole('link', { name: '4 Medium findings' }),
    ).toHaveAttribute(
      'href',
      '/security-lake?tab=findings&severity=Medium&entityRef=system%3Afinance%2Fpayments',
    );
    // nothing to see behind a 0
    expect(
      screen.queryByRole('link', { name: /^Low:/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByTitle('0 Low findings')).toHaveTextContent('0 Low');
    expect(
      screen.getByRole('link', { name: 'View all 9 findings' }),
    ).toHaveAttribute(
      'href',
      '/security-lake?tab=findings&entityRef=system%3Afinance%2Fpayments',
    );
    expect(
      screen.getByText('9 findings, 4 first seen in the last 7 days.'),
    ).toBeInTheDocument();
    expect(api.getFindingsSummary).toHaveBeenCalledWith(
      { entityRef },
      { waitSeconds: 2 },
    );
  });

  it('shows the counts without links in an app that has not mounted the Security Lake page', async () => {
    await render(false);
    expect(await screen.findByTitle('2 Critical findings')).toHaveTextContent(
      '2 Critical',
    );
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it('says when the entity has no findings', async () => {
    api.getFindingsSummary.mockResolvedValue(noFindingsSummary);
    await render();
    expect(
      await screen.findByText('No findings in the last 7 days.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it("says the entity's accounts are not the user's to see, rather than that it has no findings", async () => {
    api.getFindingsSummary.mockResolvedValue({
      ...noFindingsSummary,
      notCollected: [],
      snapshots: [],
    });
    await render();
    expect(
      await screen.findByText(
        /No AWS accounts you may see are linked to this entity/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No findings/)).not.toBeInTheDocument();
  });

  it("says so when none of the entity's accounts collects findings, without an error", async () => {
    api.getFindingsSummary.mockResolvedValue({
      ...noFindingsSummary,
      notCollected: ['111122223333', '444455556666'],
      snapshots: [],
    });
    await render();
    expect(
      await screen.findByText(
        /None of this entity’s AWS accounts collects Security Hub findings into Security Lake \(111122223333, 444455556666\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/No findings in the last/),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/Error/)).not.toBeInTheDocument();
  });

  it('names the accounts that do not collect findings next to the counts of those that do', async () => {
    api.getFindingsSummary.mockResolvedValue({
      ...findingsSummary,
      notCollected: ['777788889999'],
    });
    await render();
    expect(
      await screen.findByText(
        'Not collecting Security Hub findings: 777788889999.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: '2 Critical findings' }),
    ).toBeInTheDocument();
  });

  it('shows the progress of reading the lake and asks again until it is done', async () => {
    api.getFindingsSummary.mockResolvedValueOnce({
      ...findingsSummary,
      total: 0,
      bySeverity: {},
      accounts: [],
      snapshots: readySnapshots.map(s => ({ ...s, state: 'refreshing' })),
    });
    await render();
    expect(
      await screen.findByRole('progressbar', {
        name: 'Reading findings from the lake',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('No findings read yet.')).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: '2 Critical findings' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(api.getFindingsSummary).toHaveBeenCalledTimes(2);
  });

  it('warns about an account-region that could not be read', async () => {
    api.getFindingsSummary.mockResolvedValue({
      ...findingsSummary,
      snapshots: [
        readySnapshots[0],
        {
          accountId: '111122223333',
          region: 'eu-west-1',
          state: 'failed',
          error: 'Athena: TOO_MANY_REQUESTS',
          refreshedAt: '2024-05-01T08:00:00.000Z',
        },
        {
          accountId: '444455556666',
          region: 'ap-southeast-2',
          state: 'failed',
          error: 'AccessDeniedException',
        },
      ],
    });
    await render();
    expect(
      await screen.findByText(
        'The findings of 2 account-regions could not be read',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/111122223333 in eu-west-1: Athena: TOO_MANY_REQUESTS/),
    ).toHaveTextContent('Last read successfully at');
    expect(
      screen.getByText(/444455556666 in ap-southeast-2: AccessDeniedException/),
    ).toHaveTextContent('It has not been read successfully yet.');
    // the rest still shows
    expect(
      screen.getByRole('link', { name: '2 Critical findings' }),
    ).toBeInTheDocument();
  });

  it('shows why the findings could not be counted', async () => {
    api.getFindingsSummary.mockRejectedValue(new Error('Backend unavailable'));
    await render();
    await waitFor(() =>
      expect(
        screen.getByText("Couldn't load the findings"),
      ).toBeInTheDocument(),
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Something went wrong on the way: Backend unavailable',
    );
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });
});
