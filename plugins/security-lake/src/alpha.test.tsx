import { ApiBlueprint, RouteRef } from '@backstage/frontend-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { screen } from '@testing-library/react';
import { SecurityLakeApi, securityLakeApiRef } from './api';
import {
  accountList,
  createMockApi,
  localInfo,
} from './__testUtils__/fixtures';
import securityLakePlugin from './alpha';
import { rootRouteRef } from './routes';

/** An entity extension rendered on the payments system's page, with the given API and mounted routes. */
function renderOnPaymentsSystem(
  extension: Parameters<typeof createExtensionTester>[0],
  api: SecurityLakeApi,
  mountedRoutes?: { [path: string]: RouteRef },
) {
  const element = createExtensionTester(extension, {
    apis: [[securityLakeApiRef, api]],
  }).reactElement();
  return renderInTestApp(
    <EntityProvider
      entity={{
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: 'payments' },
      }}
    >
      {element}
    </EntityProvider>,
    { apis: [[securityLakeApiRef, api]], mountedRoutes },
  );
}

describe('security-lake alpha plugin', () => {
  it('serves the Security Lake page at /security-lake, with an accounts tab', async () => {
    const api = createMockApi();
    api.getInfo.mockResolvedValue(localInfo);

    renderTestApp({
      features: [securityLakePlugin],
      apis: [[securityLakeApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: ['/security-lake?tab=accounts'],
    });

    // the page is a lazy chunk: under a loaded CI machine it takes more than the default second
    expect(
      await screen.findByText('111122223333', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('Payments production')).toBeInTheDocument();
    expect(screen.getByText('not in catalog')).toBeInTheDocument();
    expect(screen.getByText('Local mode')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Accounts' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(api.listAccounts).toHaveBeenCalledWith(undefined);
    expect(screen.getByRole('link', { name: /Security Lake/ })).toHaveAttribute(
      'href',
      '/security-lake',
    );
  });

  it('shows the entity card only where accounts can be linked', () => {
    const card = securityLakePlugin.getExtension(
      'entity-card:security-lake/accounts',
    );
    const filter = createExtensionTester(card).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );

    expect(
      filter!({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'payments' },
      }),
    ).toBe(true);
    expect(
      filter!({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'jane' },
      }),
    ).toBe(false);
  });

  it('adds a "Security Lake queries" tab to the entity pages that can have accounts', () => {
    const content = securityLakePlugin.getExtension(
      'entity-content:security-lake/queries',
    );
    const tester = createExtensionTester(content);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Security Lake queries',
    );
    expect(tester.get(coreExtensionData.routePath)).toBe(
      'security-lake-queries',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(
      filter({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: 'payments' },
      }),
    ).toBe(true);
    expect(
      filter({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'jane' },
      }),
    ).toBe(false);
  });

  it('renders the queries tab for the entity', async () => {
    const api = createMockApi();
    const content = securityLakePlugin.getExtension(
      'entity-content:security-lake/queries',
    );
    renderOnPaymentsSystem(content, api);

    expect(
      await screen.findByText('Runs for this entity', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledWith(
      { entityRef: 'system:default/payments' },
      { limit: 25 },
    );
  });

  it('renders the entity card with the accounts linked to the entity', async () => {
    const api = createMockApi();
    api.listAccounts.mockResolvedValue({
      ...accountList,
      items: [accountList.items[0]],
    });
    const card = securityLakePlugin.getExtension(
      'entity-card:security-lake/accounts',
    );
    renderOnPaymentsSystem(card, api, {
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    });

    expect(
      await screen.findByText('111122223333', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('444455556666')).not.toBeInTheDocument();
    expect(api.listAccounts).toHaveBeenCalledWith({
      entityRef: 'system:default/payments',
    });
  });

  it('adds a "Security Lake findings" tab to the entity pages that can have accounts, showing their findings', async () => {
    const content = securityLakePlugin.getExtension(
      'entity-content:security-lake/findings',
    );
    const tester = createExtensionTester(content);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Security Lake findings',
    );
    expect(tester.get(coreExtensionData.routePath)).toBe(
      'security-lake-findings',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(
      filter({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'jane' },
      }),
    ).toBe(false);

    const api = createMockApi();
    renderOnPaymentsSystem(content, api);
    expect(
      await screen.findByText(
        'S3 general purpose buckets should block public access',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(api.listFindings).toHaveBeenCalledWith(
      { windowDays: 7, entityRef: 'system:default/payments', limit: 50 },
      { waitSeconds: 2 },
    );
  });

  it("renders the findings card with links to the page's findings of each severity", async () => {
    const api = createMockApi();
    const card = securityLakePlugin.getExtension(
      'entity-card:security-lake/findings',
    );
    const filter = createExtensionTester(card).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(
      filter!({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'payments' },
      }),
    ).toBe(true);
    renderOnPaymentsSystem(card, api, { '/security-lake': rootRouteRef });

    expect(
      await screen.findByRole(
        'link',
        { name: '2 Critical findings' },
        { timeout: 10_000 },
      ),
    ).toHaveAttribute(
      'href',
      '/security-lake?tab=findings&severity=Critical&entityRef=system%3Adefault%2Fpayments',
    );
  });

  it('provides a client that calls the security-lake backend', async () => {
    const factory = createExtensionTester(
      securityLakePlugin.getExtension('api:security-lake'),
    ).get(ApiBlueprint.dataRefs.factory);
    expect(factory.api).toBe(securityLakeApiRef);

    const fetch = jest.fn(
      async (_url: string) => new Response(JSON.stringify(localInfo)),
    );
    const client = factory.factory({
      discoveryApi: {
        getBaseUrl: async (pluginId: string) =>
          `http://backend/api/${pluginId}`,
      },
      fetchApi: { fetch },
    }) as SecurityLakeApi;

    await expect(client.getInfo()).resolves.toEqual(localInfo);
    expect(fetch).toHaveBeenCalledWith('http://backend/api/security-lake/info');
  });
});
