import { DuckDBInstance } from '@duckdb/node-api';
import {
  SecurityLakeSourceName,
  SecurityLakeSourceVersion,
  securityLakePartitionPrefix,
} from '@internal/plugin-security-lake-common';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEMO_ACCOUNTS,
  DEMO_CUSTOM_SOURCES,
  demoControlPlaneState,
  GENERATED_SOURCES,
  LAKE_REGIONS,
  LakeAccountPlan,
} from './demoAccounts';
import { hiveToDuckDbType } from './duckdbTypes';
import {
  EventContext,
  FindingSeed,
  Random,
  cloudTrailEvent,
  eksAuditEvent,
  lambdaExecutionEvent,
  newFindingSeed,
  OKTA_SIGN_IN_COLUMNS,
  oktaSignInEvent,
  route53Event,
  s3DataEvent,
  securityHubFinding,
  seededRandom,
  toCloudTrailV1,
  vpcFlowEvent,
  wafEvent,
} from './events';
import { TableColumns, V1_TABLE_COLUMNS, V2_TABLE_COLUMNS } from './schemas';

/** @public */
export interface GenerateLakeOptions {
  /**
   * Folder that plays the Security Lake bucket; `aws/<SOURCE>/<version>/...` is written below it (`2.0`,
   * or `1.0` for the sources an account still has in source version 1).
   */
  lakeDir: string;
  /** Seed of the generator; the same seed and end day give the same lake. Default 42. */
  seed?: number;
  /** Last day with data (UTC). Default: today. */
  endDate?: Date;
  /** Days of data up to and including the end day. Default 30. */
  days?: number;
  /** Accounts beyond the demo organisation's, for benchmarks. Default 0. */
  extraAccounts?: number;
  /** Events per source, account, region and day (findings are a fifth of it). Default 12. */
  eventsPerDay?: number;
  /** New Security Hub findings per account, region and day. Default a fifth of `eventsPerDay`. */
  findingsPerDay?: number;
  /** The chance a finding is resolved on a given day; until then it is reported again daily. Default 0.08. */
  findingResolveRate?: number;
}

/** @public */
export interface GenerateLakeResult {
  accounts: number;
  rows: Record<string, number>;
  firstDay: string;
  lastDay: string;
}

const DAY_MS = 86_400_000;

const EVENT_BUILDERS: Partial<
  Record<SecurityLakeSourceName, (ctx: EventContext) => object>
> = {
  CLOUD_TRAIL_MGMT: cloudTrailEvent,
  VPC_FLOW: vpcFlowEvent,
  ROUTE53: route53Event,
  S3_DATA: s3DataEvent,
  WAF: wafEvent,
  LAMBDA_EXECUTION: lambdaExecutionEvent,
  EKS_AUDIT: eksAuditEvent,
};

/** Builders of the source version 1 shape, for the sources the generator can write in it. */
const V1_EVENT_BUILDERS: Partial<
  Record<SecurityLakeSourceName, (ctx: EventContext) => object>
> = {
  CLOUD_TRAIL_MGMT: ctx => toCloudTrailV1(cloudTrailEvent(ctx)),
};

/** The staging key of a native source's table: `<SOURCE>@<version>`. */
function tableKey(
  source: SecurityLakeSourceName,
  version: SecurityLakeSourceVersion,
): string {
  return `${source}@${version}`;
}

function eventDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}

/** Extra accounts for scale: deterministic ids and a spread of regions and sources. */
function extraAccountPlans(count: number, random: Random): LakeAccountPlan[] {
  const plans: LakeAccountPlan[] = [];
  for (let i = 0; i < count; i++) {
    const regionCount = 1 + Math.floor(random() * LAKE_REGIONS.length);
    plans.push({
      accountId: String(800000000000 + i).padStart(12, '0'),
      regions: LAKE_REGIONS.slice(0, regionCount),
      sources: GENERATED_SOURCES.filter((_, j) => j === 0 || random() < 0.8),
      staleDays: random() < 0.05 ? 3 + Math.floor(random() * 10) : undefined,
    });
  }
  return plans;
}

/**
 * Writes a deterministic sample Security Lake: OCSF source version 2 parquet in the Security Lake S3
 * layout, for the demo organisation's accounts plus any number of extra ones. An account may keep a source
 * in source version 1 (OCSF 1.0.0-rc.2), as the log-archive account does with CloudTrail.
 *
 * @public
 */
