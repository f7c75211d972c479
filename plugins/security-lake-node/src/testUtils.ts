/**
 * Test doubles of the seams, for the backend's tests and benchmarks.
 *
 * @packageDocumentation
 */
import { stringify } from 'csv-stringify/sync';
import { Readable } from 'node:stream';
// through the package's own name, as Backstage's testUtils entry points do, so this entry's API names the
// main entry's types instead of repeating them
import type {
  RemoteQueryEngine,
  QueryResultPage,
} from '@internal/plugin-security-lake-node';

/** GetQueryResults pages at most 1,000 rows; the double does the same. */
const PAGE = 1000;

/**
 * A query engine that answers each statement at once from `answer`, pages the result 1,000 rows at a time
 * as Athena does, streams it as CSV, and records the SQL it was sent.
 *
 * @public
 */
export function queryEngineDouble(
  answer: (sql: string) => QueryResultPage,
): RemoteQueryEngine & { sql: string[] } {
  const results = new Map<string, QueryResultPage>();
  const sql: string[] = [];
  let next = 0;
  return {
    kind: 'test',
    mode: 'remote',
    sql,
    async startQuery(request) {
      sql.push(request.sql);
      const executionId = `exec-${next++}`;
      results.set(executionId, answer(request.sql));
      return { executionId };
    },
    async getQueryExecution(executionId) {
      return { executionId, state: 'SUCCEEDED' };
    },
    async getQueryResults(executionId, options) {
      const all = results.get(executionId)!;
      const offset = Number(options?.cursor ?? 0);
      const end = offset + PAGE;
      return {
        columns: all.columns,
        rows: all.rows.slice(offset, end),
        ...(end < all.rows.length ? { nextCursor: String(end) } : {}),
      };
    },
    async stopQuery() {},
    async readResultCsv(executionId) {
      const all = results.get(executionId)!;
      return Readable.from([
        stringify([all.columns.map(c => c.name), ...all.rows], {
          quoted: true,
        }),
      ]);
    },
  };
}

/**
 * The table a coverage volume query reads, and how many days it counts.
 *
 * @public
 */
export function parseVolumeQuery(sql: string): { table: string; days: number } {
  return {
    table: /FROM ("[^"]+"\."[^"]+")/.exec(sql)?.[1] ?? '',
    days: (sql.match(/count_if\(/g) ?? []).length,
  };
}

/**
 * The columns of a coverage volume query's result: the account, one count per day, the newest event.
 *
 * @public
 */
export function volumeColumns(days: number): QueryResultPage['columns'] {
  return [
    { name: 'accountid', type: 'varchar' },
    ...Array.from({ length: days }, (_, i) => ({
      name: `d${i}`,
      type: 'bigint',
    })),
    { name: 'last_event', type: 'timestamp' },
  ];
}
