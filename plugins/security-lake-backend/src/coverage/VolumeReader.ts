import { LoggerService } from '@backstage/backend-plugin-api';
import {
  coverageSourceKey,
  isSecurityLakeSourceName,
  securityLakeCustomTableName,
  securityLakeDatabaseName,
  securityLakeTableRef,
} from '@internal/plugin-security-lake-common';
import {
  LogSourceRecord,
  QueryCapacityError,
  QueryEngine,
  runToCompletion,
  QueryParameter,
} from '@internal/plugin-security-lake-node';
import { VolumeRecord } from './computeCoverage';

const DAY_MS = 86_400_000;


/** One Glue table to count: a (region, source, version). */
interface VolumeTable {
  region: string;
  sourceKey: string;
  version: string;
  ref: string;
  /** Source version 1 tables have no time_dt, but an eventday partition and epoch-millisecond time. */
  legacy: boolean;
}

/** `2026-11-10 00:00:00`, which Athena and DuckDB both cast to a timestamp. */
function sqlTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Athena and DuckDB both print timestamps as `2026-11-10 13:45:00.123`, in UTC. */
function parseTimestamp(text: string | null): Date | undefined {
  if (!text) return undefined;
  const iso = /[zZ]|[+-]\d\d(:?\d\d)?$/.test(text)
    ? text.replace(' ', 'T')
    : `${text.replace(' ', 'T')}Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The one aggregate each table is asked: per account, events on each day of the window and the newest
 * event, bounded to the window so the engine reads the window's partitions only. It runs unchanged on
 * Athena (Trino) and DuckDB; every bound is a bound parameter.
 *
 * @internal
 */
export function volumeQuery(
  table: Pick<VolumeTable, 'ref' | 'legacy'>,
  windowStart: number,
  days: number,
): { sql: string; parameters: QueryParameter[] } {
  const time = table.legacy ? 'from_unixtime(time / 1000)' : 'time_dt';
  const start = sqlTimestamp(windowStart);
  const perDay = Array.from(
    { length: days },
    (_, i) =>
      `count_if(date_diff('day', CAST(? AS TIMESTAMP), ${time}) = ${i}) AS d${i}`,
  );
  const bound = table.legacy
    ? `eventday >= ?`
    : `time_dt >= CAST(? AS TIMESTAMP)`;
  return {
    sql: `SELECT accountid, ${perDay.join(', ')}, max(${time}) AS last_event
FROM ${table.ref}
WHERE ${bound}
GROUP BY accountid`,
    parameters: [
      ...new Array(days).fill(start),
      table.legacy
        ? new Date(windowStart).toISOString().slice(0, 10).replace(/-/g, '')
        : start,
    ],
  };
}

/**
 * Reads freshness and daily volume for every configured table through the query engine, a few tables at
 * a time. A table that can't be read (dropped, not yet created) is logged and counts as no data; the
 * refresh fails only when none can be read.
 *
 * @internal
 */
export class VolumeReader {
  constructor(
    private readonly options: {
      engine: QueryEngine;
      logger: LoggerService;
      concurrency?: number;
      pollIntervalMs?: number;
      /** First wait before asking again when the engine is at its active-query limit; default 5 s. */
      capacityRetryMs?: number;
    },
  ) {}

  async read(
    logSources: LogSourceRecord[],
    window: { end: Date; days: number },
  ): Promise<VolumeRecord[]> {
    const tables = new Map<string, VolumeTable>();
    for (const record of logSources) {
      const sourceKey = coverageSourceKey(record.kind ?? 'native', record.source);
      const id = `${record.region}|${sourceKey}|${record.version}`;
      if (tables.has(id)) continue;
      if (record.kind === 'custom') {
        tables.set(id, {
          region: record.region,
          sourceKey,
          version: record.version,
          ref: `"${securityLakeDatabaseName(
            record.region,
          )}"."${securityLakeCustomTableName(record.region, record.source)}"`,
          legacy: false,
        });
      } else if (isSecurityLakeSourceName(record.source)) {
        tables.set(id, {
          region: record.region,
          sourceKey,
          version: record.version,
          ref: securityLakeTableRef(record.region, record.source, record.version),
          legacy: record.version === '1.0',
        });
      }
    }

    const endDay = Date.UTC(
      window.end.getUTCFullYear(),
      window.end.getUTCMonth(),
      window.end.getUTCDate(),
    );
    const windowStart = endDay - (window.days - 1) * DAY_MS;
    const queue = [...tables.values()];
    const out: VolumeRecord[] = [];
    const failures: Error[] = [];
    const worker = async () => {
      for (let table = queue.shift(); table; table = queue.shift()) {
        try {
          out.push(
            ...(await this.patiently(() =>
              this.readTable(table!, windowStart, window.days),
            )),
          );
        } catch (error) {
          failures.push(error as Error);
          this.options.logger.warn(
            `Coverage: could not read ${table.ref}: ${(error as Error).message}`,
          );
        }
      }
    };
    await Promise.all(
      Array.from({ length: this.options.concurrency ?? 4 }, worker),
    );
    if (tables.size > 0 && failures.length === tables.size) {
      throw new Error(
        `Could not read the volume of any of ${tables.size} tables: ${failures[0].message}`,
      );
    }
    return out;
  }

  /**
   * People's query runs share the engine's active-query quota with these reads: when the engine says it is
   * full, wait and ask again rather than leave the table unread for this refresh.
   */
  private async patiently<T>(read: () => Promise<T>): Promise<T> {
    const retryMs = this.options.capacityRetryMs ?? 5000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        if (!(error instanceof QueryCapacityError) || attempt >= 5) throw error;
        await new Promise(resolve => setTimeout(resolve, retryMs * attempt));
      }
    }
  }

  private async readTable(
    table: VolumeTable,
    windowStart: number,
    days: number,
  ): Promise<VolumeRecord[]> {
    const { engine } = this.options;
    const { sql, parameters } = volumeQuery(table, windowStart, days);
    const status = await runToCompletion(
      engine,
      { sql, parameters },
      { pollIntervalMs: this.options.pollIntervalMs ?? 100 },
    );
    if (status.state !== 'SUCCEEDED') {
      throw new Error(status.stateChangeReason ?? status.state);
    }
    const { executionId } = status;
    const records: VolumeRecord[] = [];
    let nextCursor: string | undefined;
    do {
      const page = await engine.getQueryResults(executionId, {
        cursor: nextCursor,
      });
      const col = new Map(page.columns.map((c, i) => [c.name, i]));
      for (const row of page.rows) {
        const accountId = row[col.get('accountid')!];
        if (!accountId) continue;
        records.push({
          accountId,
          region: table.region,
          sourceKey: table.sourceKey,
          version: table.version,
          days: Array.from({ length: days }, (_, i) =>
            Number(row[col.get(`d${i}`)!] ?? 0),
          ),
          lastEventAt: parseTimestamp(row[col.get('last_event')!]),
        });
      }
      nextCursor = page.nextCursor;
    } while (nextCursor);
    return records;
  }
}