export async function generateLake(
  options: GenerateLakeOptions,
): Promise<GenerateLakeResult> {
  const seed = options.seed ?? 42;
  const days = options.days ?? 30;
  const perDay = options.eventsPerDay ?? 12;
  const resolveRate = options.findingResolveRate ?? 0.08;
  const end = options.endDate ?? new Date();
  const endDay = Date.UTC(
    end.getUTCFullYear(),
    end.getUTCMonth(),
    end.getUTCDate(),
  );
  const firstDay = endDay - (days - 1) * DAY_MS;
  const random = seededRandom(seed);
  const accounts = [
    ...DEMO_ACCOUNTS,
    ...extraAccountPlans(options.extraAccounts ?? 0, random),
  ];

  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'security-lake-gen-'));
  // keyed by native source name, or `ext:<name>` for a custom source
  const files = new Map<string, fs.WriteStream>();
  const rows: Record<string, number> = {};
  const write = async (source: string, partition: object, row: object) => {
    let out = files.get(source);
    if (!out) {
      out = fs.createWriteStream(path.join(staging, `${source}.ndjson`));
      files.set(source, out);
    }
    // counted per source, whatever its version
    const name = source.split('@')[0];
    rows[name] = (rows[name] ?? 0) + 1;
    // a full buffer waits for the disk, so a lake of any size is written in constant memory
    if (!out.write(`${JSON.stringify({ ...row, ...partition })}\n`)) {
      await once(out, 'drain');
    }
  };

  try {
    for (const account of accounts) {
      for (const region of account.regions) {
        const findings: FindingSeed[] = [];
        for (const source of account.sources) {
          if (
            account.missing?.some(
              m => m.region === region && m.source === source,
            )
          ) {
            continue;
          }
          const lastDay = endDay - (account.staleDays ?? 0) * DAY_MS;
          const version = account.sourceVersions?.[source] ?? '2.0';
          const key = tableKey(source, version);
          if (version === '1.0' && !V1_EVENT_BUILDERS[source]) {
            throw new Error(
              `The sample lake can't write ${source} in source version 1.0`,
            );
          }
          for (let day = firstDay; day <= lastDay; day += DAY_MS) {
            const partition = {
              region,
              accountid: account.accountId,
              eventday: eventDay(day),
            };
            const ctxAt = (): EventContext => ({
              random,
              accountId: account.accountId,
              region,
              // events spread over the day; today's stop at the generation time
              time:
                day +
                Math.floor(
                  random() *
                    Math.min(DAY_MS, Math.max(60_000, end.getTime() - day)),
                ),
            });
            if (source === 'SH_FINDINGS') {
              const fresh =
                options.findingsPerDay ?? Math.max(1, Math.round(perDay / 5));
              for (let i = 0; i < fresh; i++) {
                findings.push(newFindingSeed(ctxAt(), findings.length));
              }
              // a finding is reported daily until it is resolved
              for (const finding of findings) {
                if (finding.status === 'Resolved') continue;
                if (random() < resolveRate) finding.status = 'Resolved';
                else if (random() < 0.2) finding.status = 'Notified';
                await write(
                  key,
                  partition,
                  securityHubFinding(ctxAt(), finding),
                );
              }
              continue;
            }
            const build =
              version === '1.0'
                ? V1_EVENT_BUILDERS[source]
                : EVENT_BUILDERS[source];
            if (!build) continue;
            const count = Math.max(
              1,
              Math.round(perDay * (0.6 + random() * 0.8)),
            );
            for (let i = 0; i < count; i++) {
              await write(key, partition, build(ctxAt()));
            }
          }
        }
      }
    }
    for (const custom of DEMO_CUSTOM_SOURCES) {
      for (let day = firstDay; day <= endDay; day += DAY_MS) {
        const partition = {
          region: custom.region,
          accountid: custom.accountId,
          eventday: eventDay(day),
        };
        for (let i = 0; i < perDay; i++) {
          await write(
            `ext:${custom.name}`,
            partition,
            oktaSignInEvent({
              random,
              accountId: custom.accountId,
              region: custom.region,
              time:
                day +
                Math.floor(
                  random() *
                    Math.min(DAY_MS, Math.max(60_000, end.getTime() - day)),
                ),
            }),
          );
        }
      }
    }
    await Promise.all(
      [...files.values()].map(
        out =>
          new Promise<void>((resolve, reject) =>
            out.end((err?: Error | null) => (err ? reject(err) : resolve())),
          ),
      ),
    );
    await writeParquet(staging, options.lakeDir, [...files.keys()]);
    fs.writeFileSync(
      path.join(options.lakeDir, 'control-plane.json'),
      `${JSON.stringify(demoControlPlaneState(end), null, 2)}\n`,
    );
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }

  return {
    accounts: accounts.length,
    rows,
    firstDay: eventDay(firstDay),
    lastDay: eventDay(endDay),
  };
}

