import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
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
import { parseSecurityLakeTableName } from '@internal/plugin-security-lake-common';
import {
  SqlReading,
  trinoSqlGrammar,
} from '@internal/plugin-security-lake-node';
import { mockClient } from 'aws-sdk-client-mock';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { DuckDbQueryEngine } from './engine/DuckDbQueryEngine';
import { DuckDbSqlGrammar } from './engine/DuckDbSqlGrammar';
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

/** payments-dev, the account every run reads. */
const ACCOUNT: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'payments-dev',
    annotations: { 'amazonaws.com/account-id': MINE },
  },
  spec: { type: 'cloud-account', owner: 'group:default/team-payments' },
};
/** The bounds of one account's run, as the rewrite writes them (the library's own window). */
const BOUNDS = [
  `time_dt >= CAST(? AS timestamp)\n  AND time_dt < CAST(? AS timestamp)\n  AND accountid IN (?)`,
  `eventday BETWEEN ? AND ?\n  AND time >= ?\n  AND time < ?\n  AND accountid IN (?)`,
];

/** What became of a statement on one engine: refused with a 400 naming `sql`, or sent with every lake table bounded. */
type Outcome = 'refused' | 'bounded';
/** How the two grammars read the statement as written: alike, differently, or neither at all. */
type Parsers = 'alike' | 'differently' | 'neither';

interface Case {
  /** The class of statement, as the note lists them. */
  kind: string;
  sql: string;
  parsers: Parsers;
  athena: Outcome;
  local: Outcome;
}

const both =
  (kind: string, parsers: Parsers, outcome: Outcome) =>
  (sql: string): Case => ({
    kind,
    sql,
    parsers,
    athena: outcome,
    local: outcome,
  });
/** Athena runs it bounded as Trino reads it; the local engine refuses it, reading it otherwise. */
const athenaOnly =
  (kind: string, parsers: Parsers) =>
  (sql: string): Case => ({
    kind,
    sql,
    parsers,
    athena: 'bounded',
    local: 'refused',
  });

