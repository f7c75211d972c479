import { trinoSqlGrammar as trino } from './TrinoSqlGrammar';

const T = 'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0';
const DB = 'amazon_security_lake_glue_db_us_east_1';

describe('TrinoSqlGrammar', () => {
  it('ends a block comment at the first */, as Trino does, where DuckDB would nest it', async () => {
    const sql = `SELECT accountid FROM ${T}\n/* /* */ UNION ALL SELECT accountid FROM ${DB}.${T} WHERE accountid = '3' -- */`;
    const reading = await trino.read(sql);
    expect(reading.syntaxError).toBeUndefined();
    expect(reading.statements).toBe(1);
    expect(reading.tables.map(t => [t.parts, sql.slice(t.from, t.to)])).toEqual(
      [
        [[T], T],
        [[DB, T], `${DB}.${T}`],
      ],
    );
  });
});

describe('TrinoSqlGrammar.rebuild', () => {
  it('drops comments, keeps every other token as written, and maps offsets back to the text as written', () => {
    const sql = `SELECT '😀' AS e, 2-/**/-1 AS x -- note\nFROM ${T} /* a */;`;
    const rebuilt = trino.rebuild(sql);
    expect(rebuilt.problems).toEqual([]);
    expect(rebuilt.text).toBe(`SELECT '😀' AS e, 2- -1 AS x \nFROM ${T}  `);
    const at = rebuilt.text.indexOf(T);
    expect(sql.slice(rebuilt.originalOffset(at))).toMatch(new RegExp(`^${T}`));
  });

  it('names what Trino cannot read: a character outside a string, back quotes, a name that starts with a digit', () => {
    expect(
      trino.rebuild('SELECT é, `x`, 1ab FROM t').problems.map(p => p.offset),
    ).toEqual([7, 10, 15]);
  });
});

describe('TrinoSqlGrammar.readSync', () => {
  it('reports a table read exactly as SELECT * FROM <name> WHERE <bounds> as bounded, and no other', () => {
    const bounds = 'time_dt >= ? AND accountid IN (?)';
    const sql = `SELECT * FROM (SELECT * FROM "${DB}"."${T}" WHERE ${bounds}) a JOIN (SELECT * FROM ${T} WHERE time_dt >= ?) b ON true`;
    const reading = trino.readSync(sql, { bounds: ['x = ?', bounds] });
    expect(reading.tables.map(t => t.bound)).toEqual([1, undefined]);
    expect(reading.parameters).toBe(3);
  });

  it('keeps common table expressions out of the tables, in scope only after their definition', () => {
    const reading = trino.readSync(
      `WITH a AS (SELECT * FROM b), b AS (SELECT * FROM ${T}) SELECT * FROM a, b`,
    );
    expect(reading.tables.map(t => t.parts)).toEqual([['b'], [T]]);
  });

  it('refuses what a read-only statement over lake tables may not do, with where', () => {
    const reading = trino.readSync(
      `WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r`,
    );
    expect(reading.refused).toEqual([
      { message: 'WITH RECURSIVE is not allowed', offset: 0 },
    ]);
    expect(trino.readSync('DELETE FROM t').refused[0].message).toMatch(
      /only a read-only SELECT/,
    );
    expect(
      trino.readSync('SELECT * FROM TABLE(f(1))').refused[0].message,
    ).toMatch(/table functions are not allowed/);
    expect(trino.readSync('SELECT current_user').refused[0].offset).toBe(7);
  });

  it('says where it stopped, past multi-byte text', () => {
    expect(trino.readSync(`SELECT '😀' FORM ${T}`).syntaxError).toEqual({
      message: `syntax error at or near "${T}"`,
      offset: 17,
    });
    expect(trino.readSync('SELECT').syntaxError).toEqual({
      message: 'syntax error at end of input',
      offset: 6,
    });
  });
});
