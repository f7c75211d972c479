import { LibraryQuery } from '@internal/plugin-security-lake-common';
import { V2_WINDOW } from './window';

/**
 * Security Hub reports a finding again whenever it is updated, so a window holds many rows per finding:
 * each of these keeps the latest report of every finding uid in the window.
 */
const LATEST_FINDINGS = `SELECT
    finding_info.uid AS finding_uid,
    time_dt AS last_reported,
    accountid,
    region,
    severity_id,
    severity,
    status,
    finding_info.title AS title,
    metadata.product.name AS product,
    resource.type AS resource_type,
    resource.uid AS resource_uid,
    compliance.control AS control,
    finding_info.first_seen_time_dt AS first_seen,
    count(*) OVER (PARTITION BY finding_info.uid) AS reports,
    row_number() OVER (
      PARTITION BY finding_info.uid
      ORDER BY time_dt DESC, time DESC
    ) AS report_rank
  FROM {{table}}
  WHERE ${V2_WINDOW}`;

/** @internal */
export const securityHubCriticalHighFindings: LibraryQuery = {
  id: 'securityhub-critical-high-findings',
  title: 'Critical and high severity findings',
  description:
    'Findings whose latest report in the window is Critical or High, one row per finding, most severe and most recent first. By default only findings still open (not resolved or suppressed).',
  sources: ['SH_FINDINGS'],
  sourceVersions: ['2.0'],
  tags: ['security-hub', 'findings', 'severity', 'triage'],
  parameters: [
    {
      name: 'state',
      title: 'Findings',
      description:
        '`open` leaves out findings whose latest status is Resolved or Suppressed.',
      type: 'choice',
      options: ['open', 'all'],
      default: 'open',
    },
  ],
  defaultWindowHours: 168,
  sql: {
    '2.0': `SELECT
  finding_uid,
  last_reported,
  accountid,
  region,
  severity_id,
  severity,
  status,
  title,
  product,
  resource_type,
  resource_uid,
  control,
  first_seen,
  reports
FROM (
  ${LATEST_FINDINGS}
) latest
WHERE report_rank = 1
  AND severity_id >= 4
  AND ({{state}} = 'all' OR status NOT IN ('Resolved', 'Suppressed'))
ORDER BY severity_id DESC, last_reported DESC, finding_uid
LIMIT 1000`,
  },
};

/** @internal */
export const securityHubDeduplicatedFindings: LibraryQuery = {
  id: 'securityhub-findings-deduplicated',
  title: 'Findings de-duplicated by finding uid',
  description:
    'Every finding reported in the window once, in its latest state (ROW_NUMBER over finding_info.uid, newest report first), with how many times it was reported. The fixed version of AWS\'s "duplicate findings in the last 7 days" example.',
  sources: ['SH_FINDINGS'],
  sourceVersions: ['2.0'],
  tags: ['security-hub', 'findings', 'deduplication'],
  parameters: [],
  defaultWindowHours: 168,
  sql: {
    '2.0': `SELECT
  finding_uid,
  last_reported,
  accountid,
  region,
  severity_id,
  severity,
  status,
  title,
  product,
  resource_type,
  resource_uid,
  first_seen,
  reports
FROM (
  ${LATEST_FINDINGS}
) latest
WHERE report_rank = 1
ORDER BY severity_id DESC, last_reported DESC, finding_uid
LIMIT 1000`,
  },
};

/** @internal */
export const securityHubFindingsBySeverity: LibraryQuery = {
  id: 'securityhub-findings-by-severity',
  title: 'Findings by product, severity and status',
  description:
    'How many distinct findings (latest state of each) and affected resources each product reported, per severity and workflow status: the posture summary for a review.',
  sources: ['SH_FINDINGS'],
  sourceVersions: ['2.0'],
  tags: ['security-hub', 'findings', 'summary'],
  parameters: [],
  defaultWindowHours: 168,
  sql: {
    '2.0': `SELECT
  product,
  severity_id,
  severity,
  status,
  count(*) AS findings,
  count(DISTINCT resource_uid) AS resources,
  count(DISTINCT accountid) AS accounts
FROM (
  ${LATEST_FINDINGS}
) latest
WHERE report_rank = 1
GROUP BY product, severity_id, severity, status
ORDER BY severity_id DESC, product, status
LIMIT 1000`,
  },
};

/** @internal */
export const SECURITY_HUB_QUERIES: readonly LibraryQuery[] = [
  securityHubCriticalHighFindings,
  securityHubDeduplicatedFindings,
  securityHubFindingsBySeverity,
];