function corpus(): Case[] {
  const nested = 'nested and unterminated block comments';
  const control = 'NUL and other control characters';
  const escapes = "E'...' escape strings and backslashes in strings";
  const dollar = 'dollar quotes';
  const unicode = 'U&\'...\' and U&"..." escapes';
  const lineEnds = 'CR-only and U+2028 line ends';
  const markers = '-- and /* inside strings and quoted identifiers';
  const doubled = 'doubled quotes in identifiers';
  const oneEngine = 'syntax only one of the two engines accepts';
  const spelling = 'other spellings both read alike';
  return [
    // the statement: DuckDB nests the comment and sees one table, Trino ends it at the first */
    both(
      nested,
      'differently',
      'bounded',
    )(
      `SELECT accountid, count(*) AS n FROM ${CT} GROUP BY accountid\n/* /* */ UNION ALL SELECT accountid, count(*)\nFROM ${DB}.${CT}\nWHERE accountid = '${OTHER}' GROUP BY accountid -- */`,
    ),
    both(
      nested,
      'neither',
      'refused',
    )(`SELECT ${ROW} FROM ${CT} /* unterminated`),
    both(
      nested,
      'differently',
      'refused',
    )(`/* /* */ SELECT ${ROW} FROM ${CT} */`),
    both(
      nested,
      'differently',
      'refused',
    )(`SELECT ${ROW} FROM ${CT} /* a /* b */ WHERE accountid = '${OTHER}' */`),
    both(
      nested,
      'alike',
      'bounded',
    )(`SELECT ${ROW} FROM ${CT} /**/ UNION ALL SELECT ${ROW} FROM ${FLOW}`),
    both(
      nested,
      'differently',
      'bounded',
    )(`SELECT ${ROW} /* one /* two /* three */ FROM ${CT}`),
    both(nested, 'neither', 'refused')(`SELECT ${ROW} FROM ${CT} /* */ */`),
    both(
      nested,
      'differently',
      'bounded',
    )(`SELECT ${ROW} FROM ${DB}/**/.${CT}`),
    both(nested, 'alike', 'bounded')(`SELECT 2-/**/-1 AS x, ${ROW} FROM ${CT}`),
    both(nested, 'alike', 'bounded')(`SELECT 4/**/*2 AS x, ${ROW} FROM ${CT}`),
    both(
      nested,
      'alike',
      'bounded',
    )(`SELECT ${ROW} FROM ${CT} /* 😀 */ UNION ALL SELECT ${ROW} FROM ${FLOW}`),

    // NUL: DuckDB's parser stops reading at it, Athena reads on
    both(
      control,
      'differently',
      'refused',
    )(
      `SELECT ${ROW} FROM ${CT} --\u0000\nUNION ALL SELECT ${ROW} FROM ${DB}.${CT}`,
    ),
    both(
      control,
      'differently',
      'refused',
    )(`SELECT ${ROW} FROM ${CT}\u0000 UNION ALL SELECT ${ROW} FROM ${FLOW}`),
    both(control, 'neither', 'refused')(`SELECT ${ROW}\u0001 FROM ${CT}`),
    both(
      control,
      'alike',
      'refused',
    )(`SELECT ${ROW} FROM ${CT} WHERE accountid = '\u001b[31m'`),
    both(control, 'neither', 'refused')(`SELECT ${ROW} FROM ${CT}\u000b`),
    both(control, 'differently', 'refused')(`SELECT ${ROW} FROM ${CT}\u000c`),
    both(
      control,
      'alike',
      'refused',
    )(`SELECT ${ROW} FROM ${CT} WHERE accountid = '\u202e${OTHER}'`),
    both(control, 'alike', 'refused')(`SELECT ${ROW} FROM ${CT} -- \u0085`),
    both(control, 'alike', 'bounded')(`SELECT\t${ROW}\r\nFROM\t${CT}\r\n`),

    // E'...': Trino reads a type name and a plain string, DuckDB an escape string
    athenaOnly(
      escapes,
      'differently',
    )(
      `SELECT ${ROW} FROM ${CT} WHERE accountid = E'\\' UNION ALL SELECT ${ROW} FROM ${DB}.${CT} --'`,
    ),
    both(
      escapes,
      'alike',
      'bounded',
    )(
      `SELECT ${ROW} FROM ${CT} WHERE accountid = 'a\\' UNION ALL SELECT ${ROW} FROM ${FLOW} --'`,
    ),
    both(
      escapes,
      'alike',
      'bounded',
    )(`SELECT ${ROW} FROM ${CT} WHERE accountid LIKE 'x\\%' ESCAPE '\\'`),
    both(
      escapes,
      'neither',
      'refused',
    )(`SELECT ${ROW} FROM ${CT} WHERE accountid <> '\\'' OR true`),
    both(
      escapes,
      'differently',
      'refused',
    )(`SELECT E'\\'' AS x, ${ROW} FROM ${CT}`),
    athenaOnly(
      escapes,
      'differently',
    )(
      `SELECT ${ROW} FROM ${CT} WHERE accountid = E'\\' OR ''='' UNION ALL SELECT ${ROW} FROM ${FLOW} --'`,
    ),

    // $$...$$ and $tag$...$tag$: DuckDB's strings, nothing Trino reads
    both(
      dollar,
      'differently',
      'refused',
    )(`SELECT $$ ' $$ AS x, ${ROW} FROM ${CT}`),
    both(
      dollar,
      'differently',
      'refused',
    )(`SELECT $tag$ FROM ${DB}.${CT} $tag$ AS x, ${ROW} FROM ${CT}`),
    both(
      dollar,
      'differently',
      'refused',
    )(`SELECT ${ROW} FROM ${CT} WHERE accountid = $$${OTHER}$$`),
    both(
      dollar,
      'differently',
      'refused',
    )(
      `SELECT $q$'$q$ AS x, ${ROW} FROM ${CT} WHERE accountid = '$q$' UNION ALL SELECT ${ROW} FROM ${FLOW} --'`,
    ),

    // U&'...' strings both read; U&"..." names only DuckDB does
    athenaOnly(
      unicode,
      'differently',
    )(`SELECT ${ROW} FROM ${CT} WHERE accountid = U&'\\0031\\0031'`),
    athenaOnly(
      unicode,
      'differently',
    )(`SELECT U&'\\0027' AS q, ${ROW} FROM ${CT}`),
    both(
      unicode,
      'neither',
      'refused',
    )(`SELECT ${ROW} FROM U&"${CT.replace('a', '\\0061')}"`),
    both(
      unicode,
      'neither',
      'refused',
    )(`SELECT U&"\\0061ccountid" AS a, ${ROW} FROM ${CT}`),

    // a -- comment ends at CR for both; U+2028 ends neither's
    both(
      lineEnds,
      'alike',
      'bounded',
    )(`SELECT ${ROW} FROM ${CT} -- c\rUNION ALL SELECT ${ROW} FROM ${FLOW}`),
    both(
      lineEnds,
      'alike',
      'bounded',
    )(
      `SELECT ${ROW} FROM ${CT} -- c\u2028UNION ALL SELECT ${ROW} FROM ${DB}.${CT} WHERE accountid = '${OTHER}'`,
    ),
    both(lineEnds, 'neither', 'refused')(`SELECT ${ROW}\u2028FROM ${CT}`),
    both(
      lineEnds,
      'alike',
      'bounded',
    )(`SELECT ${ROW} FROM ${CT} WHERE accountid <> '\u2028'`),
    both(
      lineEnds,
      'alike',
      'bounded',
    )(`SELECT ${ROW}\rFROM ${CT}\rWHERE accountid = '${OTHER}'`),
    both(
      lineEnds,
      'alike',
      'bounded',
    )(
      `SELECT ${ROW} FROM ${CT} -- c\u2029UNION ALL SELECT ${ROW} FROM ${DB}.${CT} WHERE accountid = '${OTHER}'`,
    ),

    // comment markers that are data
    both(markers, 'alike', 'bounded')(`SELECT '--' AS a, ${ROW} FROM ${CT}`),
    both(
      markers,
      'alike',
      'bounded',
    )(`SELECT '/*' AS a, ${ROW} FROM ${CT} WHERE '*/' <> ''`),
    both(
      markers,
      'alike',
      'bounded',
    )(`SELECT "--x", accountid, t FROM (SELECT 1 AS "--x", ${ROW} FROM ${CT})`),
    both(
      markers,
      'alike',
      'bounded',
    )(
      `SELECT ${ROW}, '/* ' AS a FROM ${CT} UNION ALL SELECT ${ROW}, ' */' AS a FROM ${FLOW}`,
    ),
    both(
      markers,
      'alike',
      'bounded',
    )(
      `SELECT "/*".accountid, 0 AS t FROM ${CT} AS "/*" WHERE "/*".accountid <> '*/'`,
    ),
    both(
      markers,
      'alike',
      'bounded',
    )(`SELECT ${ROW} FROM ${CT} WHERE accountid <> '-- '' UNION ALL SELECT 1'`),

    // "" inside a quoted name
    both(doubled, 'alike', 'refused')(`SELECT ${ROW} FROM "${CT}""x"`),
    both(
      doubled,
      'alike',
      'bounded',
    )(`SELECT accountid AS "a""b", to_unixtime(time_dt) AS t FROM ${CT}`),
    both(
      doubled,
      'alike',
      'bounded',
    )(`SELECT ${ROW} FROM ${CT} AS "x""; DROP TABLE y; --"`),
    both(doubled, 'alike', 'refused')(`SELECT ${ROW} FROM "${DB}"."${CT}"""`),
    both(
      doubled,
      'alike',
      'refused',
    )(`SELECT ${ROW} FROM "${CT}""; SELECT * FROM ${FLOW} --"`),

    // one engine's syntax
    both(oneEngine, 'differently', 'refused')(`FROM ${CT} SELECT ${ROW}`),
    both(
      oneEngine,
      'differently',
      'refused',
    )(`SELECT ${ROW} FROM ${CT} WHERE accountid ILIKE '%'`),
    both(
      oneEngine,
      'differently',
      'refused',
    )(`SELECT accountid::varchar AS accountid, 0 AS t FROM ${CT}`),
    both(
      oneEngine,
      'differently',
      'refused',
    )(`SELECT * EXCLUDE (time_dt) FROM ${CT}`),
    both(
      oneEngine,
      'differently',
      'refused',
    )(`SELECT ${ROW} FROM ${CT} QUALIFY row_number() OVER () = 1`),
    both(
      oneEngine,
      'differently',
      'refused',
    )(`SELECT {'a': 1} AS s, ${ROW} FROM ${CT}`),
    both(
      oneEngine,
      'differently',
      'refused',
    )(`SELECT [accountid] AS l, ${ROW} FROM ${CT}`),
    both(
      oneEngine,
      'differently',
      'refused',
    )(`SELECT ${ROW} FROM ${CT} USING SAMPLE 10%`),
    athenaOnly(
      oneEngine,
      'differently',
    )(`SELECT ${ROW} FROM ${CT} TABLESAMPLE BERNOULLI (50)`),
    athenaOnly(
      oneEngine,
      'differently',
    )(`SELECT U&'!0041' UESCAPE '!' AS q, ${ROW} FROM ${CT}`),
    both(
      oneEngine,
      'differently',
      'refused',
    )(
      `SELECT ${ROW} FROM ${CT} FOR TIMESTAMP AS OF TIMESTAMP '2020-01-01 00:00:00'`,
    ),
    both(oneEngine, 'differently', 'refused')(`TABLE ${CT}`),
    both(oneEngine, 'differently', 'refused')(`SELECT ${ROW} FROM \`${CT}\``),
    both(
      oneEngine,
      'differently',
      'refused',
    )(`SELECT ${ROW} FROM ${CT} SELECT 1`),

    // spellings that mean the same to both
    both(spelling, 'alike', 'bounded')(`SELECT ${ROW} FROM ${CT};`),
    both(spelling, 'alike', 'bounded')(`SELECT ${ROW} FROM ${CT}; -- trailing`),
    both(
      spelling,
      'alike',
      'bounded',
    )(`SELECT ${ROW} FROM ${CT} OFFSET 1 LIMIT 5`),
    both(
      spelling,
      'alike',
      'bounded',
    )(`SELECT try_cast(accountid AS bigint) AS x, ${ROW} FROM ${CT}`),
    both(
      spelling,
      'alike',
      'bounded',
    )(`SELECT ${ROW} FROM ${CT} WHERE regexp_like(accountid, '^2')`),
    both(
      spelling,
      'alike',
      'bounded',
    )(`SELECT "${CT}".accountid, 0 AS t FROM ${CT}`),
    both(
      spelling,
      'alike',
      'bounded',
    )(
      `SELECT ${ROW} FROM ${CT} WHERE accountid IN (SELECT accountid FROM ${DB}.${FLOW})`,
    ),
    both(
      spelling,
      'alike',
      'bounded',
    )(
      `WITH x AS (SELECT * FROM ${CT}) SELECT accountid, to_unixtime(time_dt) AS t FROM x UNION ALL SELECT ${ROW} FROM ${SH}`,
    ),
    both(
      spelling,
      'alike',
      'bounded',
    )(
      `SELECT accountid, time / 1000 AS t FROM ${CT_V1} UNION ALL SELECT ${ROW} FROM ${CT}`,
    ),
    both(
      spelling,
      'alike',
      'bounded',
    )(`SELECT '😀' AS e, ${ROW} FROM ${CT} WHERE accountid <> 'é'`),
    both(spelling, 'alike', 'bounded')(`SELECT ${ROW} FROM ${CT}--\nWHERE 1=1`),
    both(
      spelling,
      'alike',
      'bounded',
    )(
      `SELECT accountid, to_unixtime(time_dt) AS t FROM "awsdatacatalog"."${DB}"."${CT}" c`,
    ),
  ];
}

