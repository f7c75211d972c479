import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import securityLakePlugin from '@internal/plugin-security-lake-backend';
import { securityLakeTableName } from '@internal/plugin-security-lake-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { generateLake } from './lake/generateLake';
import { securityLakeModuleLocal } from './module';
import {
  REGION,
  DB,
  CT,
  CT_V1,
  FLOW,
  SH,
  MINE,
  OTHER,
  ROW,
} from './__testUtils__/adhocNames';

jest.setTimeout(300_000);

const EU_CT = securityLakeTableName('eu-west-1', 'CLOUD_TRAIL_MGMT', '2.0');

/**
 * Statements people write to get out of an ad-hoc run's scope. `refused` must be a 400 naming `sql`
 * (nothing queued); `scoped` must run and return only the run's account, within its window. Scoped ones
 * select `accountid` and `t` (epoch seconds) so that can be checked row by row.
 */
function corpus(
  lakeDir: string,
): { sql: string; expect: 'refused' | 'scoped' }[] {
  const refused = (sql: string) => ({ sql, expect: 'refused' as const });
  const scoped = (sql: string) => ({ sql, expect: 'scoped' as const });
  const lakeFile = path.join(lakeDir, 'aws', 'CLOUD_TRAIL_MGMT', '2.0');
  return [
    // more than one statement, and comments that hide a second one
    refused(`SELECT ${ROW} FROM ${CT}; DROP TABLE ${CT}`),
    refused(`SELECT 1; SELECT 2`),
    refused(`SELECT ${ROW} FROM ${CT} -- hidden\n; DELETE FROM ${CT}`),
    refused(`SELECT ${ROW} FROM ${CT} /* ; */ ; ATTACH 'x.db' AS x`),
    refused(`SELECT ${ROW} FROM ${CT};\nCOPY (SELECT 1) TO '/tmp/out.csv'`),
    refused(`/* SELECT ${ROW} FROM ${CT} */ DROP VIEW ${CT}`),
    refused(`SELECT 1 /* FROM ${CT} */`),
    refused(`-- SELECT ${ROW} FROM ${CT}\nPRAGMA version`),
    // DDL and DML
    refused(`DROP TABLE ${CT}`),
    refused(`DROP VIEW "${DB}"."${CT}"`),
    refused(`CREATE TABLE stolen AS SELECT * FROM ${CT}`),
    refused(`CREATE VIEW v AS SELECT * FROM ${CT}`),
    refused(`CREATE OR REPLACE VIEW "${DB}"."${CT}" AS SELECT 1`),
    refused(`CREATE MACRO leak() AS 1`),
    refused(`CREATE SCHEMA s`),
    refused(`CREATE SEQUENCE seq`),
    refused(`CREATE SECRET (TYPE s3, KEY_ID 'a', SECRET 'b')`),
    refused(`INSERT INTO ${CT} VALUES (1)`),
    refused(`UPDATE ${CT} SET accountid = '${MINE}'`),
    refused(`DELETE FROM ${CT}`),
    refused(`TRUNCATE ${CT}`),
    refused(`ALTER VIEW ${CT} RENAME TO x`),
    refused(`ALTER TABLE ${CT} ADD COLUMN x INT`),
    refused(`DETACH memory`),
    refused(`USE ${DB}`),
    refused(`CHECKPOINT`),
    refused(`VACUUM`),
    refused(`ANALYZE`),
    refused(`EXPLAIN SELECT ${ROW} FROM ${CT}`),
    refused(`EXPLAIN ANALYZE SELECT ${ROW} FROM ${CT}`),
    refused(`DESCRIBE ${CT}`),
    refused(`SHOW TABLES`),
    refused(`SHOW ALL TABLES`),
    refused(`SUMMARIZE ${CT}`),
    refused(`IMPORT DATABASE '/tmp'`),
    refused(`BEGIN TRANSACTION`),
    // files, extensions, settings
    refused(`ATTACH '/tmp/x.db' AS x`),
    refused(`ATTACH ':memory:' AS m`),
    refused(`COPY (SELECT * FROM ${CT}) TO '/tmp/leak.parquet'`),
    refused(`COPY ${CT} FROM '/etc/passwd'`),
    refused(`EXPORT DATABASE '/tmp/export'`),
    refused(`INSTALL httpfs`),
    refused(`FORCE INSTALL httpfs`),
    refused(`LOAD httpfs`),
    refused(`PRAGMA database_list`),
    refused(`PRAGMA show_tables`),
    refused(`SET enable_external_access = true`),
    refused(`SET allowed_directories = ['/']`),
    refused(`RESET lock_configuration`),
    refused(`SET VARIABLE x = 1`),
    refused(`CALL pragma_version()`),
    refused(`CALL duckdb_settings()`),
    // table functions and files named as tables
    refused(`SELECT * FROM read_csv('/etc/passwd')`),
    refused(`SELECT * FROM read_csv_auto('/etc/hosts')`),
    refused(`SELECT * FROM read_parquet('${lakeFile}/**/*.parquet')`),
    refused(`SELECT * FROM parquet_scan('${lakeFile}/**/*.parquet')`),
    refused(`SELECT * FROM read_json('/etc/passwd')`),
    refused(`SELECT * FROM read_text('/etc/passwd')`),
    refused(`SELECT * FROM read_blob('/etc/passwd')`),
    refused(`SELECT * FROM glob('/*')`),
    refused(`SELECT * FROM glob('${lakeFile}/**')`),
    refused(`SELECT * FROM parquet_metadata('${lakeFile}/**/*.parquet')`),
    refused(`SELECT * FROM sniff_csv('/etc/passwd')`),
    refused(`SELECT * FROM '/etc/passwd'`),
    refused(`SELECT * FROM '${lakeFile}/**/*.parquet'`),
    refused(`SELECT * FROM "/etc/passwd"`),
    refused(`SELECT * FROM '${CT}'`),
    refused(`SELECT * FROM query('SELECT * FROM ${CT}')`),
    refused(`SELECT * FROM query_table('${CT}')`),
    refused(`SELECT * FROM range(10)`),
    refused(`SELECT * FROM generate_series(1, 10)`),
    refused(`SELECT * FROM duckdb_tables()`),
    refused(`SELECT * FROM duckdb_settings()`),
    refused(`SELECT * FROM duckdb_extensions()`),
    refused(`SELECT * FROM pragma_table_info('${CT}')`),
    refused(`SELECT * FROM main.read_csv('/etc/passwd')`),
    refused(`SELECT ${ROW} FROM ${CT} JOIN read_csv('/etc/passwd') p ON true`),
    refused(
      `SELECT ${ROW} FROM ${CT} WHERE accountid IN (SELECT * FROM read_csv('/etc/passwd'))`,
    ),
    // catalogs, schemas and system tables
    refused(`SELECT * FROM information_schema.tables`),
    refused(`SELECT * FROM information_schema.columns`),
    refused(`SELECT * FROM pg_catalog.pg_tables`),
    refused(`SELECT * FROM sqlite_master`),
    refused(`SELECT * FROM duckdb_views`),
    refused(`SELECT * FROM system.main.duckdb_tables`),
    refused(`SELECT * FROM temp.main.t`),
    refused(`SELECT * FROM main.${CT}`),
    refused(`SELECT * FROM memory.${DB}.${CT}`),
    refused(`SELECT * FROM other_catalog.${DB}.${CT}`),
    refused(`SELECT * FROM some_other_db.${CT}`),
    refused(`SELECT ${ROW} FROM ${EU_CT}`),
    refused(`SELECT ${ROW} FROM amazon_security_lake_glue_db_eu_west_1.${CT}`),
    refused(`SELECT * FROM amazon_security_lake_table_us_east_1_secrets_2_0`),
    // functions about the engine, placeholders, recursion, other forms
    refused(`SELECT current_setting('allowed_directories'), ${ROW} FROM ${CT}`),
    refused(`SELECT getenv('HOME'), ${ROW} FROM ${CT}`),
    refused(`SELECT ${ROW} FROM ${CT} WHERE accountid = ?`),
    refused(`SELECT ${ROW} FROM ${CT} WHERE accountid = $1`),
    refused(`SELECT ${ROW} FROM ${CT} WHERE accountid = $acct`),
    refused(
      `WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r`,
    ),
    refused(
      `WITH RECURSIVE r AS (SELECT accountid FROM ${CT} UNION SELECT accountid FROM r) SELECT * FROM r`,
    ),
    refused(`SELECT * FROM (DESCRIBE ${CT})`),
    refused(`SELECT * FROM (SHOW TABLES)`),
    refused(`PIVOT ${CT} ON accountid USING count(*)`),
    refused(`SELECT * FROM (PIVOT ${CT} ON accountid USING count(*))`),
    refused(`SELECT ${ROW} FROM ${CT} AT (VERSION => 1)`),
    refused(
      `WITH ${CT} AS (SELECT '${OTHER}' AS accountid) SELECT accountid FROM ${CT}`,
    ),
    refused(`SELECT 1`),
    refused(`VALUES (1)`),
    refused(`SELECT * FROM (SELECT 1) a, secret`),
    refused(
      `SELECT * FROM (WITH secret AS (SELECT 1) SELECT * FROM secret) a, secret`,
    ),
    // a NUL after -- (DuckDB stops reading there, Athena reads on)
    refused(
      `SELECT ${ROW} FROM ${CT} --\u0000\nUNION ALL SELECT ${ROW} FROM ${DB}.${CT}`,
    ),
    // the catalog and settings behind PostgreSQL's compatibility functions (view definitions carry paths)
    refused(`SELECT pg_get_viewdef('${CT}'), ${ROW} FROM ${CT}`),
    refused(`SELECT pg_catalog.pg_get_viewdef('${CT}'), ${ROW} FROM ${CT}`),
    refused(`SELECT has_table_privilege('${CT}', 'select'), ${ROW} FROM ${CT}`),
    refused(`SELECT obj_description(1), ${ROW} FROM ${CT}`),
    refused(`SELECT version(), ${ROW} FROM ${CT}`),
    refused(`SELECT current_query(), ${ROW} FROM ${CT}`),
    refused(`SELECT current_user, ${ROW} FROM ${CT}`),
    // unicode look-alikes and escapes
    refused(`ＳＥＬＥＣＴ ${ROW} FROM ${CT}`),
    refused(`SELECT ${ROW} FROM ${CT.replace('table', 'tаble')}`),
    refused(`SELECT ${ROW} FROM "${CT}\u200b"`),
    refused(`SELECT ${ROW} FROM "${CT.replace('_2_0', '_2_0\u202e')}"`),
    refused(`SELECT ${ROW} FROM U&"${CT.replace('a', '\\0061')}"`),
    refused(`SELECT ${ROW} FROM "${CT}""; DROP TABLE x; --"`),
    refused(`SELECT ${ROW} FROM ${CT}\u037e DROP TABLE x`),
    refused(`SELECT ${ROW} FROM ${CT.replace(/_/g, '\uff3f')}`),

    // reaching lake tables through subqueries, joins, set operations, lateral joins, and other spellings:
    // each read is bounded by the rewrite
    scoped(`SELECT ${ROW} FROM ${CT}`),
    scoped(`SELECT ${ROW} FROM ${CT} WHERE accountid = '${OTHER}'`),
    scoped(`SELECT ${ROW} FROM ${CT} WHERE accountid <> '${MINE}' OR true`),
    scoped(
      `SELECT ${ROW} FROM ${CT} WHERE time_dt < TIMESTAMP '2000-01-01' OR true`,
    ),
    scoped(`SELECT accountid, t FROM (SELECT ${ROW} FROM ${CT}) x`),
    scoped(
      `SELECT ${ROW} FROM ${FLOW} WHERE accountid IN (SELECT accountid FROM ${CT})`,
    ),
    scoped(
      `SELECT ${ROW} FROM ${FLOW} f WHERE EXISTS (SELECT 1 FROM ${CT} c WHERE c.accountid = f.accountid)`,
    ),
    scoped(
      `SELECT (SELECT max(accountid) FROM ${CT}) AS accountid, (SELECT max(to_unixtime(time_dt)) FROM ${FLOW}) AS t`,
    ),
    scoped(
      `SELECT c.accountid, to_unixtime(f.time_dt) AS t FROM ${CT} c JOIN ${FLOW} f ON c.accountid = f.accountid LIMIT 50`,
    ),
    scoped(
      `SELECT c.accountid, to_unixtime(c.time_dt) AS t FROM ${CT} c CROSS JOIN (SELECT 1) one LIMIT 50`,
    ),
    scoped(
      `SELECT c.accountid, to_unixtime(c.time_dt) AS t FROM ${CT} c LEFT JOIN ${SH} s ON s.accountid = '${OTHER}' LIMIT 50`,
    ),
    scoped(`SELECT ${ROW} FROM ${CT} UNION ALL SELECT ${ROW} FROM ${FLOW}`),
    scoped(`SELECT ${ROW} FROM ${CT} UNION SELECT ${ROW} FROM ${SH}`),
    scoped(
      `SELECT accountid, 0 AS t FROM ${CT} INTERSECT SELECT accountid, 0 AS t FROM ${FLOW}`,
    ),
    scoped(
      `SELECT accountid, 0 AS t FROM ${CT} EXCEPT SELECT accountid, 0 AS t FROM ${CT_V1}`,
    ),
    scoped(
      `SELECT c.accountid, to_unixtime(l.time_dt) AS t FROM ${CT} c, LATERAL (SELECT * FROM ${FLOW} f WHERE f.accountid = c.accountid LIMIT 1) l LIMIT 20`,
    ),
    scoped(
      `SELECT c.accountid, to_unixtime(l.time_dt) AS t FROM ${CT} c JOIN LATERAL (SELECT time_dt FROM ${SH}) l ON true LIMIT 20`,
    ),
    scoped(`WITH c AS (SELECT ${ROW} FROM ${CT}) SELECT * FROM c`),
    scoped(
      `WITH a AS (SELECT * FROM ${CT}), b AS (SELECT accountid, to_unixtime(time_dt) AS t FROM a) SELECT * FROM b`,
    ),
    scoped(
      `WITH secret AS (SELECT * FROM ${CT}) SELECT accountid, to_unixtime(time_dt) AS t FROM secret`,
    ),
    scoped(`SELECT ${ROW} FROM "${CT}"`),
    scoped(`SELECT ${ROW} FROM "${CT.toUpperCase()}"`),
    scoped(`SELECT ${ROW} FROM ${CT.toUpperCase()}`),
    scoped(
      `SELECT ${ROW} FROM Amazon_Security_Lake_Table_Us_East_1_Cloud_Trail_Mgmt_2_0`,
    ),
    scoped(`SELECT ${ROW} FROM "${DB}"."${CT}"`),
    scoped(`SELECT ${ROW} FROM ${DB}.${CT}`),
    scoped(`SELECT ${ROW} FROM "awsdatacatalog"."${DB}"."${CT}"`),
    scoped(`SELECT ${ROW} FROM AwsDataCatalog.${DB.toUpperCase()}."${CT}"`),
    scoped(`SELECT ${ROW} FROM "awsdatacatalog" . "${DB}" . "${CT}" AS x`),
    scoped(`SELECT x.accountid, to_unixtime(x.time_dt) AS t FROM ${CT} AS x`),
    // DuckDB's sample clause is not Trino's, and Trino's is not DuckDB's: refused either way
    refused(`SELECT ${ROW} FROM ${CT} TABLESAMPLE 50%`),
    refused(`SELECT ${ROW} FROM ${CT} TABLESAMPLE BERNOULLI (50)`),
    scoped(`SELECT accountid, time / 1000 AS t FROM ${CT_V1}`),
    scoped(
      `SELECT accountid, max(to_unixtime(time_dt)) AS t FROM ${CT} GROUP BY accountid HAVING count(*) > 0`,
    ),
    scoped(
      `SELECT accountid, t FROM (SELECT ${ROW}, row_number() OVER (PARTITION BY accountid ORDER BY time_dt) AS n FROM ${CT}) WHERE n < 3`,
    ),
    scoped(
      `SELECT a.accountid, to_unixtime(b.time_dt) AS t FROM ${CT} a JOIN ${CT} b USING (accountid) LIMIT 10`,
    ),
    // a list literal is DuckDB's alone; ARRAY[...] both read
    refused(
      `SELECT u.accountid, 0 AS t FROM ${CT} c CROSS JOIN unnest([c.accountid]) AS u(accountid) LIMIT 10`,
    ),
    scoped(
      `SELECT u.accountid, 0 AS t FROM ${CT} c CROSS JOIN unnest(ARRAY[c.accountid]) AS u(accountid) LIMIT 10`,
    ),
    // a block comment DuckDB nests and Trino ends at the first */: what is sent is Trino's reading, with
    // no comment left, and both halves of the UNION are bounded
    scoped(
      `SELECT accountid, 0 AS t FROM ${CT}\n/* /* */ UNION ALL SELECT accountid, 0 AS t\nFROM ${DB}.${CT}\nWHERE accountid = '${OTHER}' -- */`,
    ),
    // a comment inside a name is dropped with every other comment before the statement is read
    scoped(`SELECT ${ROW} FROM "${DB}" /* hide */ . "${CT}"`),
    scoped(`/* a comment */ SELECT ${ROW} -- and another\nFROM ${CT}`),
    scoped(`  \n\tSELECT ${ROW}\nFROM\n  ${CT}\n`),
    scoped(`SELECT ${ROW} FROM ${CT};`),
    scoped(
      `SELECT 'café' AS note, ${ROW} FROM ${CT} WHERE accountid = '${OTHER}' OR 1 = 1`,
    ),
  ];
}

