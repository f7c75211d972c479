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

const LOCK_STALE_MS = 10 * 60_000;
const LOCK_POLL_MS = 250;

function hasLake(lakeDir: string) {
  return fs.existsSync(path.join(lakeDir, 'aws'));
}

/**
 * Generates the sample lake on first start, so a fresh checkout shows data. Replicas sharing the folder
 * take turns through a lock folder (created atomically by `mkdir`): one writes the lake into a staging
 * folder and renames it into place, the others wait for it. A lock older than ten minutes belongs to a
 * replica that died, and is taken over.
 */
export async function ensureLocalLake(options: {
  lakeDir: string;
  generateIfMissing: boolean;
  logger: LoggerService;
  generate?: typeof generateLake;
}) {
  const { lakeDir, logger } = options;
  if (hasLake(lakeDir)) {
    return;
  }
  if (!options.generateIfMissing) {
    logger.warn(
      `No sample lake at ${lakeDir}; the local engine will find no tables`,
    );
    return;
  }
  fs.mkdirSync(path.dirname(lakeDir), { recursive: true });
  const lock = `${lakeDir}.lock`;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (hasLake(lakeDir)) return;
    const lockedAt = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
    const age = lockedAt === undefined ? 0 : Date.now() - lockedAt;
    if (age > LOCK_STALE_MS) {
      logger.warn(`Taking over the stale sample lake lock ${lock}`);
      fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    await new Promise(resolve => setTimeout(resolve, LOCK_POLL_MS));
  }

  const staging = `${lakeDir}.staging-${process.pid}`;
  try {
    if (hasLake(lakeDir)) return;
    logger.info(
      `Generating the sample Security Lake in ${lakeDir} (first start only)`,
    );
    const started = Date.now();
    fs.rmSync(staging, { recursive: true, force: true });
    const result = await (options.generate ?? generateLake)({
      lakeDir: staging,
    });
    fs.mkdirSync(lakeDir, { recursive: true });
    // `aws/` moves last, in one rename: readers see no lake or a whole one
    for (const entry of fs
      .readdirSync(staging)
      .sort(a => (a === 'aws' ? 1 : -1))) {
      fs.renameSync(path.join(staging, entry), path.join(lakeDir, entry));
    }
    logger.info(
      `Generated ${Object.values(result.rows).reduce(
        (a, b) => a + b,
        0,
      )} events for ${result.accounts} accounts, ${result.firstDay}-${
        result.lastDay
      }, in ${Date.now() - started} ms`,
    );
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
