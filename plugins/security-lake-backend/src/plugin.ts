import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { securityLakePermissions } from '@internal/plugin-security-lake-common';
import {
  securityLakeEnginesExtensionPoint,
  securityLakeQueryLibraryExtensionPoint,
} from '@internal/plugin-security-lake-node';
import { AccountsService } from './accounts/AccountsService';
import { registerActions } from './actions';
import { ActionRegistrar } from './actions/ActionRegistrar';
import { DatabaseCoverageStore } from './coverage/DatabaseCoverageStore';
import { readCoverageSettings } from './coverage/settings';
import { setUpCoverage } from './coverage/setUpCoverage';
import { migrateSecurityLakeDatabase } from './database/migrateSecurityLakeDatabase';
import { readFindingsSettings } from './findings/settings';
import { setUpFindings } from './findings/setUpFindings';
import { QueryLibrary } from './queries/library/QueryLibrary';
import { readQuerySettings } from './queries/settings';
import { setUpQueries } from './queries/setUpQueries';
import { createRouter } from './router';
import { setUpRuns } from './runs/setUpRuns';
import { readScopeSettings } from './scope/settings';
import { setUpScope } from './scope/setUpScope';
import { moduleSeams } from './seams/moduleSeams';
import { resolveSeams } from './seams/resolveSeams';
import { readSubscriberSettings } from './subscribers/settings';
import { setUpSubscribers } from './subscribers/setUpSubscribers';

/**
 * The security-lake backend plugin. Only wiring: each capability and shared folder sets itself up from its
 * settings, read once each, and the root router mounts every capability's routes.
 *
 * @public
 */
export const securityLakePlugin = createBackendPlugin({
  pluginId: 'security-lake',
  register(env) {
    const seamsOfModules = moduleSeams();
    env.registerExtensionPoint(
      securityLakeEnginesExtensionPoint,
      seamsOfModules.extensionPoint,
    );
    const library = new QueryLibrary();
    env.registerExtensionPoint(
      securityLakeQueryLibraryExtensionPoint,
      library.extensionPoint,
    );

    env.registerInit({
      deps: {
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, httpRouter, httpAuth, auditor, scheduler } =
          deps;
        const seams = resolveSeams({
          config,
          logger,
          ...seamsOfModules.fromModules,
        });
        const settings = {
          scope: readScopeSettings(config),
          coverage: readCoverageSettings(config),
          queries: readQuerySettings(config, seams.engine),
          findings: readFindingsSettings(config),
          subscribers: readSubscriberSettings(config),
        };
        // one migration pass for every capability's store
        const db = await migrateSecurityLakeDatabase(deps.database);
        // the lake inventory: coverage writes it, the other capabilities read it
        const inventory = new DatabaseCoverageStore(db);

        deps.permissionsRegistry.addPermissions(securityLakePermissions);
        const { scope, directory } = setUpScope({
          ...deps,
          lakeAccounts: inventory,
          settings: settings.scope,
        });
        const coverage = await setUpCoverage({
          ...deps,
          ...seams,
          store: inventory,
          scope,
          settings: settings.coverage,
        });
        const runs = await setUpRuns({
          ...deps,
          db,
          engine: seams.engine,
          scope,
          settings: settings.queries,
        });
        const queries = setUpQueries({
          ...deps,
          db,
          library,
          scope,
          inventory,
          runs,
          engineGrammar: seams.engine.grammar,
          limits: settings.queries.limits,
        });
        const findings = await setUpFindings({
          ...deps,
          db,
          engine: seams.engine,
          scope,
          inventory,
          runs,
          settings: settings.findings,
        });
        const subscribers = await setUpSubscribers({
          ...deps,
          db,
          controlPlane: seams.controlPlane,
          scope,
          directory,
          settings: settings.subscribers,
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            info: seams.info,
            accounts: new AccountsService({ scope, inventory }),
            coverage: {
              httpAuth,
              permissions: deps.permissions,
              auditor,
              scheduler,
              coverage,
              store: inventory,
            },
            queries: { httpAuth, auditor, runs, ...queries },
            subscribers: { httpAuth, subscribers },
            // context runs are library runs, through the same door as POST /runs
            findings: { httpAuth, auditor, findings, runs: queries.submitter },
          }),
        );
        // the same services again, as actions an assistant calls for the user it acts for
        registerActions(
          new ActionRegistrar({
            registry: deps.actionsRegistry,
            auth: deps.auth,
            auditor,
            // relative links when the frontend's address is not configured
            appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
          }),
          {
            coverage: { coverage },
            findings: { findings, auditor, runs: queries.submitter },
            queries: { auditor, runs, ...queries },
          },
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // the CSV download is a plain link the browser follows with the user cookie; nothing else takes it
        httpRouter.addAuthPolicy({
          path: '/runs/:runId/results.csv',
          allow: 'user-cookie',
        });
      },
    });
  },
});
