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
    // security-tooling, the delegated administrator of the sample lake
    adminAccountId:
      local?.getOptionalString('adminAccountId') ?? '555555555555',
    subscriberActivationSeconds: local?.getOptionalNumber(
      'subscriberActivationSeconds',
    ),
    namedQueries: (local?.getOptionalConfigArray('namedQueries') ?? []).map(
      (q, i) => ({
        id: `local-${i + 1}`,
        name: q.getString('name'),
        description: q.getOptionalString('description'),
        database: q.getOptionalString('database'),
        workGroup: 'local',
        sql: q.getString('sql'),
      }),
    ),
  };
}

const LOCK_STALE_MS = 10 * 60_000;
const LOCK_POLL_MS = 250;

/** Written beside a lake this module generated; a lake without it is someone else's and never replaced. */
const MARKER = '.sample-lake.json';

/**
 * The shape of the sample data; a lake written by an older generator (fewer sources, older columns) is
 * written again.
 */
// 3: the EC2 instances a finding names are the ones in the flows, DNS lookups and API calls
const GENERATION = 3;

function today(now: Date) {
  return now.toISOString().slice(0, 10);
}

/**
 * A lake is current when it exists and, if this module generated it, was generated today by this
 * generation of the generator: the sample data ends on its generation day, so yesterday's lake would show
 * every account as stale.
 */
function hasCurrentLake(lakeDir: string, now: Date) {
  if (!fs.existsSync(path.join(lakeDir, 'aws'))) return false;
  const marker = path.join(lakeDir, MARKER);
  if (!fs.existsSync(marker)) return true;
  try {
    const { generatedOn, generation } = JSON.parse(
      fs.readFileSync(marker, 'utf8'),
    );
    return generatedOn === today(now) && generation === GENERATION;
  } catch {
    return false;
  }
}

/**
 * Generates the sample lake on first start, so a fresh checkout shows data, and again on the first start of
 * a later day, so the demo's freshness stays true. Replicas sharing the folder
 * take turns through a lock folder (created atomically by `mkdir`): one writes the lake into a staging
 * folder and renames it into place, the others wait for it. A lock older than ten minutes belongs to a
 * replica that died, and is taken over.
 */
export async function ensureLocalLake(options: {
  lakeDir: string;
  generateIfMissing: boolean;
  logger: LoggerService;
  generate?: typeof generateLake;
  now?: () => Date;
}) {
  const { lakeDir, logger } = options;
  const now = options.now ?? (() => new Date());
  if (hasCurrentLake(lakeDir, now())) {
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
    if (hasCurrentLake(lakeDir, now())) return;
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
  const old = `${lakeDir}.old-${process.pid}`;
  try {
    if (hasCurrentLake(lakeDir, now())) return;
    logger.info(
      fs.existsSync(path.join(lakeDir, MARKER))
        ? `The sample Security Lake in ${lakeDir} ends on an earlier day; writing today's`
        : `Generating the sample Security Lake in ${lakeDir} (first start only)`,
    );
    const started = Date.now();
    fs.rmSync(staging, { recursive: true, force: true });
    const result = await (options.generate ?? generateLake)({
      lakeDir: staging,
      endDate: now(),
    });
    fs.writeFileSync(
      path.join(staging, MARKER),
      `${JSON.stringify({
        generatedOn: today(now()),
        generation: GENERATION,
      })}\n`,
    );
    fs.mkdirSync(lakeDir, { recursive: true });
    // an earlier day's lake moves aside first, `aws/` first of all, and the new one moves in with `aws/`
    // last, so readers see no lake or a whole one
    const entries = fs.readdirSync(staging).filter(e => e !== 'aws');
    fs.mkdirSync(old, { recursive: true });
    for (const entry of ['aws', ...entries]) {
      if (fs.existsSync(path.join(lakeDir, entry))) {
        fs.renameSync(path.join(lakeDir, entry), path.join(old, entry));
      }
    }
    for (const entry of [...entries, 'aws']) {
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
    fs.rmSync(old, { recursive: true, force: true });
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
