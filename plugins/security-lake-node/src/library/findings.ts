import {
  LibraryQuery,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import { V1_WINDOW, V2_WINDOW } from './window';

/** How a column of a finding record comes back from the engine, and is turned back into its value. */
type ColumnKind = 'json' | 'number' | 'text';

/**
 * The columns of a Security Hub findings table the portal reads, per source version: the documented table
 * columns (../shared/ocsf schema notes for version 2; AWS's sample records for version 1). Nested ones come
 * back as JSON text: Trino casts a named ROW to a JSON object and a plain TIMESTAMP to its text, and the
 * local engine's `json_format` macro does the same for DuckDB.
 */
const RECORD_COLUMNS: Record<
  SecurityLakeSourceVersion,
  [string, ColumnKind][]
> = {
  '2.0': [
    ['metadata', 'json'],
    ['time', 'number'],
    ['time_dt', 'text'],
    ['confidence_score', 'number'],
    ['message', 'text'],
    ['cloud', 'json'],
    ['resource', 'json'],
    ['finding_info', 'json'],
    ['remediation', 'json'],
    ['compliance', 'json'],
    ['vulnerabilities', 'json'],
    ['resources', 'json'],
    ['evidences', 'json'],
    ['class_name', 'text'],
    ['class_uid', 'number'],
    ['category_name', 'text'],
    ['category_uid', 'number'],
    ['severity_id', 'number'],
    ['severity', 'text'],
    ['activity_name', 'text'],
    ['activity_id', 'number'],
    ['type_uid', 'number'],
    ['type_name', 'text'],
    ['status', 'text'],
    ['unmapped', 'json'],
    ['accountid', 'text'],
    ['region', 'text'],
    ['asl_version', 'text'],
    ['observables', 'json'],
  ],
  '1.0': [
    ['metadata', 'json'],
    ['time', 'number'],
    ['cloud', 'json'],
    ['finding', 'json'],
    ['compliance', 'json'],
    ['malware', 'json'],
    ['process', 'json'],
    ['resources', 'json'],
    ['vulnerabilities', 'json'],
    ['class_name', 'text'],
    ['class_uid', 'number'],
    ['category_name', 'text'],
    ['category_uid', 'number'],
    ['activity_name', 'text'],
    ['activity_id', 'number'],
    ['type_name', 'text'],
    ['type_uid', 'number'],
    ['confidence', 'number'],
    ['severity', 'text'],
    ['severity_id', 'number'],
    ['state', 'text'],
    ['state_id', 'number'],
    ['unmapped', 'json'],
    ['accountid', 'text'],
    ['region', 'text'],
    ['eventday', 'text'],
  ],
};

function selectList(version: SecurityLakeSourceVersion): string {
  return RECORD_COLUMNS[version]
    .map(([name, kind]) =>
      kind === 'json'
        ? `json_format(CAST(${name} AS JSON)) AS ${name}`
        : `${name}`,
    )
    .join(',\n  ');
}

/**
 * The latest report of every finding uid of each account in the window, with how often it was reported:
 * the fixed pattern of AWS's "duplicate findings" example, ranked per account and uid so an uid reported
 * under two accounts stays with each. The record is cast to JSON only for the rows kept.
 *
 * @public
 */
export const LATEST_FINDINGS_QUERY: LibraryQuery = {
  id: 'findings-latest',
  title: 'Findings: the latest report of each finding',
  description: 'The portal reads its copy of the findings with this.',
  sources: ['SH_FINDINGS'],
  sourceVersions: ['2.0', '1.0'],
  tags: [],
  parameters: [],
  defaultWindowHours: 720,
  sql: {
    '2.0': `SELECT
  reports,
  ${selectList('2.0')}
FROM (
  SELECT
    *,
    count(*) OVER (PARTITION BY accountid, finding_info.uid) AS reports,
    row_number() OVER (
      PARTITION BY accountid, finding_info.uid
      ORDER BY time_dt DESC, time DESC
    ) AS report_rank
  FROM {{table}}
  WHERE ${V2_WINDOW}
) ranked
WHERE report_rank = 1`,
    '1.0': `SELECT
  reports,
  ${selectList('1.0')}
FROM (
  SELECT
    *,
    count(*) OVER (PARTITION BY accountid, finding.uid) AS reports,
    row_number() OVER (
      PARTITION BY accountid, finding.uid
      ORDER BY time DESC
    ) AS report_rank
  FROM {{table}}
  WHERE ${V1_WINDOW}
) ranked
WHERE report_rank = 1`,
  },
};

/** Distinct findings reported per account, day and severity in the window. @public */
export const DAILY_FINDINGS_QUERY: LibraryQuery = {
  id: 'findings-daily',
  title: 'Findings: distinct findings per day and severity',
  description: 'The portal draws the findings trend from this.',
  sources: ['SH_FINDINGS'],
  sourceVersions: ['2.0', '1.0'],
  tags: [],
  parameters: [],
  defaultWindowHours: 720,
  sql: {
    '2.0': `SELECT
  accountid,
  CAST(time_dt AS date) AS day,
  severity_id,
  count(DISTINCT finding_info.uid) AS findings
FROM {{table}}
WHERE ${V2_WINDOW}
GROUP BY accountid, CAST(time_dt AS date), severity_id`,
    '1.0': `SELECT
  accountid,
  eventday AS day,
  severity_id,
  count(DISTINCT finding.uid) AS findings
FROM {{table}}
WHERE ${V1_WINDOW}
GROUP BY accountid, eventday, severity_id`,
  },
};

/**
 * A row of the latest-findings query as the record it came from: nested columns parsed back from their JSON
 * text, numbers back to numbers (Athena hands every cell back as text), and how many reports it had.
 *
 * @public
 */
export function recordFromRow(
  version: SecurityLakeSourceVersion,
  columns: string[],
  row: (string | null)[],
): { record: Record<string, unknown>; reports: number } {
  const kinds = new Map(RECORD_COLUMNS[version]);
  const record: Record<string, unknown> = {};
  let reports = 1;
  columns.forEach((name, i) => {
    const cell = row[i];
    if (name === 'reports') {
      reports = Number(cell) || 1;
      return;
    }
    if (cell === null || cell === undefined) {
      record[name] = null;
      return;
    }
    switch (kinds.get(name)) {
      case 'json':
        try {
          record[name] = JSON.parse(cell);
        } catch {
          // a value the engine could not render as JSON is kept as its text rather than lost
          record[name] = cell;
        }
        return;
      case 'number': {
        const n = Number(cell);
        record[name] = Number.isFinite(n) ? n : cell;
        return;
      }
      default:
        record[name] = cell;
    }
  });
  return { record, reports };
}

/** `2026-11-23` from either version's day: a date's text, or a version 1 `YYYYMMDD` partition. @public */
export function dayOf(value: string | null): string | undefined {
  if (!value) return undefined;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return iso?.[1];
}
