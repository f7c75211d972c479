import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { securityLakeApiRef } from './api';
import { createMockApi, localInfo } from './__testUtils__/fixtures';
import securityLakePlugin from './alpha';

describe('security-lake alpha plugin', () => {
  it('serves the accounts page at /security-lake', async () => {
    const api = createMockApi();
    api.getInfo.mockResolvedValue(localInfo);

    renderTestApp({
      features: [securityLakePlugin],
      apis: [[securityLakeApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: ['/security-lake'],
    });

    expect(await screen.findByText('111122223333')).toBeInTheDocument();
    expect(screen.getByText('Payments production')).toBeInTheDocument();
    expect(screen.getByText('not in catalog')).toBeInTheDocument();
    expect(screen.getByText('Local mode')).toBeInTheDocument();
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

    expect(filter).toBeDefined();
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

  it('provides the page, api and entity card extensions', () => {
    expect(securityLakePlugin.getExtension('page:security-lake')).toBeDefined();
    expect(securityLakePlugin.getExtension('api:security-lake')).toBeDefined();
    expect(
      securityLakePlugin.getExtension('entity-card:security-lake/accounts'),
    ).toBeDefined();
  });
});
