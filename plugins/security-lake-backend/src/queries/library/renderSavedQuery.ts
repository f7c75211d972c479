import { InputError } from '@backstage/errors';
import {
  isSecurityLakeSourceName,
  SavedQuery,
  securityLakeTableRef,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import { QueryParameter } from '@internal/plugin-security-lake-node';

/** What a saved query is run with, every value already checked. @internal */
export interface RenderInput {
  query: SavedQuery;
  version: SecurityLakeSourceVersion;
  region: string;
  accountIds: string[];
  start: Date;
  end: Date;
  /** The query's own parameters by name. */
  values: Record<string, string | number>;
}

/** @internal */
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
 * @internal
 */
export function renderSavedQuery(input: RenderInput): RenderedQuery {
  const template = input.query.sql[input.version];
  if (!template) {
    throw new InputError(
      `Query ${input.query.id} has no SQL for source version ${input.version}`,
    );
  }
  const values: QueryParameter[] = [];
  const sql = template.replace(
    PLACEHOLDER,
    (_match, name: string, source?: string) => {
      switch (name) {
        case 'table': {
          const tableSource = source ?? input.query.sources[0];
          if (!isSecurityLakeSourceName(tableSource)) {
            throw new Error(
              `Query ${input.query.id} names an unknown source ${tableSource}`,
            );
          }
          return securityLakeTableRef(input.region, tableSource, input.version);
        }
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
              `Query ${input.query.id} uses {{${name}}}, which is not one of its parameters`,
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
