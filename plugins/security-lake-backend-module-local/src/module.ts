import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { securityLakeEnginesExtensionPoint } from '@internal/plugin-security-lake-node';
import { LocalControlPlane } from './controlplane/LocalControlPlane';
import { LocalSubscriberOperations } from './controlplane/LocalSubscriberOperations';
import { DuckDbQueryEngine } from './engine/DuckDbQueryEngine';
import { ensureLocalLake, readLocalLakeConfig } from './localLake';

/**
 * The embedded default for a trial or a demo: DuckDB over a local lake folder and a control plane derived
 * from it, with a generated sample lake. It sets the engine unless `securityLake.engine` asks for another,
 * and the control plane unless `securityLake.controlPlane` does; a production portal leaves it out.
 *
 * @public
 */
export const securityLakeModuleLocal = createBackendModule({
  pluginId: 'security-lake',
  moduleId: 'local',
  register(reg) {
    reg.registerInit({
      deps: {
        engines: securityLakeEnginesExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
      },
      async init({ engines, config, logger, lifecycle, database }) {
        const engineKind = config.getOptionalString('securityLake.engine');
        const controlPlaneKind = config.getOptionalString(
          'securityLake.controlPlane',
        );
        const useEngine = engineKind === undefined || engineKind === 'duckdb';
        const useControlPlane =
          controlPlaneKind === undefined || controlPlaneKind === 'local';
        if (!useEngine && !useControlPlane) {
          logger.info(
            'securityLake.engine and securityLake.controlPlane name other implementations; the local module stays idle',
          );
          return;
        }

        const local = readLocalLakeConfig(config);
        await ensureLocalLake({ ...local, logger });
        if (useEngine) {
          // DuckDB opens on the first query, not here
          const engine = new DuckDbQueryEngine(local);
          lifecycle.addShutdownHook(() => engine.close());
          engines.setQueryEngine(engine);
        }
        if (useControlPlane) {
          engines.setControlPlane(
            new LocalControlPlane({
              lakeDir: local.lakeDir,
              subscribers: new LocalSubscriberOperations({
                database,
                catalogId: local.adminAccountId,
                activationSeconds: local.subscriberActivationSeconds,
              }),
            }),
          );
        }
      },
    });
  },
});
