import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  QueryEngine,
  securityLakeEnginesExtensionPoint,
} from '@internal/plugin-security-lake-node';
import { securityLakePlugin } from '../plugin';
import { FakeLake, fakeControlPlane } from './fakeLake';
import { portalPermissions, portalUserInfo } from './portal';

/**
 * The plugin in a test backend: a fake lake's control plane, the given engine, the catalog's entities, the
 * default policy and the tests' organisation, an auditor to look at, and the coverage refresh run once.
 * `securityLake` is the plugin's config; `knex` a database two portals can share.
 */
export async function startPortal(options: {
  engine: QueryEngine;
  lake: FakeLake;
  entities: Entity[];
  securityLake?: object;
  knex?: Parameters<typeof mockServices.database.factory>[0];
}) {
  let refresh: () => Promise<void> = async () => {};
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: jest.fn(async task => {
      // the coverage refresh, not the other scheduled tasks
      if (task.id !== 'security-lake-coverage-refresh') return;
      refresh = async () => task.fn(new AbortController().signal);
    }),
  });
  const auditor = mockServices.auditor.mock();
  const engines = createBackendModule({
    pluginId: 'security-lake',
    moduleId: 'test-engines',
    register(reg) {
      reg.registerInit({
        deps: { engines: securityLakeEnginesExtensionPoint },
        async init({ engines: e }) {
          e.setQueryEngine(options.engine);
          e.setControlPlane(fakeControlPlane(options.lake));
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      securityLakePlugin,
      engines,
      catalogServiceMock.factory({ entities: options.entities }),
      scheduler.factory,
      portalPermissions().factory,
      portalUserInfo().factory,
      auditor.factory,
      mockServices.rootConfig.factory({
        data: { securityLake: options.securityLake ?? {} },
      }),
      ...(options.knex ? [mockServices.database.factory(options.knex)] : []),
    ],
  });
  await refresh();
  return {
    backend,
    server: backend.server,
    auditor,
    stop: () => backend.stop(),
  };
}
