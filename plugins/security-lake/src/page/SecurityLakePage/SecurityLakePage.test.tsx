import { NotAllowedError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import {
  accountList,
  createMockApi,
  localInfo,
} from '../../__testUtils__/fixtures';
import { SecurityLakePage } from './SecurityLakePage';

describe('SecurityLakePage', () => {
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
  });

  const render = (tab = 'accounts') =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [securityLakeApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <SecurityLakePage />
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        routeEntries: [`/?tab=${tab}`],
      },
    );

  it('opens on coverage and switches tabs', async () => {
    await render('');
    expect(screen.getByRole('tab', { name: 'Coverage' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await waitFor(() => expect(api.listCoverage).toHaveBeenCalled());
    expect(api.listAccounts).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('tab', { name: 'Accounts' }));
    expect(
      await screen.findByText('Security Hub findings · 1 region'),
    ).toBeInTheDocument();
    expect(api.listAccounts).toHaveBeenCalledWith(undefined);
  });

  it('opens the queries tab on the query a link names, and leaves it when another tab is chosen', async () => {
    await render('queries&query=iam-changes');
    expect(screen.getByRole('tab', { name: 'Queries' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      await screen.findByRole('form', { name: 'Run IAM changes' }),
    ).toBeInTheDocument();
    expect(api.getQuery).toHaveBeenCalledWith('iam-changes');
    expect(api.listCoverage).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('tab', { name: 'Coverage' }));
    await waitFor(() => expect(api.listCoverage).toHaveBeenCalled());
    // the query is not kept for when the user comes back to the tab
    await userEvent.click(screen.getByRole('tab', { name: 'Queries' }));
    expect(
      await screen.findByRole('link', { name: 'Critical findings' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });

  it('opens the findings tab with the filters a link names, as the entity card links there', async () => {
    await render(
      'findings&severity=Critical&entityRef=system%3Adefault%2Fpayments',
    );
    expect(screen.getByRole('tab', { name: 'Findings' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      await screen.findByText(
        'S3 general purpose buckets should block public access',
      ),
    ).toBeInTheDocument();
    expect(api.listFindings).toHaveBeenCalledWith(
      {
        windowDays: 7,
        entityRef: 'system:default/payments',
        severity: ['Critical'],
        limit: 50,
      },
      { waitSeconds: 2 },
    );
    expect(api.listCoverage).not.toHaveBeenCalled();
  });

  it('opens the subscribers tab on its requests, and a request a link names', async () => {
    await render('subscribers');
    expect(screen.getByRole('tab', { name: 'Subscribers' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const requests = await screen.findByRole('region', {
      name: 'Subscriber requests',
    });
    expect(
      await within(requests).findByRole('link', { name: 'payments-analytics' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Request access' }),
    ).toBeInTheDocument();
    expect(api.listCoverage).not.toHaveBeenCalled();
  });

  it('opens a subscriber request from its link', async () => {
    await render('subscribers&requestId=sr-1');
    expect(
      await screen.findByRole('heading', { name: 'payments-analytics' }),
    ).toBeInTheDocument();
    expect(api.getSubscriberRequest).toHaveBeenCalledWith('sr-1');
    expect(api.listSubscriberRequests).not.toHaveBeenCalled();
  });

  it('lists every account the caller may see', async () => {
    await render();

    expect(
      screen.getByRole('heading', { name: 'Security Lake' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('111122223333')).toBeInTheDocument();
    expect(screen.getByText('Payments production')).toBeInTheDocument();
    expect(screen.getByText('444455556666')).toBeInTheDocument();
    expect(
      screen.getByText('Security Hub findings · 1 region'),
    ).toBeInTheDocument();
    expect(api.listAccounts).toHaveBeenCalledWith(undefined);
  });

  it('hides the local mode banner when running against AWS', async () => {
    await render();
    await screen.findByText('111122223333');
    expect(screen.queryByText('Local mode')).not.toBeInTheDocument();
  });

  it('shows the local mode banner when running on the local lake', async () => {
    api.getInfo.mockResolvedValue(localInfo);

    await render();

    expect(await screen.findByText('Local mode')).toBeInTheDocument();
    expect(screen.getByText('111122223333')).toBeInTheDocument();
  });

  it('shows the empty state when the caller has no accounts', async () => {
    api.listAccounts.mockResolvedValue({ items: [] });

    await render();

    expect(
      await screen.findByText(/Your teams own no AWS accounts in the catalog/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Coverage has not been read yet'),
    ).toBeInTheDocument();
  });

  it('shows an error panel when the accounts cannot be listed', async () => {
    api.listAccounts.mockRejectedValue(
      new NotAllowedError('You may not list accounts'),
    );

    await render();

    expect(
      await screen.findByText("You can't see your accounts"),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'You may not list accounts',
    );
    expect(screen.queryByText(accountList.items[0].accountId)).toBeNull();
  });
});