describe('ad-hoc SQL on the local engine', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-lake-adhoc-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses every hostile statement with a 400 before anything runs, and runs the rest only within the caller account and window', async () => {
    const lakeDir = path.join(dir, 'lake');
    await generateLake({ lakeDir, days: 3, eventsPerDay: 12 });
    const lakeBefore = listFiles(lakeDir);
    const knex = await databases.init('SQLITE_3');
    let refresh: () => Promise<void> = async () => {};
    const backend = await startTestBackend({
      features: [
        securityLakePlugin,
        securityLakeModuleLocal,
        catalogServiceMock.factory({ entities: [] as Entity[] }),
        mockServices.scheduler.mock({
          scheduleTask: jest.fn(async task => {
            if (task.id !== 'security-lake-coverage-refresh') return;
            refresh = async () => task.fn(new AbortController().signal);
          }),
        }).factory,
        // the accounts a caller may query are the permission tests' business; here every run names one
        mockServices.permissions.mock({
          authorize: async queries =>
            queries.map(() => ({ result: AuthorizeResult.ALLOW })),
          authorizeConditional: async queries =>
            queries.map(() => ({ result: AuthorizeResult.ALLOW })),
        }).factory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            securityLake: {
              local: { lakeDir, resultsDir: path.join(dir, 'results') },
            },
          },
        }),
      ],
    });
    await refresh();
    const server = backend.server;
    const as = {
      Authorization: mockCredentials.user.header('user:default/pat'),
    };
    const api = '/api/security-lake';
    const schemaBefore = await knex.raw(
      `SELECT type, name, sql FROM sqlite_master ORDER BY name`,
    );
    const end = new Date();
    const start = new Date(end.getTime() - 30 * 3_600_000);
    const statements = corpus(lakeDir);
    expect(statements.length).toBeGreaterThanOrEqual(100);
    let runs = 0;
    let rowsSeen = 0;
    try {
      // what became of each statement: refused (a 400 naming sql), scoped (run, and every row the run's
      // account within its window), or what went wrong instead
      const outcome = async (sql: string): Promise<string> => {
        const res = await request(server)
          .post(`${api}/runs`)
          .set(as)
          .send({
            sql,
            accountIds: [MINE],
            parameters: { region: REGION },
            window: { start: start.toISOString(), end: end.toISOString() },
          });
        if (res.status === 400 && res.body.error.message.startsWith('sql: ')) {
          return 'refused';
        }
        if (res.status !== 202) {
          return `${res.status}: ${res.body.error?.message}`;
        }
        runs++;
        const run = (
          await request(server)
            .get(`${api}/runs/${res.body.id}?waitSeconds=20`)
            .set(as)
        ).body;
        if (run.state !== 'SUCCEEDED') {
          return `${run.state}: ${run.stateReason}`;
        }
        const page = (
          await request(server)
            .get(`${api}/runs/${run.id}/results?limit=1000`)
            .set(as)
        ).body;
        const account = page.columns.findIndex(
          (c: any) => c.name === 'accountid',
        );
        const time = page.columns.findIndex((c: any) => c.name === 't');
        for (const row of page.rows) {
          rowsSeen++;
          const ms = Number(row[time]) * 1000;
          if (row[account] !== null && row[account] !== MINE) {
            return `read account ${row[account]}`;
          }
          if (ms !== 0 && (ms < start.getTime() || ms >= end.getTime())) {
            return `read ${new Date(ms).toISOString()}, outside the window`;
          }
        }
        return 'scoped';
      };
      const outcomes = [];
      for (const { sql } of statements) {
        outcomes.push({ sql, outcome: await outcome(sql) });
      }
      expect(outcomes).toEqual(
        statements.map(({ sql, expect: expected }) => ({
          sql,
          outcome: expected,
        })),
      );
      // the scoped statements did read data: the bounds let the caller's own rows through
      expect(rowsSeen).toBeGreaterThan(100);
      // nothing refused was queued, and neither the lake nor the portal's database changed shape
      const listed = (
        await request(server).get(`${api}/runs?mine=true&limit=100`).set(as)
      ).body.items;
      expect(listed).toHaveLength(runs);
      expect(
        await knex.raw(
          `SELECT type, name, sql FROM sqlite_master ORDER BY name`,
        ),
      ).toEqual(schemaBefore);
      expect(listFiles(lakeDir)).toEqual(lakeBefore);
    } finally {
      await backend.stop();
    }
  });
});

function listFiles(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => {
      const file = path.join(entry.parentPath, entry.name);
      return `${path.relative(root, file)}:${fs.statSync(file).size}`;
    })
    .sort();
}
