import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  securityLakeAccountPermissions,
  securityLakePermissions,
} from '@internal/plugin-security-lake-common';
import {
  ControlPlane,
  QueryEngine,
  securityLakeEnginesExtensionPoint,
  trinoSqlGrammar,
} from '@internal/plugin-security-lake-node';
import { readAccountEntityFilters } from './scope/accountEntities';
import { AccountDirectory } from './scope/AccountDirectory';
import { AccountScope } from './scope/AccountScope';
import { AccountsService } from './accounts/AccountsService';
import {
  CoverageRefresher,
  readCoverageSettings,
} from './coverage/CoverageRefresher';
import { CoverageService } from './coverage/CoverageService';
import { DatabaseCoverageStore } from './coverage/DatabaseCoverageStore';
import {
  securityLakeAccountResourceRef,
  securityLakeAccountRules,
} from './permissions/rules';
import { FindingsRefresher } from './findings/FindingsRefresher';
import { FindingsService } from './findings/FindingsService';
import { FindingsStore } from './findings/FindingsStore';
import { readFindingsSettings } from './findings/settings';
import { AdhocSql } from './queries/adhoc/scopeAdhocSql';
import { TeamQueryService } from './queries/team/TeamQueryService';
import { TeamQueryStore } from './queries/team/TeamQueryStore';
import { AdhocService } from './queries/adhoc/AdhocService';
import { LibraryService } from './queries/library/LibraryService';
import { QueryRuns } from './queries/QueryRuns';
import { RunRequestChecks } from './queries/RunRequestChecks';
import { readQuerySettings } from './queries/settings';
import { RunBroker } from './runs/RunBroker';
import { RunCleaner } from './runs/RunCleaner';
import { RunService } from './runs/RunService';
import { RunStore } from './runs/RunStore';
import { resolveSeams } from './seams/resolveSeams';
import { migrateSecurityLakeDatabase } from './database/migrateSecurityLakeDatabase';
import { createRouter } from './router';
import { setUpSubscribers } from './subscribers/setUpSubscribers';

/**
 * The security-lake backend plugin.
 *
 * @public
 */
export const securityLakePlugin = createBackendPlugin({
  pluginId: 'security-lake',
  register(env) {
    const fromModules: { engine?: QueryEngine; controlPlane?: ControlPlane } =
      {};
    env.registerExtensionPoint(securityLakeEnginesExtensionPoint, {
      setQueryEngine(engine) {
        if (fromModules.engine) {
          throw new Error(
            `Two modules set the Security Lake query engine (${fromModules.engine.kind} and ${engine.kind}); install one`,
          );
        }
        fromModules.engine = engine;
      },
      setControlPlane(controlPlane) {
        if (fromModules.controlPlane) {
          throw new Error(
            `Two modules set the Security Lake control plane (${fromModules.controlPlane.kind} and ${controlPlane.kind}); install one`,
          );
        }
        fromModules.controlPlane = controlPlane;
      },
    });

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
      },
      async init(deps) {
        const { config, logger, httpRouter } = deps;
        const seams = resolveSeams({ config, logger, ...fromModules });
        // one migration pass for every capability's store
        const db = await migrateSecurityLakeDatabase(deps.database);
        const coverageStore = new DatabaseCoverageStore(db);
        const directory = new AccountDirectory({
          catalog: deps.catalog,
          auth: deps.auth,
          accountEntities: readAccountEntityFilters(config),
          logger,
          cacheTtlMs:
            (config.getOptionalNumber('securityLake.catalog.cacheSeconds') ??
              60) * 1000,
        });

        deps.permissionsRegistry.addPermissions(securityLakePermissions);
        deps.permissionsRegistry.addResourceType({
          resourceRef: securityLakeAccountResourceRef,
          permissions: securityLakeAccountPermissions,
          rules: Object.values(securityLakeAccountRules),
          getResources: async accountIds => {
            const accounts = new Map(
              (await directory.getAccounts(accountIds)).map(a => [
                a.accountId,
                a,
              ]),
            );
            return accountIds.map(id => accounts.get(id));
          },
        });

        await new CoverageRefresher({
          controlPlane: seams.controlPlane,
          engine: seams.engine,
          store: coverageStore,
          logger,
          settings: readCoverageSettings(config),
        }).schedule(deps.scheduler, config);

        const scope = new AccountScope({
          directory,
          lakeAccounts: coverageStore,
          permissions: deps.permissions,
          rules: deps.permissionsRegistry.getPermissionRuleset(
            securityLakeAccountResourceRef,
          ),
        });
        const querySettings = readQuerySettings(config, seams.engine);
        const runStore = new RunStore(db);
        const broker = new RunBroker({
          engine: seams.engine,
          store: runStore,
          logger,
          settings: querySettings.broker,
        });
        broker.start();
        deps.lifecycle.addShutdownHook(() => broker.stop());
        await new RunCleaner({
          store: runStore,
          engine: seams.engine,
          logger,
          keepRunsDays: querySettings.keepRunsDays,
        }).schedule(deps.scheduler, config);

        const runs = new RunService({
          scope,
          store: runStore,
          broker,
          userInfo: deps.userInfo,
          settings: querySettings.runs,
        });
        const adhocSql = new AdhocSql(trinoSqlGrammar, seams.engine.grammar);
        const checks = new RunRequestChecks({
          scope,
          limits: querySettings.limits,
        });
        const library = new LibraryService({
          scope,
          inventory: coverageStore,
          checks,
          runs,
        });
        const adhoc = new AdhocService({
          permissions: deps.permissions,
          adhoc: adhocSql,
          inventory: coverageStore,
          checks,
          runs,
        });
        const submitter = new QueryRuns({ library, adhoc });
        const findingsSettings = readFindingsSettings(config);
        const findingsStore = new FindingsStore(db);
        const findingsRefresher = new FindingsRefresher({
          store: findingsStore,
          runs,
          engine: seams.engine,
          logger,
          settings: findingsSettings,
        });
        await findingsRefresher.schedule(deps.scheduler);
        const subscribers = await setUpSubscribers({
          ...deps,
          db,
          controlPlane: seams.controlPlane,
          scope,
          directory,
        });
        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            info: seams.info,
            accounts: new AccountsService({ scope, inventory: coverageStore }),
            coverage: {
              httpAuth: deps.httpAuth,
              permissions: deps.permissions,
              auditor: deps.auditor,
              scheduler: deps.scheduler,
              coverage: new CoverageService({ scope, store: coverageStore }),
              store: coverageStore,
            },
            queries: {
              httpAuth: deps.httpAuth,
              auditor: deps.auditor,
              library,
              adhoc,
              submitter,
              runs,
              teamQueries: new TeamQueryService({
                store: new TeamQueryStore(db),
                scope,
                userInfo: deps.userInfo,
                permissions: deps.permissions,
                adhoc: adhocSql,
              }),
            },
            subscribers: { httpAuth: deps.httpAuth, subscribers },
            findings: {
              httpAuth: deps.httpAuth,
              auditor: deps.auditor,
              runs: submitter,
              findings: new FindingsService({
                scope,
                store: findingsStore,
                runs,
                refresher: findingsRefresher,
                inventory: coverageStore,
                settings: findingsSettings,
              }),
            },
          }),
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