/** How the two grammars read the text as written: the same statements and tables, or not. */
function compare(trino: SqlReading, duckdb: SqlReading): Parsers {
  if (trino.syntaxError && duckdb.syntaxError) return 'neither';
  if (trino.syntaxError || duckdb.syntaxError) return 'differently';
  const tables = (r: SqlReading) =>
    r.tables
      .map(t => `${t.from}-${t.to}:${t.parts.join('.').toLowerCase()}`)
      .join(' ');
  return trino.statements === duckdb.statements &&
    tables(trino) === tables(duckdb)
    ? 'alike'
    : 'differently';
}

/** The problems with `text` as the engine that receives it reads it; none means every lake table is bounded. */
function unbounded(
  text: string,
  reading: SqlReading,
  values?: number,
): string[] {
  const problems: string[] = [];
  // 3 values bound a version 2 table (start, end, the account), 5 a version 1 table
  const parameters = reading.tables.reduce(
    (sum, t) => sum + (t.bound === 1 ? 5 : 3),
    0,
  );
  if (values !== undefined && values !== parameters) {
    problems.push(`${values} values sent for ${parameters} bound placeholders`);
  }
  if (reading.syntaxError)
    problems.push(`unreadable: ${reading.syntaxError.message}`);
  if (reading.statements !== 1)
    problems.push(`${reading.statements} statements`);
  if (reading.parameters !== parameters) {
    problems.push(
      `${reading.parameters} placeholders for ${parameters} values`,
    );
  }
  if (reading.tables.length === 0) problems.push('no table');
  for (const table of reading.tables) {
    const [name, database] = [...table.parts].reverse();
    if (!parseSecurityLakeTableName(name, database)) {
      problems.push(`not a lake table: ${text.slice(table.from, table.to)}`);
    }
    if (table.bound === undefined) {
      problems.push(`unbounded: ${text.slice(table.from, table.to)}`);
    }
  }
  return problems;
}

