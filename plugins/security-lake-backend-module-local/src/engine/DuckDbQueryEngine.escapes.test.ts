import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLake } from '../lake/generateLake';
import { DuckDbQueryEngine } from './DuckDbQueryEngine';

jest.setTimeout(120_000);

const TABLE = `"amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"`;

/** Every file below a folder with its size and modification time, to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, {
    recursive: true,
    withFileTypes: true,
  })) {
    const full = path.join(entry.parentPath, entry.name);
    const stat = fs.statSync(full);
    out[path.relative(dir, full)] = entry.isDirectory()
      ? 'dir'
      : `${stat.size}:${stat.mtimeMs}`;
  }
  return out;
}

type Outcome =
  | { refused: string }
  | { failed: string }
  | { ran: (string | null)[][] };

async function attempt(
  engine: DuckDbQueryEngine,
  sql: string,
): Promise<Outcome> {
  const executionId = randomUUID();
  let status;
  try {
    status = await engine.execute({ sql, executionId });
  } catch (error) {
    expect((error as Error).name).toBe('InputError');
    return { refused: (error as Error).message };
  }
  if (status.state === 'SUCCEEDED') {
    return { ran: (await engine.getQueryResults(executionId)).rows };
  }
  return { failed: status.stateChangeReason! };
}

describe('DuckDbQueryEngine as a locked room', () => {
  let dir: string;
  let lakeDir: string;
  let resultsDir: string;
  let outside: string;
  let engine: DuckDbQueryEngine;
  let earlierResult: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duckdb-escapes-'));
    lakeDir = path.join(dir, 'lake');
    resultsDir = path.join(dir, 'results');
    outside = path.join(dir, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.csv'), 'token\nhunter2\n');
    await generateLake({ lakeDir, days: 1, eventsPerDay: 2 });
    engine = await DuckDbQueryEngine.create({
      lakeDir,
      resultsDir,
      queryTimeoutSeconds: 2,
    });
    // another caller's result, which a query must not be able to read
    const executionId = randomUUID();
    await engine.execute({
      sql: `SELECT 'someone else''s rows' AS secret`,
      executionId,
    });
    earlierResult = path.join(resultsDir, `${executionId}.parquet`);
  });

  afterAll(async () => {
    await engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const ESCAPES: [string, () => string, RegExp][] = [
    // statements smuggled after, or around, the one that is allowed
    [
      'a second statement',
      () => `SELECT 1; DROP VIEW ${TABLE}`,
      /Exactly one SELECT/,
    ],
    [
      'a COPY after a SELECT',
      () => `SELECT 1; COPY (SELECT 1) TO '${outside}/x.csv'`,
      /Exactly one SELECT/,
    ],
    [
      'closing a COPY wrapper',
      () => `SELECT 1) TO '${outside}/evil.parquet' (FORMAT parquet); --`,
      /syntax error/,
    ],
    [
      'closing a wrapper into the results folder',
      () => `SELECT 1\n) TO '${resultsDir}/evil.parquet'; SELECT (1`,
      /syntax error|Exactly one/,
    ],
    [
      'a comment hiding nothing but a second statement',
      () => `SELECT 1 -- harmless\n; DELETE FROM ${TABLE}`,
      /Exactly one SELECT/,
    ],
    [
      'a full-width semicolon',
      () => `SELECT 1\uff1b DROP VIEW ${TABLE}`,
      /syntax error|Parser Error/,
    ],
    // writes
    [
      'COPY to a file',
      () => `COPY (SELECT 1) TO '${outside}/copy.csv'`,
      /Only a read-only SELECT/,
    ],
    [
      'COPY a lake table out',
      () => `COPY ${TABLE} TO '${outside}/lake.csv'`,
      /Only a read-only SELECT/,
    ],
    [
      'COPY into the lake',
      () => `COPY (SELECT 1) TO '${lakeDir}/aws/planted.parquet'`,
      /Only a read-only SELECT/,
    ],
    [
      'EXPORT DATABASE',
      () => `EXPORT DATABASE '${outside}/export'`,
      /Only a read-only SELECT/,
    ],
    [
      'CREATE TABLE',
      () => `CREATE TABLE stolen AS SELECT * FROM ${TABLE}`,
      /Only a read-only SELECT/,
    ],
    [
      'replacing a lake view',
      () => `CREATE OR REPLACE VIEW ${TABLE} AS SELECT 1 AS x`,
      /Only a read-only SELECT/,
    ],
    ['DROP VIEW', () => `DROP VIEW ${TABLE}`, /Only a read-only SELECT/],
    [
      'INSERT',
      () => `INSERT INTO ${TABLE} DEFAULT VALUES`,
      /Only a read-only SELECT/,
    ],
    [
      'UPDATE',
      () => `UPDATE ${TABLE} SET accountid = '0'`,
      /Only a read-only SELECT/,
    ],
    ['DELETE', () => `DELETE FROM ${TABLE}`, /Only a read-only SELECT/],
    [
      'redefining a Trino macro',
      () => `CREATE OR REPLACE MACRO cardinality(x) AS 0`,
      /Only a read-only SELECT/,
    ],
    [
      'CREATE SECRET',
      () => `CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')`,
      /Only a read-only SELECT/,
    ],
    ['CHECKPOINT', () => `CHECKPOINT`, /Only a read-only SELECT/],
    // other databases, extensions and settings
    [
      'ATTACH a file',
      () => `ATTACH '${outside}/evil.db' AS evil`,
      /Only a read-only SELECT/,
    ],
    [
      'ATTACH in memory',
      () => `ATTACH ':memory:' AS scratch`,
      /Only a read-only SELECT/,
    ],
    ['INSTALL', () => `INSTALL httpfs`, /Only a read-only SELECT/],
    [
      'FORCE INSTALL from a repository',
      () => `FORCE INSTALL httpfs FROM 'http://127.0.0.1:1'`,
      /Only a read-only SELECT/,
    ],
    ['LOAD', () => `LOAD httpfs`, /Only a read-only SELECT/],
    [
      'SET external access',
      () => `SET enable_external_access = true`,
      /Only a read-only SELECT/,
    ],
    [
      'unlocking the configuration',
      () => `SET GLOBAL lock_configuration = false`,
      /Only a read-only SELECT/,
    ],
    [
      'RESET allowed directories',
      () => `RESET allowed_directories`,
      /Only a read-only SELECT/,
    ],
    ['PRAGMA', () => `PRAGMA enable_profiling`, /Only a read-only SELECT/],
    ['CALL', () => `CALL pragma_version()`, /Only a read-only SELECT/],
    [
      'EXPLAIN ANALYZE',
      () => `EXPLAIN ANALYZE SELECT 1`,
      /Only a read-only SELECT/,
    ],
    // file reads from a SELECT: the statement is allowed, the file system is not
    [
      'read_csv on a system file',
      () => `SELECT * FROM read_csv('/etc/passwd')`,
      /Permission Error/,
    ],
    [
      'read_text',
      () => `SELECT * FROM read_text('/etc/hostname')`,
      /Permission Error/,
    ],
    [
      'read_blob',
      () => `SELECT * FROM read_blob('${outside}/secret.csv')`,
      /Permission Error/,
    ],
    [
      'glob over the root',
      () => `SELECT * FROM glob('/*')`,
      /Permission Error/,
    ],
    [
      'a file named in FROM',
      () => `SELECT * FROM '${outside}/secret.csv'`,
      /Permission Error/,
    ],
    [
      'sniff_csv',
      () => `SELECT * FROM sniff_csv('${outside}/secret.csv')`,
      /Permission Error/,
    ],
    [
      'climbing out of the lake',
      () => `SELECT * FROM read_csv('${lakeDir}/../outside/secret.csv')`,
      /Permission Error/,
    ],
    [
      "another caller's result",
      () => `SELECT * FROM read_parquet('${earlierResult}')`,
      /Permission Error/,
    ],
    [
      'a lake file list with a stranger in it',
      () =>
        `SELECT count(*) FROM read_parquet(['${lakeDir}/aws/*/*/*/*/*/*.parquet', '${outside}/secret.csv'])`,
      /Permission Error/,
    ],
    [
      'the process environment',
      () => `SELECT * FROM read_text('/proc/self/environ')`,
      /Permission Error/,
    ],
    ['getenv', () => `SELECT getenv('HOME')`, /getenv does not exist/],
    [
      'a statement hidden in query()',
      () => `SELECT * FROM query('COPY (SELECT 1) TO ''${outside}/q.csv''')`,
      /./,
    ],
  ];

  it('has at least 30 escapes to try', () => {
    expect(ESCAPES.length).toBeGreaterThanOrEqual(30);
  });

  it('runs none of them, changes no file, and says why each time without naming a path', async () => {
    const before = {
      lake: snapshot(lakeDir),
      results: snapshot(resultsDir),
      outside: snapshot(outside),
    };
    const outcomes: Record<string, Outcome> = {};
    for (const [name, sql] of ESCAPES) {
      outcomes[name] = await attempt(engine, sql());
    }
    for (const [name, , expected] of ESCAPES) {
      const outcome = outcomes[name];
      expect({ name, ran: 'ran' in outcome }).toEqual({ name, ran: false });
      const message =
        'refused' in outcome
          ? outcome.refused
          : (outcome as { failed: string }).failed;
      expect({ name, message }).toEqual({
        name,
        message: expect.stringMatching(expected),
      });
      for (const secretPath of [dir, '/etc/', '/proc/']) {
        expect({ name, message }).toEqual({
          name,
          message: expect.not.stringContaining(secretPath),
        });
      }
    }
    // the results folder gains only what the engine itself wrote: nothing, since nothing ran
    expect(snapshot(lakeDir)).toEqual(before.lake);
    expect(snapshot(resultsDir)).toEqual(before.results);
    expect(snapshot(outside)).toEqual(before.outside);
    // the lake views are still there and still answer
    expect(await attempt(engine, `SELECT count(*) > 0 FROM ${TABLE}`)).toEqual({
      ran: [['true']],
    });
  });

  it('stops a query that never ends at the timeout', async () => {
    const outcome = await attempt(
      engine,
      `WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) SELECT max(n) FROM forever`,
    );
    expect(outcome).toEqual({
      failed: 'The query ran longer than 2 s and was stopped',
    });
  });
});
