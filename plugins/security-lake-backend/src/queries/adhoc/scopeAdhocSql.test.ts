import { securityLakeTableName } from '@internal/plugin-security-lake-common';
import {
  SqlGrammar,
  trinoSqlGrammar,
} from '@internal/plugin-security-lake-node';
import { AdhocSql } from './scopeAdhocSql';

/** As on Athena: Trino's grammar alone decides. */
const adhoc = new AdhocSql(trinoSqlGrammar);
const CT = securityLakeTableName('us-east-1', 'CLOUD_TRAIL_MGMT', '2.0');
const CT_V1 = securityLakeTableName('us-east-1', 'CLOUD_TRAIL_MGMT', '1.0');
const FLOW = securityLakeTableName('us-east-1', 'VPC_FLOW', '2.0');
const DB = 'amazon_security_lake_glue_db_us_east_1';
const RUN = {
  region: 'us-east-1',
  accountIds: ['111111111111', '222222222222'],
  start: new Date('2026-11-22T00:00:00Z'),
  end: new Date('2026-11-23T00:00:00Z'),
};
const V2_BOUNDS = `time_dt >= CAST(? AS timestamp)
  AND time_dt < CAST(? AS timestamp)
  AND accountid IN (?, ?)`;
const V2_VALUES = [
  '2026-11-22 00:00:00.000',
  '2026-11-23 00:00:00.000',
  '111111111111',
  '222222222222',
];