describe('ad-hoc SQL read by both grammars, sent to the Athena double and the local engine', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const athena = mockClient(AthenaClient);
  const duckdbGrammar = new DuckDbSqlGrammar();
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-lake-differential-'));
  });
  afterAll(() => {
    athena.restore();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function startBackend(engine: 'athena' | 'local', lakeDir: string) {
    const knex = await databases.init('SQLITE_3');
    return startTestBackend({
      features: [
        securityLakePlugin,
        securityLakeModuleLocal,
        catalogServiceMock.factory({ entities: [ACCOUNT] }),
        mockServices.scheduler.mock().factory,
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
              ...(engine === 'athena'
                ? {
                    engine: 'athena',
                    athena: { region: REGION, workGroup: 'wg' },
                  }
                : {}),
              queries: { pollIntervalMs: 5 },
              local: {
                lakeDir,
                resultsDir: path.join(dir, `results-${engine}`),
              },
            },
          },
        }),
      ],
    });
  }

  it('sends every accepted statement with each lake table read only through its bounds, as the receiving engine reads it', async () => {
    const lakeDir = path.join(dir, 'lake');
    await generateLake({ lakeDir, days: 1, eventsPerDay: 2 });
    let executions = 0;
    athena.on(StartQueryExecutionCommand).callsFake(async () => ({
      QueryExecutionId: `q-${++executions}`,
    }));
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'SUCCEEDED' },
        Statistics: { DataScannedInBytes: 0 },
      },
    });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: { ResultSetMetadata: { ColumnInfo: [] }, Rows: [] },
    });
    const sentToDuckDb: string[] = [];
    const execute = DuckDbQueryEngine.prototype.execute;
    const spy = jest
      .spyOn(DuckDbQueryEngine.prototype, 'execute')
      .mockImplementation(function record(this: DuckDbQueryEngine, req, opts) {
        sentToDuckDb.push(req.sql);
        return execute.call(this, req, opts);
      });
    const onAthena = await startBackend('athena', lakeDir);
    const onLocal = await startBackend('local', lakeDir);
    const as = {
      Authorization: mockCredentials.user.header('user:default/pat'),
    };
    const end = new Date();
    const start = new Date(end.getTime() - 30 * 3_600_000);
    const cases = corpus();
    expect(cases.length).toBeGreaterThanOrEqual(60);

    /** What the engine behind `server` was sent for the statement, or that it was refused. */
    const submit = async (
      server: typeof onAthena.server,
      sql: string,
      index: number,
    ): Promise<
      { refused: true } | { refused: false; runId: string } | { error: string }
    > => {
      const res = await request(server)
        .post('/api/security-lake/runs')
        .set(as)
        .send({
          sql,
          accountIds: [MINE],
          parameters: { region: REGION },
          // a window of its own, so that no statement's run reuses another's result
          window: {
            start: start.toISOString(),
            end: new Date(end.getTime() - index * 1000).toISOString(),
          },
        });
      if (res.status === 400 && res.body.error.message.startsWith('sql: ')) {
        return { refused: true };
      }
      if (res.status !== 202)
        return { error: `${res.status}: ${res.body.error?.message}` };
      const run = (
        await request(server)
          .get(`/api/security-lake/runs/${res.body.id}?waitSeconds=20`)
          .set(as)
      ).body;
      if (!['SUCCEEDED', 'FAILED'].includes(run.state)) {
        return { error: `run ${run.state}` };
      }
      return { refused: false, runId: res.body.id };
    };

    try {
      const seen = [];
      for (const [index, c] of cases.entries()) {
        const [trinoReading, duckdbReading] = await Promise.all([
          trinoSqlGrammar.read(c.sql),
          duckdbGrammar.read(c.sql),
        ]);
        const result: Record<string, unknown> = {
          kind: c.kind,
          sql: c.sql,
          parsers: compare(trinoReading, duckdbReading),
        };

        const before = athena.commandCalls(StartQueryExecutionCommand).length;
        const onA = await submit(onAthena.server, c.sql, index);
        if ('error' in onA) {
          result.athena = onA.error;
        } else if (onA.refused) {
          result.athena =
            athena.commandCalls(StartQueryExecutionCommand).length === before
              ? 'refused'
              : 'refused, but sent';
        } else {
          const calls = athena
            .commandCalls(StartQueryExecutionCommand)
            .slice(before);
          const input = calls[0]?.args[0].input;
          const text = input?.QueryString ?? '';
          const problems = unbounded(
            text,
            await trinoSqlGrammar.read(text, { bounds: BOUNDS }),
            input?.ExecutionParameters?.length ?? 0,
          );
          if (trinoSqlGrammar.tokens(text).some(t => t.comment)) {
            problems.push('a comment reached Athena');
          }
          result.athena =
            calls.length === 1 && problems.length === 0
              ? 'bounded'
              : `sent ${calls.length} times: ${problems.join('; ')}`;
        }

        const sentBefore = sentToDuckDb.length;
        const onL = await submit(onLocal.server, c.sql, index);
        if ('error' in onL) {
          result.local = onL.error;
        } else if (onL.refused) {
          result.local =
            sentToDuckDb.length === sentBefore
              ? 'refused'
              : 'refused, but sent';
        } else {
          const text = sentToDuckDb[sentBefore] ?? '';
          const problems = unbounded(
            text,
            await duckdbGrammar.read(text, { bounds: BOUNDS }),
          );
          result.local =
            problems.length === 0 ? 'bounded' : problems.join('; ');
        }
        seen.push(result);
      }
      expect(seen).toEqual(
        cases.map(({ kind, sql, parsers, athena: a, local }) => ({
          kind,
          sql,
          parsers,
          athena: a,
          local,
        })),
      );
      // the corpus exercises what it says: statements the two read differently, and ones each refuses
      expect(
        cases.filter(c => c.parsers === 'differently').length,
      ).toBeGreaterThan(20);
      expect(cases.filter(c => c.athena === 'bounded').length).toBeGreaterThan(
        25,
      );
    } finally {
      spy.mockRestore();
      await onAthena.stop();
      await onLocal.stop();
    }
  });
});
