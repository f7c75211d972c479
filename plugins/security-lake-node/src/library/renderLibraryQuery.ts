import { InputError } from '@backstage/errors';
import {
  isSecurityLakeSourceName,
  LibraryQuery,
  securityLakeTableRef,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import { QueryParameter } from '../QueryEngine';
import { V1_WINDOW, V2_WINDOW } from './window';

/** What a library query is run with, every value already checked. @public */
export interface RenderInput {
  query: LibraryQuery;
  version: SecurityLakeSourceVersion;
  region: string;
  accountIds: string[];
  start: Date;
  end: Date;
  /** The query's own parameters by name. */
  values: Record<string, string | number>;
}

/** @public */
export interface RenderedQuery {
  /** SQL with a positional `?` wherever a value is bound. */
  sql: string;
  /** The values, in the order of the `?`s. */
  values: QueryParameter[];
}

const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9_]*)(?::([A-Z0-9_]+))?\}\}/g;

/** `2026-11-23 08:00:00.000`: the timestamp text both Trino's and DuckDB's CAST accept. */
function timestampText(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

function dayText(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * Turns a library query's template into SQL and bound values. Tables are chosen from the source catalogue
 * and the checked region; every value becomes a positional `?` and travels beside the SQL, never in it.
 *
 * @public
 */
export function renderLibraryQuery(input: RenderInput): RenderedQuery {
  const template = input.query.sql[input.version];
  if (!template) {
    throw new InputError(
      `Query ${input.query.id} has no SQL for source version ${input.version}`,
    );
  }
  return renderTemplate(template, {
    ...input,
    name: `Query ${input.query.id}`,
    table: (source = input.query.sources[0]) => {
      if (!isSecurityLakeSourceName(source)) {
        throw new Error(
          `Query ${input.query.id} names an unknown source ${source}`,
        );
      }
      return securityLakeTableRef(input.region, source, input.version);
    },
  });
}

/**
 * The bounds a lake table is read within, the library's window (`V2_WINDOW`/`V1_WINDOW`) with its values:
 * what ad-hoc SQL's every table reference is wrapped in.
 *
 * @public
 */
export function renderTableBounds(
  input: Pick<RenderInput, 'version' | 'accountIds' | 'start' | 'end'>,
): RenderedQuery {
  return renderTemplate(input.version === '1.0' ? V1_WINDOW : V2_WINDOW, {
    ...input,
    values: {},
    name: 'The table bounds',
    table: () => {
      throw new Error('The table bounds name no table');
    },
  });
}

function renderTemplate(
  template: string,
  input: Omit<RenderInput, 'query' | 'region'> & {
    name: string;
    table: (source?: string) => string;
  },
): RenderedQuery {
  const values: QueryParameter[] = [];
  const sql = template.replace(
    PLACEHOLDER,
    (_match, name: string, source?: string) => {
      switch (name) {
        case 'table':
          return input.table(source);
        case 'accounts':
          if (input.accountIds.length === 0) {
            throw new InputError('accountIds: at least one account is needed');
          }
          values.push(...input.accountIds);
          return input.accountIds.map(() => '?').join(', ');
        case 'start':
          values.push(timestampText(input.start));
          return '?';
        case 'end':
          values.push(timestampText(input.end));
          return '?';
        case 'startDay':
          values.push(dayText(input.start));
          return '?';
        case 'endDay':
          values.push(dayText(input.end));
          return '?';
        case 'startMs':
          values.push(input.start.getTime());
          return '?';
        case 'endMs':
          values.push(input.end.getTime());
          return '?';
        default: {
          if (!(name in input.values)) {
            throw new Error(
              `${input.name} uses {{${name}}}, which is not one of its parameters`,
            );
          }
          values.push(input.values[name]);
          return '?';
        }
      }
    },
  );
  return { sql, values };
}
