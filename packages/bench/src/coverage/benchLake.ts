import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  SECURITY_LAKE_SOURCE_NAMES,
  SecurityLakeSourceName,
  securityLakeTableRef,
} from '@internal/plugin-security-lake-common';
import {
  ControlPlane,
  LogSourceRecord,
  securityLakeEnginesExtensionPoint,
  SourceStatusRecord,
} from '@internal/plugin-security-lake-node';
import {
  parseVolumeQuery,
  queryEngineDouble,
  volumeColumns,
} from '@internal/plugin-security-lake-node/testUtils';

/** The 17 regions of the scale to design for. */
export const BENCH_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-south-1',
  'sa-east-1',
  'me-south-1',
];

/** The demo organisation's accounts first, so its users have data, then generated ones. */
export function benchAccountIds(count: number): string[] {
  const demo = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666'];
  const ids = [...demo];
  for (let i = 0; ids.length < count; i++) {
    ids.push(String(800000000000 + i));
  }
  return ids;
}

/**
 * A control plane and engine double for `accounts` x 17 regions x 8 sources, every source configured
 * everywhere but for deterministic gaps: ~4% absent, ~3% stale, ~1% misconfigured, ~1% not collecting.
 * The engine answers the coverage volume query per table the way Athena would, 1,000 rows a page.
 */
export function benchLake(accounts: number) {
  const ids = benchAccountIds(accounts);
  const now = Date.now();
  const logSources: LogSourceRecord[] = [];
  const statuses: SourceStatusRecord[] = [];
  // table ref -> rows of (account, hours since the last event)
  const tables = new Map<string, [string, number][]>();
  let n = 0;
  for (const accountId of ids) {
    for (const region of BENCH_REGIONS) {
      for (const source of SECURITY_LAKE_SOURCE_NAMES as SecurityLakeSourceName[]) {
        n++;
        if (n % 25 === 0) continue; // absent
        logSources.push({ accountId, region, source, version: '2.0' });
        let status: SourceStatusRecord['status'] = 'COLLECTING';
        if (n % 97 === 0) status = 'MISCONFIGURED';
        else if (n % 89 === 0) status = 'NOT_COLLECTING';
        statuses.push({ accountId, region, source, status });
        const ref = securityLakeTableRef(region, source, '2.0');
        const rows = tables.get(ref) ?? [];
        rows.push([accountId, n % 33 === 0 ? 72 : 1 + (n % 5)]);
        tables.set(ref, rows);
      }
    }
  }

  const controlPlane: ControlPlane = {
    kind: 'bench',
    listDataLakeRegions: async () => BENCH_REGIONS,
    listLogSources: async () => logSources,
    listSourceStatuses: async () => statuses,
    listDataLakeExceptions: async () => [
      {
        region: 'eu-west-1',
        exception: `VPC_FLOW for account ${ids[2]}: AccessDenied`,
        remediation: 'Grant the delivery role s3:PutObject',
      },
    ],
  };

  const engine = queryEngineDouble(sql => {
    const { table, days } = parseVolumeQuery(sql);
    return {
      columns: volumeColumns(days),
      rows: (tables.get(table) ?? []).map(([accountId, hours]) => [
        accountId,
        ...Array.from({ length: days }, (_, i) =>
          hours > 48 && i >= days - 3
            ? '0'
            : String(500 + ((i * 37 + hours) % 200)),
        ),
        new Date(now - hours * 3_600_000)
          .toISOString()
          .slice(0, 23)
          .replace('T', ' '),
      ]),
    };
  });
  return { controlPlane, engine, cells: logSources.length };
}

/** Sets the bench lake as the engine and control plane, sized by BENCH_ACCOUNTS. */
export const benchLakeModule = createBackendModule({
  pluginId: 'security-lake',
  moduleId: 'bench-lake',
  register(reg) {
    reg.registerInit({
      deps: { engines: securityLakeEnginesExtensionPoint },
      async init({ engines }) {
        const { controlPlane, engine } = benchLake(
          Number(process.env.BENCH_ACCOUNTS ?? 5000),
        );
        engines.setQueryEngine(engine);
        engines.setControlPlane(controlPlane);
      },
    });
  },
});
