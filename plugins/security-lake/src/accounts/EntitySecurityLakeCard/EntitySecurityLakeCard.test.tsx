import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { accountList, createMockApi } from '../../__testUtils__/fixtures';
import { EntitySecurityLakeCard } from './EntitySecurityLakeCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments', namespace: 'finance' },
  spec: { owner: 'group:default/payments' },
};

describe('EntitySecurityLakeCard', () => {
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
    api.listAccounts.mockResolvedValue({
      ...accountList,
      items: [accountList.items[0]],
    });
  });

  const render = () =>
    renderInTestApp(
      <TestApiProvider apis={[[securityLakeApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntitySecurityLakeCard />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

  it("lists the accounts linked to the entity's ref", async () => {
    await render();

    expect(screen.getByText('Security Lake accounts')).toBeInTheDocument();
    expect(await screen.findByText('111122223333')).toBeInTheDocument();
    expect(api.listAccounts).toHaveBeenCalledWith({
      entityRef: 'system:finance/payments',
    });
    expect(screen.getByText('Payments production')).toBeInTheDocument();
    expect(screen.getByText('eu-west-1')).toBeInTheDocument();
    expect(
      screen.getByText('CloudTrail management events · 2 regions'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `Last refreshed ${new Date(accountList.refreshedAt!).toLocaleString()}`,
      ),
    ).toBeInTheDocument();
  });

  it('explains the annotation when no account is linked', async () => {
    api.listAccounts.mockResolvedValue({ items: [] });

    await render();

    expect(
      await screen.findByText(
        /No AWS accounts you may see are linked to this entity/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('amazonaws.com/account-id')).toBeInTheDocument();
  });

  it('shows an error panel when the accounts cannot be listed', async () => {
    api.listAccounts.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'Denied' },
            request: { method: 'GET', url: '/accounts' },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
      ),
    );

    await render();

    expect(
      await screen.findByText("You can't see this entity's accounts"),
    ).toBeInTheDocument();
    expect(screen.queryByText('111122223333')).not.toBeInTheDocument();
  });
});
