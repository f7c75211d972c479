import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { accountConflicts, createMockApi } from '../../__testUtils__/fixtures';
import { AccountsPanel } from './AccountsPanel';

describe('AccountsPanel', () => {
  let api: jest.Mocked<SecurityLakeApi>;
  beforeEach(() => {
    api = createMockApi();
  });

  const render = () =>
    renderInTestApp(
      <TestApiProvider apis={[[securityLakeApiRef, api]]}>
        <AccountsPanel />
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

  it('warns a platform owner of an account two teams claim, above the accounts', async () => {
    api.listAccountConflicts.mockResolvedValue(accountConflicts);
    await render();
    const alert = await screen.findByRole('status', {
      name: 'An AWS account is claimed by more than one owner',
    });
    expect(within(alert).getByRole('listitem')).toHaveTextContent(
      '777788889999 is declared by checkout-sandbox (owned by checkout) and payments-sandbox (owned by payments)',
    );
    // the accounts are listed all the same
    expect(await screen.findByText('111122223333')).toBeInTheDocument();
    expect(api.listAccountConflicts).toHaveBeenCalledTimes(1);
  });

  it('shows a team member, told of no conflict, only the accounts', async () => {
    await render();
    expect(await screen.findByText('111122223333')).toBeInTheDocument();
    expect(api.listAccountConflicts).toHaveBeenCalled();
    expect(
      screen.queryByText(/claimed by more than one owner/),
    ).not.toBeInTheDocument();
  });
});
