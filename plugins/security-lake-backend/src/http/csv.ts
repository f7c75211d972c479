import { Options, stringify, Stringifier } from 'csv-stringify';
import { parse, Parser } from 'csv-parse';
import { Transform } from 'node:stream';

/**
 * What a spreadsheet takes for the start of a formula: `=`, `+`, `-`, `@`, a tab or a carriage return, and
 * the full-width `＝ ＋ － ＠` that Apple Numbers reads as the same.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * The one rule for every CSV the plugin exports: a cell that a spreadsheet would read as a formula gets a
 * leading `'`, so that it shows as the text it is (OWASP "CSV injection"). Numbers follow the same rule:
 * `-5` becomes `'-5`, since a cell cannot tell a negative number from `-2+3` by its first character.
 *
 * @internal
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** csv-stringify options whose every cell, header included, goes through `neutraliseFormula`. */
function formulaSafe(options: Options): Options {
  return {
    ...options,
    cast: {
      string: neutraliseFormula,
      number: value => neutraliseFormula(String(value)),
      bigint: value => neutraliseFormula(String(value)),
    },
  };
}

/**
 * A csv-stringify stringifier whose every cell, header included, goes through `neutraliseFormula`. Every CSV
 * export is written by csv-stringify with these options.
 *
 * @internal
 */
export function formulaSafeStringifier(options: Options = {}): Stringifier {
  return stringify(formulaSafe(options));
}

/**
 * Reads an RFC 4180 CSV byte stream (an engine's result object: a header row, `"` quoting with `""` for a
 * quote) into records, one array per row, as it arrives, with csv-parse. An unquoted empty field is `null`
 * (how Athena and DuckDB write NULL), a quoted one `''`, so that writing the records again keeps the
 * difference. Anything that is not such a CSV is an error (csv-parse's `CSV_...` codes), not a guess.
 *
 * @internal
 */
export function csvRecords(): Parser {
  return parse({
    cast: (value, context) =>
      context.quoting || value !== '' ? value : (null as unknown as string),
    // a one-column result writes a NULL row as an empty line
    relax_column_count: true,
  });
}

/**
 * An engine's result CSV as it is downloaded: read a chunk's records at a time and written again with every
 * field quoted (as Athena and DuckDB write it, NULL still an empty unquoted field) by csv-stringify with the
 * options of every export. Streams record by record.
 *
 * @internal
 */
export function formulaSafeResultCsv(): [Transform, Transform] {
  return [
    csvRecords(),
    stringify(formulaSafe({ quoted: true, quoted_string: true })),
  ];
}
