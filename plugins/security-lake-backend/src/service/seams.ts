import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { SecurityLakeInfo } from '@internal/plugin-security-lake-common';
import fs from 'node:fs';
import path from 'node:path';
import { AwsControlPlane } from '../controlplane/AwsControlPlane';
import { ControlPlane } from '../controlplane/ControlPlane';
import { LocalControlPlane } from '../controlplane/LocalControlPlane';
import { AthenaQueryEngine } from '../engine/AthenaQueryEngine';
import { DuckDbQueryEngine } from '../engine/DuckDbQueryEngine';
import { QueryEngine } from '../engine/QueryEngine';
import { generateLake } from '../lake/generateLake';

/** @internal */
export interface SecurityLakeSeams {
  engine: QueryEngine;
  controlPlane: ControlPlane;
  info: SecurityLakeInfo;
}

/**
 * Builds the query engine and control plane that configuration asks for. The local ones share a lake
 * folder, which is generated on first start so a fresh checkout shows data.
 *
 * @internal
 */
export async function createSecurityLakeSeams(options: {
  config: Config;
  logger: LoggerService;
}): Promise<SecurityLakeSeams> {
  const { config, logger } = options;
  const engineKind =
    config.getOptionalString('securityLake.engine') ?? 'duckdb';
  const controlPlaneKind =
    config.getOptionalString('securityLake.controlPlane') ?? 'local';
  if (engineKind !== 'duckdb' && engineKind !== 'athena') {
    throw new Error(
      `securityLake.engine must be duckdb or athena, not '${engineKind}'`,
    );
  }
  if (controlPlaneKind !== 'local' && controlPlaneKind !== 'aws') {
    throw new Error(
      `securityLake.controlPlane must be local or aws, not '${controlPlaneKind}'`,
    );
  }

  const lakeDir = path.resolve(
    config.getOptionalString('securityLake.local.lakeDir') ?? 'local-lake',
  );
  if (engineKind === 'duckdb' || controlPlaneKind === 'local') {
    await ensureLocalLake(config, lakeDir, logger);
  }

  const engine: QueryEngine =
    engineKind === 'athena'
      ? await AthenaQueryEngine.fromConfig(config)
      : await DuckDbQueryEngine.create({
          lakeDir,
          resultsDir: path.resolve(
            config.getOptionalString('securityLake.local.resultsDir') ??
              path.join(lakeDir, '..', 'local-lake-results'),
          ),
        });
  const controlPlane: ControlPlane =
    controlPlaneKind === 'aws'
      ? AwsControlPlane.fromConfig(config)
      : new LocalControlPlane({ lakeDir });

  logger.info(
    `Security Lake: ${engineKind} query engine, ${controlPlaneKind} control plane`,
  );
  return {
    engine,
    controlPlane,
    info: {
      engine: engineKind,
      controlPlane: controlPlaneKind,
      localMode: engineKind === 'duckdb' && controlPlaneKind === 'local',
    },
  };
}

async function ensureLocalLake(
  config: Config,
  lakeDir: string,
  logger: LoggerService,
) {
  if (fs.existsSync(path.join(lakeDir, 'aws'))) {
    return;
  }
  if (
    config.getOptionalBoolean('securityLake.local.generateIfMissing') === false
  ) {
    logger.warn(
      `No sample lake at ${lakeDir}; the local engine will find no tables`,
    );
    return;
  }
  logger.info(
    `Generating the sample Security Lake in ${lakeDir} (first start only)`,
  );
  const started = Date.now();
  const result = await generateLake({ lakeDir });
  logger.info(
    `Generated ${Object.values(result.rows).reduce(
      (a, b) => a + b,
      0,
    )} events for ${result.accounts} accounts, ${result.firstDay}-${
      result.lastDay
    }, in ${Date.now() - started} ms`,
  );
}
