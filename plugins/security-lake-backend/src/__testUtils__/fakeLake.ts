import {
  DataLakeException,
  SourceStatus,
} from '@internal/plugin-security-lake-common';
import {
  ControlPlane,
  LogSourceRecord,
  QueryEngine,
  QueryResultPage,
  SourceStatusRecord,
} from '@internal/plugin-security-lake-node';

/**
 * A lake for tests and benchmarks: what the control plane says, and when data last arrived per table and
 * account. The engine answers the coverage volume query the way Athena or DuckDB would.
 */
export interface FakeLake {
  logSources: LogSourceRecord[];
  statuses?: SourceStatusRecord[];
  exceptions?: DataLakeException[];
  /** `"db"."table"` → account → hours since the newest event (undefined: no data). */
  lastEventHoursAgo: Record<string, Record<string, number>>;
  /** Events per day for every account with data. */
  eventsPerDay?: number;
  now?: Date;
}

export function fakeControlPlane(lake: FakeLake): ControlPlane {
  return {
    kind: 'test',
    listDataLakeRegions: async () =>
      [...new Set(lake.logSources.map(s => s.region))].sort(),
    listLogSources: async () => lake.logSources,
    listSourceStatuses: async () =>
      lake.statuses ??
      lake.logSources.flatMap(s =>
        s.kind === 'custom'
          ? []
          : [
              {
                accountId: s.accountId,
                region: s.region,
                source: s.source,
                status: 'COLLECTING' as SourceStatus,
              },
            ],
      ),
    listDataLakeExceptions: async () => lake.exceptions ?? [],
  };
}

const PAGE = 1000;

export function fakeEngine(lake: FakeLake): QueryEngine & { sql: string[] } {
  const results = new Map<string, QueryResultPage>();
  const sql: string[] = [];
  let next = 0;
  return {
    kind: 'test',
    sql,
    async startQuery(request) {
      sql.push(request.sql);
      const executionId = `exec-${next++}`;
      const table = /FROM ("[^"]+"\."[^"]+")/.exec(request.sql)?.[1] ?? '';
      const days = (request.sql.match(/count_if\(/g) ?? []).length;
      const now = (lake.now ?? new Date()).getTime();
      const rows = Object.entries(lake.lastEventHoursAgo[table] ?? {}).map(
        ([accountId, hours]) => {
          const last = new Date(now - hours * 3_600_000);
          const daysAgo = Math.floor(hours / 24);
          return [
            accountId,
            ...Array.from({ length: days }, (_, i) =>
              i <= days - 1 - daysAgo ? String(lake.eventsPerDay ?? 10) : '0',
            ),
            last.toISOString().slice(0, 23).replace('T', ' '),
          ];
        },
      );
      results.set(executionId, {
        columns: [
          { name: 'accountid', type: 'varchar' },
          ...Array.from({ length: days }, (_, i) => ({
            name: `d${i}`,
            type: 'bigint',
          })),
          { name: 'last_event', type: 'timestamp' },
        ],
        rows,
      });
      return { executionId };
    },
    async getQueryExecution(executionId) {
      return { executionId, state: 'SUCCEEDED' };
    },
    async getQueryResults(executionId, options) {
      const all = results.get(executionId)!;
      const offset = Number(options?.nextToken ?? 0);
      const rows = all.rows.slice(offset, offset + PAGE);
      return {
        columns: all.columns,
        rows,
        ...(offset + PAGE < all.rows.length
          ? { nextToken: String(offset + PAGE) }
          : {}),
      };
    },
    async stopQuery() {},
  };
}