async function writeParquet(
  staging: string,
  lakeDir: string,
  sources: string[],
) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  // a source's folder is replaced whole, once, when its first partition arrives: shared by its versions
  const cleared = new Set<string>();
  try {
    for (const source of sources) {
      const custom = source.startsWith('ext:')
        ? DEMO_CUSTOM_SOURCES.find(c => `ext:${c.name}` === source)!
        : undefined;
      const [nativeName, version] = source.split('@') as [
        SecurityLakeSourceName,
        SecurityLakeSourceVersion,
      ];
      const tableColumns: TableColumns | undefined =
        version === '1.0'
          ? V1_TABLE_COLUMNS[nativeName]
          : V2_TABLE_COLUMNS[nativeName];
      const columns = custom
        ? OKTA_SIGN_IN_COLUMNS
        : tableColumns!
            .filter(([name]) => name !== 'accountid' && name !== 'region')
            .map(([name, type]) => [name, hiveToDuckDbType(type)]);
      const types = [
        ...columns.map(([name, type]) => `"${name}": '${type}'`),
        `"region": 'VARCHAR'`,
        `"accountid": 'VARCHAR'`,
        `"eventday": 'VARCHAR'`,
      ].join(', ');
      const output = path.join(
        lakeDir,
        '.generating',
        source.replace(/[:@]/g, '_'),
      );
      fs.rmSync(output, { recursive: true, force: true });
      fs.mkdirSync(output, { recursive: true });
      const input = path.join(staging, `${source}.ndjson`).replace(/'/g, "''");
      await connection.run(
        `COPY (SELECT * FROM read_json('${input}', format = 'newline_delimited', columns = {${types}}))
         TO '${output.replace(/'/g, "''")}'
         (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (region, accountid, eventday),
          FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE)`,
      );
      moveToSecurityLakeLayout(output, lakeDir, cleared, partition =>
        custom
          ? `ext/${custom.name}/${custom.version}/region=${partition.region}/accountId=${partition.accountId}/eventDay=${partition.eventDay}/`
          : securityLakePartitionPrefix({
              source: nativeName,
              version,
              ...partition,
            }),
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * DuckDB names partition folders after the lower-case columns; Security Lake spells them `accountId=` and
 * `eventDay=`. Files move from the staging folder (same file system) into the bucket layout.
 */
function moveToSecurityLakeLayout(
  output: string,
  lakeDir: string,
  cleared: Set<string>,
  prefix: (partition: {
    region: string;
    accountId: string;
    eventDay: string;
  }) => string,
) {
  for (const regionDir of fs.readdirSync(output)) {
    const region = regionDir.replace(/^region=/, '');
    for (const accountDir of fs.readdirSync(path.join(output, regionDir))) {
      const accountId = accountDir.replace(/^accountid=/, '');
      const accountPath = path.join(output, regionDir, accountDir);
      for (const dayDir of fs.readdirSync(accountPath)) {
        const day = dayDir.replace(/^eventday=/, '');
        const target = path.join(
          lakeDir,
          prefix({ region, accountId, eventDay: day }),
        );
        // aws/<SOURCE> (or ext/<name>): the folder above the version's
        const sourceDir = path.resolve(target, '../../../..');
        if (!cleared.has(sourceDir)) {
          fs.rmSync(sourceDir, { recursive: true, force: true });
          cleared.add(sourceDir);
        }
        fs.mkdirSync(target, { recursive: true });
        for (const file of fs.readdirSync(path.join(accountPath, dayDir))) {
          fs.renameSync(
            path.join(accountPath, dayDir, file),
            path.join(target, file.replace(/\.parquet$/, '.zstd.parquet')),
          );
        }
      }
    }
  }
  fs.rmSync(path.join(lakeDir, '.generating'), {
    recursive: true,
    force: true,
  });
}
