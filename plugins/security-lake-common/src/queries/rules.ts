import { parseSecurityLakeTableName, SECURITY_LAKE_SOURCES } from '../sources';
import { QueryRun, LibraryQueryParameter } from './types';

/**
 * C0/C1 controls, and the invisible or direction-changing characters a look-alike value hides behind: refused
 * in every text a caller sends with a query (a parameter's value, a run's title, a team query's name).
 *
 * @public
 */
export const HIDDEN_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/;

/** Whether the text holds one of the `HIDDEN_CHARACTERS`. @public */
export function hasHiddenCharacters(text: string): boolean {
  return HIDDEN_CHARACTERS.test(text);
}

/**
 * The rule a parameter's value breaks, with what the rule says, and `message`: the server's words for it
 * (after the field's name). A form may word each rule its own way.
 *
 * @public
 */
export type QueryParameterProblem = { message: string } & (
  | { rule: 'integer' }
  | { rule: 'min'; min: number }
  | { rule: 'max'; max: number }
  | { rule: 'choice'; options: string[] }
  | { rule: 'text' }
  | { rule: 'maxLength'; maxLength: number; length: number }
  | { rule: 'hidden' }
  | { rule: 'pattern'; expected: string }
);

/** The longest text a parameter takes when it names no `maxLength`. @public */
export const DEFAULT_PARAMETER_MAX_LENGTH = 256;

/**
 * Checks one value against its parameter's rules, the same in the form and on the server: a whole number
 * (as a number, or its text of at most 15 digits) within `min` and `max`; one of the `options`; text within
 * `maxLength`, without hidden characters, matching the whole of `pattern`. Answers the value as it is bound
 * (a whole number's text as the number), or the problem. A `pattern` that is no regular expression throws.
 *
 * @public
 */
export function checkQueryParameter(
  parameter: LibraryQueryParameter,
  value: unknown,
):
  | { value: string | number; problem?: undefined }
  | { problem: QueryParameterProblem } {
  switch (parameter.type) {
    case 'integer': {
      const n =
        typeof value === 'string' && /^-?\d{1,15}$/.test(value)
          ? Number(value)
          : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
        return {
          problem: { rule: 'integer', message: 'must be a whole number' },
        };
      }
      if (parameter.min !== undefined && n < parameter.min) {
        return {
          problem: {
            rule: 'min',
            min: parameter.min,
            message: `must be at least ${parameter.min}`,
          },
        };
      }
      if (parameter.max !== undefined && n > parameter.max) {
        return {
          problem: {
            rule: 'max',
            max: parameter.max,
            message: `must be at most ${parameter.max}`,
          },
        };
      }
      return { value: n };
    }
    case 'choice': {
      const options = parameter.options ?? [];
      if (typeof value !== 'string' || !options.includes(value)) {
        return {
          problem: {
            rule: 'choice',
            options,
            message: `must be one of ${options.join(', ')}`,
          },
        };
      }
      return { value };
    }
    default: {
      if (typeof value !== 'string') {
        return { problem: { rule: 'text', message: 'must be text' } };
      }
      const maxLength = parameter.maxLength ?? DEFAULT_PARAMETER_MAX_LENGTH;
      if (value.length > maxLength) {
        return {
          problem: {
            rule: 'maxLength',
            maxLength,
            length: value.length,
            message: `may be at most ${maxLength} characters long`,
          },
        };
      }
      if (hasHiddenCharacters(value)) {
        return {
          problem: {
            rule: 'hidden',
            message: 'contains control or invisible characters',
          },
        };
      }
      if (
        parameter.pattern &&
        !new RegExp(`^(?:${parameter.pattern})$`, 'u').test(value)
      ) {
        const expected =
          parameter.placeholder ?? `a value matching ${parameter.pattern}`;
        return {
          problem: {
            rule: 'pattern',
            expected,
            message: `does not look like ${expected}`,
          },
        };
      }
      return { value };
    }
  }
}

/**
 * The name a run's result CSV is downloaded under: `<title as a slug>-<day it was created>.csv`, with nothing
 * in it a header could trip over. The server sends it, and the page names the file the same.
 *
 * @public
 */
export function queryRunCsvFileName(
  run: Pick<QueryRun, 'title' | 'createdAt'>,
): string {
  const slug = run.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug || 'query'}-${run.createdAt.slice(0, 10)}.csv`;
}

/**
 * The title an ad-hoc run gets when its author gives none: what it reads, by the sources' titles
 * ("SQL over CloudTrail management events and VPC Flow Logs"), so a list of runs tells them apart. `tables`
 * are the lake tables the statement reads, as `database.table`.
 *
 * @public
 */
export function adhocRunTitle(tables: string[]): string {
  const titles = [
    ...new Set(
      tables.map(dotted => {
        const table = dotted.slice(dotted.lastIndexOf('.') + 1);
        const identity = parseSecurityLakeTableName(table);
        return identity
          ? SECURITY_LAKE_SOURCES.find(s => s.name === identity.source)!.title
          : table;
      }),
    ),
  ];
  if (titles.length === 0) return 'Ad-hoc SQL';
  const listed =
    titles.length === 1
      ? titles[0]
      : `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`;
  return `SQL over ${listed}`;
}