describe('AdhocSql', () => {
  it('rewrites each lake table into a subquery bounded by the window and the accounts, keeping the rest as written', async () => {
    const scoped = await adhoc.scope({
      ...RUN,
      sql: `SELECT c.accountid, count(*) AS n\nFROM ${CT} c\nWHERE c.accountid = '333333333333'\nGROUP BY 1`,
    });
    expect(scoped.sql).toBe(
      `SELECT c.accountid, count(*) AS n\nFROM (SELECT * FROM "${DB}"."${CT}" WHERE ${V2_BOUNDS}) c\nWHERE c.accountid = '333333333333'\nGROUP BY 1`,
    );
    expect(scoped.values).toEqual(V2_VALUES);
    expect(scoped.sourceVersion).toBe('2.0');
    expect(scoped.tables).toEqual([`${DB}.${CT}`]);
  });

  it('keeps an unaliased table name usable as its alias, and reads the Athena-qualified and quoted forms', async () => {
    const scoped = await adhoc.scope({
      ...RUN,
      sql: `SELECT ${CT}.accountid FROM "awsdatacatalog"."${DB}"."${CT}" UNION ALL SELECT f.accountid FROM ${DB.toUpperCase()}.${FLOW} AS f`,
    });
    expect(scoped.sql).toBe(
      `SELECT ${CT}.accountid FROM (SELECT * FROM "${DB}"."${CT}" WHERE ${V2_BOUNDS}) AS "${CT}" UNION ALL SELECT f.accountid FROM (SELECT * FROM "${DB}"."${FLOW}" WHERE ${V2_BOUNDS}) AS f`,
    );
    expect(scoped.values).toEqual([...V2_VALUES, ...V2_VALUES]);
    expect(scoped.tables).toEqual([`${DB}.${CT}`, `${DB}.${FLOW}`]);
  });

  it('bounds a source version 1 table by its day partition and epoch-millisecond time', async () => {
    const scoped = await adhoc.scope({
      ...RUN,
      sql: `SELECT * FROM ${CT_V1}`,
    });
    expect(scoped.sql).toContain(
      `(SELECT * FROM "${DB}"."${CT_V1}" WHERE eventday BETWEEN ? AND ?`,
    );
    expect(scoped.values).toEqual([
      '20261122',
      '20261123',
      RUN.start.getTime(),
      RUN.end.getTime(),
      '111111111111',
      '222222222222',
    ]);
    expect(scoped.sourceVersion).toBe('1.0');
  });

  it('finds table names after multi-byte text, where DuckDB counts bytes', async () => {
    const scoped = await adhoc.scope({
      ...RUN,
      sql: `SELECT 'café ☕' AS note, accountid FROM ${CT}`,
    });
    expect(scoped.sql).toBe(
      `SELECT 'café ☕' AS note, accountid FROM (SELECT * FROM "${DB}"."${CT}" WHERE ${V2_BOUNDS}) AS "${CT}"`,
    );
  });

  it('treats a common table expression as itself only where it is in scope', async () => {
    // `later` is defined after `first` reads it: there `later` is a table, and no lake table
    const outOfScope = await adhoc.check(
      `WITH first AS (SELECT * FROM later), later AS (SELECT * FROM ${CT}) SELECT * FROM first`,
      'us-east-1',
    );
    expect(outOfScope.problems.map(p => p.message)).toEqual([
      'later is not a Security Lake table; ad-hoc SQL reads only the Security Lake tables listed beside the editor',
    ]);
    // a CTE named like a table inside a subquery does not cover the same name outside it
    const leaked = await adhoc.check(
      `SELECT * FROM (WITH secret AS (SELECT 1) SELECT * FROM secret) a, secret`,
    );
    expect(leaked.problems).toHaveLength(1);
    expect(leaked.problems[0].message).toMatch(/^secret is not a Security/);

    const scoped = await adhoc.scope({
      ...RUN,
      sql: `WITH recent AS (SELECT accountid FROM ${CT}) SELECT * FROM recent r JOIN recent s USING (accountid)`,
    });
    expect(scoped.tables).toEqual([`${DB}.${CT}`]);
    expect(scoped.values).toEqual(V2_VALUES);
  });

  it('reports a parse error at its line and column', async () => {
    expect(
      await adhoc.check(`SELECT accountid\nFORM ${CT}\nLIMIT 5`, 'us-east-1'),
    ).toEqual({
      problems: [
        {
          message: expect.stringMatching(/syntax error at or near/),
          line: 2,
          column: 6,
        },
      ],
      tables: [],
    });
    await expect(
      adhoc.scope({ ...RUN, sql: `SELECT accountid\nFORM ${CT}` }),
    ).rejects.toThrow(/^sql: line 2, column 6: syntax error/);
  });

  it('names each refused part of a statement with where it is', async () => {
    const { problems } = await adhoc.check(
      `SELECT current_setting('allowed_directories'), ?\nFROM ${CT} t,\n  TABLE(system.query(query => 'SELECT 1')) p,\n  information_schema.tables i,\n  ${securityLakeTableName(
        'eu-west-1',
        'VPC_FLOW',
        '2.0',
      )} e`,
      'us-east-1',
    );
    expect(problems).toEqual([
      {
        message:
          'current_setting() is not allowed: it reads the engine, not data',
        line: 1,
        column: 8,
      },
      {
        message:
          'TABLE(...) table functions are not allowed; ad-hoc SQL reads only Security Lake tables',
        line: 3,
        column: 3,
      },
      {
        message:
          'information_schema.tables is not a Security Lake table; ad-hoc SQL reads only the Security Lake tables listed beside the editor',
        line: 4,
        column: 3,
      },
      {
        message: `${securityLakeTableName(
          'eu-west-1',
          'VPC_FLOW',
          '2.0',
        )} is a table of eu-west-1; this run reads us-east-1`,
        line: 5,
        column: 3,
      },
      {
        message:
          'placeholders (?, $1, $name) are not allowed; write the value in the SQL',
      },
    ]);
  });

  it('refuses what is not one SELECT, and a statement that reads no lake table', async () => {
    expect((await adhoc.check('DROP TABLE x')).problems).toEqual([
      {
        message:
          'only a read-only SELECT (or WITH ... SELECT) statement may run',
        line: 1,
        column: 1,
      },
    ]);
    expect((await adhoc.check(`SELECT 1; SELECT 2`)).problems).toEqual([
      { message: 'exactly one statement may run, and this SQL has 2' },
    ]);
    expect((await adhoc.check('SELECT 1')).problems).toEqual([
      {
        message:
          'reads no Security Lake table; name one of the tables listed beside the editor',
      },
    ]);
  });

  it('reads a name with a comment inside it as Trino does, and sends it without the comment', async () => {
    const scoped = await adhoc.scope({
      ...RUN,
      sql: `SELECT * FROM "${DB}" /* x */ . ${CT}`,
    });
    expect(scoped.sql).toBe(
      `SELECT * FROM (SELECT * FROM "${DB}"."${CT}" WHERE ${V2_BOUNDS}) AS "${CT}"`,
    );
  });

  it('refuses a rewrite it cannot verify, rather than run it', async () => {
    // a parser that sees the rewritten statement's bound as missing: the check after the rewrite must notice
    // an engine whose grammar sees the rewritten statement's bound as missing: the check after the rewrite must notice
    const blind: SqlGrammar = {
      dialect: 'blind',
      engineName: 'Blind',
      read: async (sql, options) => {
        const reading = await trinoSqlGrammar.read(sql, options);
        return {
          ...reading,
          tables: reading.tables.map(({ bound: _bound, ...table }) => table),
        };
      },
    };
    const unbounded = new AdhocSql(trinoSqlGrammar, blind);
    await expect(
      unbounded.scope({ ...RUN, sql: `SELECT accountid FROM ${CT}` }),
    ).rejects.toThrow(
      'sql: the statement could not be confined to the run window and accounts',
    );
  });

  it('parses statements that arrive at once, each on its own', async () => {
    const statements = Array.from(
      { length: 20 },
      (_, i) => `SELECT ${i} AS n, accountid FROM ${i % 2 ? CT : FLOW}`,
    );
    const results = await Promise.all(
      statements.map(sql => adhoc.scope({ ...RUN, sql })),
    );
    expect(results.map(r => r.tables)).toEqual(
      statements.map((_, i) => [`${DB}.${i % 2 ? CT : FLOW}`]),
    );
    expect(
      results.map(r => r.sql.startsWith(`SELECT ${results.indexOf(r)} AS n`)),
    ).toEqual(statements.map(() => true));
  });
});
