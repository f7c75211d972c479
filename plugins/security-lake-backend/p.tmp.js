const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const sql = process.argv[2];
  const r = await c.runAndReadAll(`SELECT json_serialize_sql($1::VARCHAR)`, [sql]);
  console.log(JSON.stringify(JSON.parse(r.getRows()[0][0]), null, 1));
})();
