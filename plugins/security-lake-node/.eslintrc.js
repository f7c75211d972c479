module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // dt-sql-parser's Trino grammar, bundled by scripts/bundle-trino-grammar.js
  ignorePatterns: ['generated/TrinoSql.cjs'],
});
