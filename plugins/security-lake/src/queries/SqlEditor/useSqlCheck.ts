import { useApi } from '@backstage/core-plugin-api';
import { SqlCheckResult } from '@internal/plugin-security-lake-common';
import { useEffect, useState } from 'react';
import { securityLakeApiRef } from '../../api';
import { useDebounced } from '../../hooks';

/** The answer of the last check: for which text, and what the server said or why it could not. */
export interface SqlCheck {
  sql: string;
  result?: SqlCheckResult;
  error?: Error;
}

/**
 * Has the server parse the SQL once typing has paused for `delayMs`, and again when the region changes.
 * An answer for text that has since changed is still returned (marked by its `sql`), so problems stay
 * in view until the next answer; an answer that comes after a newer question is dropped.
 */
export function useSqlCheck(
  sql: string,
  region: string | undefined,
  delayMs: number,
): SqlCheck | undefined {
  const api = useApi(securityLakeApiRef);
  const debounced = useDebounced(sql, delayMs);
  const [check, setCheck] = useState<SqlCheck>();

  useEffect(() => {
    if (!debounced.trim()) {
      setCheck(undefined);
      return undefined;
    }
    let current = true;
    api.checkSql(region ? { sql: debounced, region } : { sql: debounced }).then(
      result => {
        if (current) setCheck({ sql: debounced, result });
      },
      error => {
        if (current) setCheck({ sql: debounced, error });
      },
    );
    return () => {
      current = false;
    };
  }, [api, debounced, region]);

  return sql.trim() ? check : undefined;
}
