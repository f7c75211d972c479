import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { accountList } from '../../__testUtils__/fixtures';
import { AccountsTable } from './AccountsTable';

const mountedRoutes = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

function rowOf(accountId: string): HTMLElement {
  const row = screen.getByText(accountId).closest('tr');
  if (!row) {
    throw new Error(`No row for ${accountId}`);
  }
  return row;
}

describe('AccountsTable', () => {
  it('shows each account with its title, owners, regions and sources', async () => {
    await renderInTestApp(
      <AccountsTable
        accounts={accountList.items}
        refreshedAt={accountList.refreshedAt}
      />,
      mountedRoutes,
    );

    // one row per account, nothing else
    expect(
      screen
        .getAllByRole('row')
        .filter(r => within(r).queryAllByRole('cell').length > 0),
    ).toHaveLength(accountList.items.length);

    const payments = within(rowOf('111122223333'));
    expect(payments.getByText('Payments production')).toBeInTheDocument();
    expect(
      payments.getByRole('link', { name: '111122223333' }),
    ).toHaveAttribute('href', '/catalog/default/resource/payments-prod');
    expect(payments.getByRole('link', { name: /payments/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/payments',
    );
    expect(payments.getByText('us-east-1')).toBeInTheDocument();
    expect(payments.getByText('eu-west-1')).toBeInTheDocument();
    expect(
      payments.getByText('CloudTrail management events · 2 regions'),
    ).toBeInTheDocument();
    expect(payments.getByText('VPC Flow Logs · 1 region')).toBeInTheDocument();
    expect(payments.queryByText('not in catalog')).not.toBeInTheDocument();
    // a source the account does not collect has no chip, and another account's region is not listed
    expect(
      payments.queryByText(/Security Hub findings/),
    ).not.toBeInTheDocument();
    expect(payments.queryByText('ap-southeast-2')).not.toBeInTheDocument();

    const unknown = within(rowOf('444455556666'));
    expect(unknown.getByText('not in catalog')).toBeInTheDocument();
    expect(
      unknown.queryByRole('link', { name: '444455556666' }),
    ).not.toBeInTheDocument();
    expect(unknown.getByText('No owner')).toBeInTheDocument();
    expect(unknown.getByText('ap-southeast-2')).toBeInTheDocument();
    expect(
      unknown.getByText('Security Hub findings · 1 region'),
    ).toBeInTheDocument();
  });

  it('says which version each chip is when an account sends a source in two', async () => {
    const [first] = accountList.items;
    await renderInTestApp(
      <AccountsTable
        accounts={[
          {
            ...first,
            sources: [
              {
                source: 'CLOUD_TRAIL_MGMT',
                version: '1.0',
                regions: ['us-east-1'],
              },
              {
                source: 'CLOUD_TRAIL_MGMT',
                version: '2.0',
                regions: ['us-east-1'],
              },
              { source: 'VPC_FLOW', version: '2.0', regions: ['us-east-1'] },
            ],
          },
        ]}
      />,
      mountedRoutes,
    );
    expect(
      screen.getByText('CloudTrail management events (version 1.0) · 1 region'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('CloudTrail management events (version 2.0) · 1 region'),
    ).toBeInTheDocument();
    // one version, no label
    expect(screen.getByText('VPC Flow Logs · 1 region')).toBeInTheDocument();
  });

  it('lists the regions of a source on hover', async () => {
    await renderInTestApp(
      <AccountsTable accounts={accountList.items} />,
      mountedRoutes,
    );

    await userEvent.hover(
      screen.getByText('CloudTrail management events · 2 regions'),
    );

    expect(
      await screen.findByText('Version 2.0 in us-east-1, eu-west-1'),
    ).toBeInTheDocument();
  });

  it('shows when coverage was last refreshed', async () => {
    await renderInTestApp(
      <AccountsTable
        accounts={accountList.items}
        refreshedAt="2024-05-01T10:00:00.000Z"
      />,
      mountedRoutes,
    );

    expect(
      screen.getByText(
        `Last refreshed ${new Date(
          '2024-05-01T10:00:00.000Z',
        ).toLocaleString()}`,
      ),
    ).toBeInTheDocument();
  });

  it('says so when coverage has not been read yet', async () => {
    await renderInTestApp(
      <AccountsTable accounts={accountList.items} />,
      mountedRoutes,
    );

    expect(
      screen.getByText('Coverage has not been read yet'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Last refreshed/)).not.toBeInTheDocument();
  });

  it('explains the annotation when the teams own no accounts', async () => {
    await renderInTestApp(<AccountsTable accounts={[]} />, mountedRoutes);

    expect(screen.getByText('No AWS accounts')).toBeInTheDocument();
    expect(
      screen.getByText(/Your teams own no AWS accounts in the catalog/),
    ).toBeInTheDocument();
    expect(screen.getByText('amazonaws.com/account-id')).toBeInTheDocument();
  });

  it('shows neither rows nor the empty state while loading', async () => {
    await renderInTestApp(<AccountsTable loading />, mountedRoutes);

    expect(screen.getByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByText('No AWS accounts')).not.toBeInTheDocument();
    expect(screen.queryByText(/Last refreshed/)).not.toBeInTheDocument();
  });
});
