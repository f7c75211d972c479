import { Options, stringify, Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { StringDecoder } from 'node:string_decoder';
import { Transform, TransformCallback } from 'node:stream';

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
 * Splits an RFC 4180 CSV byte stream (an engine's result object: a header row, `"` quoting with `""` for a
 * quote, `\n` or `\r\n` between records) into records, one array per row, as it arrives: each chunk read
 * gives the array of the records it completed. An unquoted empty
 * field is `null` (how Athena and DuckDB write NULL), a quoted one `''`, so that writing the records again
 * keeps the difference. Anything that is not such a CSV (text after a closing quote, an unterminated quote)
 * is an error, not a guess.
 *
 * csv-parse would do this; it is not among the installed packages, so this is the smallest strict reader
 * that does what the run results export needs.
 *
 * @internal
 */
export function csvRecords(): Transform {
  const decoder = new StringDecoder('utf8');
  let record: (string | null)[] = [];
  let field = '';
  /** The current field opened with a quote. */
  let quoted = false;
  /** Within the quotes of a quoted field. */
  let inQuotes = false;
  /** A quote was the last character of the previous chunk, inside quotes: closing or the first of `""`. */
  let quoteAtEnd = false;
  /** A record ended at a `\r`: a `\n` right after it belongs to it. */
  let afterCR = false;
  /** Characters read into the current record, so a trailing line break makes no empty record. */
  let recordStarted = false;
  let line = 1;

  const endField = () => {
    record.push(quoted || field !== '' ? field : null);
    field = '';
    quoted = false;
  };

  function read(text: string, push: (r: (string | null)[]) => void) {
    let i = 0;
    const n = text.length;
    if (quoteAtEnd && n > 0) {
      quoteAtEnd = false;
      if (text[0] === '"') {
        field += '"';
        i = 1;
      } else {
        inQuotes = false;
      }
    }
    if (afterCR && n > 0) {
      afterCR = false;
      if (text[i] === '\n') i++;
    }
    while (i < n) {
      if (inQuotes) {
        const close = text.indexOf('"', i);
        if (close < 0) {
          field += text.slice(i);
          line += countLines(text, i, n);
          return;
        }
        field += text.slice(i, close);
        line += countLines(text, i, close);
        if (close + 1 === n) {
          quoteAtEnd = true;
          return;
        }
        if (text[close + 1] === '"') {
          field += '"';
          i = close + 2;
        } else {
          inQuotes = false;
          i = close + 1;
        }
        continue;
      }
      const c = text[i];
      if (c === ',') {
        endField();
        recordStarted = true;
        i++;
      } else if (c === '\n' || c === '\r') {
        if (recordStarted || field !== '' || quoted) {
          endField();
          push(record);
        } else {
          // an empty line is a record of one NULL, as a one-column result's NULL row is written
          push([null]);
        }
        record = [];
        recordStarted = false;
        line++;
        i++;
        if (c === '\r') {
          if (i === n) afterCR = true;
          else if (text[i] === '\n') i++;
        }
      } else if (quoted) {
        throw new Error(
          `The result CSV has text after a closing quote on line ${line}`,
        );
      } else if (c === '"') {
        if (field !== '') {
          throw new Error(
            `The result CSV has a quote inside an unquoted field on line ${line}`,
          );
        }
        quoted = true;
        inQuotes = true;
        recordStarted = true;
        i++;
      } else {
        // an unquoted field runs to the next delimiter, line break or (misplaced) quote
        let end = i + 1;
        while (end < n) {
          const d = text[end];
          if (d === ',' || d === '\n' || d === '\r' || d === '"') break;
          end++;
        }
        field += text.slice(i, end);
        recordStarted = true;
        i = end;
      }
    }
  }

  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer | string, _encoding, callback: TransformCallback) {
      try {
        const batch: (string | null)[][] = [];
        read(typeof chunk === 'string' ? chunk : decoder.write(chunk), r =>
          batch.push(r),
        );
        if (batch.length > 0) this.push(batch);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        const batch: (string | null)[][] = [];
        read(decoder.end(), r => batch.push(r));
        if (quoteAtEnd) {
          quoteAtEnd = false;
          inQuotes = false;
        }
        if (inQuotes) {
          throw new Error(
            `The result CSV ends inside a quoted field begun by line ${line}`,
          );
        }
        // the last record, when no line break follows it
        if (recordStarted || field !== '' || quoted) {
          endField();
          batch.push(record);
        }
        if (batch.length > 0) this.push(batch);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (
    let i = text.indexOf('\n', from);
    i >= 0 && i < to;
    i = text.indexOf('\n', i + 1)
  ) {
    lines++;
  }
  return lines;
}

/**
 * An engine's result CSV as it is downloaded: read a chunk's records at a time and written again with every
 * field quoted (as Athena and DuckDB write it, NULL still an empty unquoted field) by csv-stringify with the
 * options of every export. Streams: nothing holds more than a chunk's records.
 *
 * @internal
 */
export function formulaSafeResultCsv(): [Transform, Transform] {
  const options = formulaSafe({ quoted: true, quoted_string: true });
  return [
    csvRecords(),
    new Transform({
      writableObjectMode: true,
      transform(batch: (string | null)[][], _encoding, callback) {
        try {
          callback(null, stringifySync(batch, options));
        } catch (error) {
          callback(error as Error);
        }
      },
    }),
  ];
}
