import {
  BackendFeature,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { Entity } from '@backstage/catalog-model';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  QueryEngine,
  securityLakeEnginesExtensionPoint,
  SubscriberOperations,
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
  /** The control plane's subscriber operations. */
  subscribers?: SubscriberOperations;
  /** The catalog reads `entities` anew on every call, so a test may change them (set `catalog.cacheSeconds: 0`). */
  liveCatalog?: boolean;
  /** More features, such as a module that adds library queries. */
  features?: BackendFeature[];
  /** The permission service; `portalPermissions()`, the default policy, when unset. */
  permissions?: ReturnType<typeof portalPermissions>;
}) {
  const notifications = {
    send: jest.fn(async (_: NotificationSendOptions) => {}),
  };
  let refresh: () => Promise<void> = async () => {};
  const tasks = new Map<string, () => Promise<void> | void>();
  const local = new Set<string>();
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: jest.fn(async task => {
      tasks.set(task.id, () => task.fn(new AbortController().signal));
      if (task.scope === 'local') local.add(task.id);
      // the coverage refresh runs once at start; the other tasks when a test runs them
      if (task.id !== 'security-lake-coverage-refresh') return;
      refresh = async () => task.fn(new AbortController().signal);
    }),
    // a replica's own task (the findings refresh) starts when triggered, as the scheduler's local worker
    // does, and the trigger returns at once
    triggerTask: jest.fn(async (id: string) => {
      if (!local.has(id)) return;
      Promise.resolve(tasks.get(id)?.()).catch(() => undefined);
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
          e.setControlPlane(
            fakeControlPlane(options.lake, options.subscribers),
          );
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      securityLakePlugin,
      engines,
      ...(options.features ?? []),
      options.liveCatalog
        ? createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () =>
              new Proxy({} as InMemoryCatalogClient, {
                // not a promise: only the client's methods, each on the entities as they are now
                get: (_, method) =>
                  method === 'then'
                    ? undefined
                    : (...args: unknown[]) =>
                        (
                          new InMemoryCatalogClient({
                            entities: options.entities,
                          }) as any
                        )[method](...args),
              }),
          })
        : catalogServiceMock.factory({ entities: options.entities }),
      scheduler.factory,
      (options.permissions ?? portalPermissions()).factory,
      portalUserInfo().factory,
      auditor.factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => notifications,
      }),
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
    scheduler,
    notifications,
    /** Runs a scheduled task (e.g. `security-lake-subscriber-provisioning`) now. */
    runTask: async (id: string) => {
      const task = tasks.get(id);
      if (!task) throw new Error(`No task ${id} was scheduled`);
      await task();
    },
    stop: () => backend.stop(),
  };
}
