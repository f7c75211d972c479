import {
  QueryRun,
  queryRunCsvFileName,
} from '@internal/plugin-security-lake-common';

/** Bytes as people read them: `512 B`, `1.5 KB`, `5.5 MB`, `2.25 GB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  let digits = 2;
  if (unit === 0 || value >= 100) digits = 0;
  else if (value >= 10) digits = 1;
  return `${Number(value.toFixed(digits)).toLocaleString('en-US')} ${
    units[unit]
  }`;
}

/** A duration as `45 s`, `2 min 5 s` or `1 h 3 min`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** What the user waited: from the request to the end, or to `now` while the run goes on. */
export function runElapsedMs(run: QueryRun, now: number): number {
  const end = run.completedAt ? Date.parse(run.completedAt) : now;
  return end - Date.parse(run.createdAt);
}

/** A bound value as it would read in SQL. */
export function sqlLiteral(value: string | number | boolean): string {
  return typeof value === 'string'
    ? `'${value.replace(/'/g, "''")}'`
    : String(value);
}

/** The run's SQL with its `?`s, then the values bound to them, as SQL comments so the text still runs. */
export function runSqlWithValues(run: QueryRun): string {
  if (run.boundValues.length === 0) return run.sql;
  return [
    run.sql,
    '',
    '-- Bound values, in the order of the ?s:',
    ...run.boundValues.map((v, i) => `-- ${i + 1}: ${sqlLiteral(v)}`),
  ].join('\n');
}

/** `iam-changes-2024-05-01.csv`: the name the backend gives the same file, by the same rule. */
export function csvFileName(run: QueryRun): string {
  return queryRunCsvFileName(run);
}
