import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { accountList, createMockApi } from '../../__testUtils__/fixtures';
import { EntityQueriesContent } from './EntityQueriesContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments', namespace: 'finance' },
  spec: { owner: 'group:default/payments' },
};

describe('EntityQueriesContent', () => {
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
    // the entity has one of the two accounts that collect CloudTrail
    api.listAccounts.mockResolvedValue({
      ...accountList,
      items: [accountList.items[0]],
    });
  });

  const render = (search = '') =>
    renderInTestApp(
      <TestApiProvider apis={[[securityLakeApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityQueriesContent />
        </EntityProvider>
      </TestApiProvider>,
      {
        routeEntries: [
          `/catalog/finance/system/payments/security-lake-queries${search}`,
        ],
      },
    );

  it("shows the library and the runs started from the entity's page", async () => {
    await render();
    expect(await screen.findByText('Runs for this entity')).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledWith(
      { entityRef: 'system:finance/payments' },
      { limit: 25 },
    );
    expect(
      await screen.findByRole('link', { name: 'IAM changes' }),
    ).toHaveAttribute(
      'href',
      '/catalog/finance/system/payments/security-lake-queries?query=iam-changes',
    );
  });

  it("runs a query for the entity's accounts only, and records the entity", async () => {
    await render('?query=iam-changes');
    const principal = await screen.findByRole('textbox', { name: /Principal/ });
    expect(api.listAccounts).toHaveBeenCalledWith({
      entityRef: 'system:finance/payments',
    });
    expect(
      screen.getByRole('button', {
        name: '111122223333 · Payments production',
      }),
    ).toBeInTheDocument();
    // collects CloudTrail too, but belongs to another entity
    await userEvent.click(screen.getByRole('textbox', { name: /Accounts/ }));
    expect(
      screen.queryByRole('option', { name: /444455556666/ }),
    ).not.toBeInTheDocument();
    await userEvent.keyboard('{Escape}');

    await userEvent.type(principal, 'deploy-bot{Enter}');
    await waitFor(() => expect(api.startRun).toHaveBeenCalledTimes(1));
    expect(api.startRun.mock.calls[0][0]).toMatchObject({
      queryId: 'iam-changes',
      accountIds: ['111122223333'],
      entityRef: 'system:finance/payments',
    });
    expect(api.listRuns).toHaveBeenCalledWith(
      { queryId: 'iam-changes', entityRef: 'system:finance/payments' },
      { limit: 25 },
    );
  });

  it("explains when none of the entity's accounts collects the query's source", async () => {
    api.listAccounts.mockResolvedValue({ ...accountList, items: [] });
    await render('?query=iam-changes');
    expect(
      await screen.findByText(
        /None of this entity’s AWS accounts that you may query collects CloudTrail management events/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Run' }),
    ).not.toBeInTheDocument();
  });
});
