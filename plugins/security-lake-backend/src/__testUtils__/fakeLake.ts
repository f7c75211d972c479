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
  SubscriberOperations,
} from '@internal/plugin-security-lake-node';
import {
  parseVolumeQuery,
  queryEngineDouble,
  volumeColumns,
} from '@internal/plugin-security-lake-node/testUtils';

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

export function fakeControlPlane(
  lake: FakeLake,
  subscribers?: SubscriberOperations,
): ControlPlane {
  return {
    kind: 'test',
    subscribers,
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

/** Answers the coverage volume query from `lastEventHoursAgo`, as Athena or DuckDB would. */
export function fakeEngine(lake: FakeLake): QueryEngine & { sql: string[] } {
  return queryEngineDouble(volumeAnswer(lake));
}

/** The coverage volume query's answer from `lastEventHoursAgo`. */
export function volumeAnswer(lake: FakeLake) {
  return (sql: string): QueryResultPage => {
    const { table, days } = parseVolumeQuery(sql);
    const now = (lake.now ?? new Date()).getTime();
    return {
      columns: volumeColumns(days),
      rows: Object.entries(lake.lastEventHoursAgo[table] ?? {}).map(
        ([accountId, hours]) => {
          const daysAgo = Math.floor(hours / 24);
          return [
            accountId,
            ...Array.from({ length: days }, (_, i) =>
              i <= days - 1 - daysAgo ? String(lake.eventsPerDay ?? 10) : '0',
            ),
            new Date(now - hours * 3_600_000)
              .toISOString()
              .slice(0, 23)
              .replace('T', ' '),
          ];
        },
      ),
    };
  };
}
