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
