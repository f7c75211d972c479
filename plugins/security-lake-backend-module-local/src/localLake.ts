import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';
import { generateLake } from './lake/generateLake';

/** Where the local lake and the local engine's results live, from `securityLake.local`. */
export function readLocalLakeConfig(config: RootConfigService) {
  const local = config.getOptionalConfig('securityLake.local');
  const lakeDir = path.resolve(
    local?.getOptionalString('lakeDir') ?? 'local-lake',
  );
  return {
    lakeDir,
    resultsDir: path.resolve(
      local?.getOptionalString('resultsDir') ??
        path.join(lakeDir, '..', 'local-lake-results'),
    ),
    generateIfMissing: local?.getOptionalBoolean('generateIfMissing') ?? true,
    memoryLimit: local?.getOptionalString('memoryLimit'),
    threads: local?.getOptionalNumber('threads'),
    queryTimeoutSeconds: local?.getOptionalNumber('queryTimeoutSeconds'),
  };
}

/**
 * Generates the sample lake on first start, so a fresh checkout shows data.
 */
export async function ensureLocalLake(options: {
  lakeDir: string;
  generateIfMissing: boolean;
  logger: LoggerService;
}) {
  const { lakeDir, logger } = options;
  if (fs.existsSync(path.join(lakeDir, 'aws'))) {
    return;
  }
  if (!options.generateIfMissing) {
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
