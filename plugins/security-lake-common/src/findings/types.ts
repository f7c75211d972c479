import { SecurityLakeSourceVersion } from '../sources';

/**
 * OCSF severities by `severity_id`, most severe first as lists show them. `Fatal` (6), `Other` (99) and
 * `Unknown` (0) are OCSF's too; Security Hub doesn't send them, but a record that does is shown as it is.
 *
 * @public
 */
export const FINDING_SEVERITIES = [
  'Fatal',
  'Critical',
  'High',
  'Medium',
  'Low',
  'Informational',
  'Other',
  'Unknown',
] as const;

/** @public */
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** OCSF `severity_id` of each severity. @public */
export const FINDING_SEVERITY_IDS: Record<FindingSeverity, number> = {
  Unknown: 0,
  Informational: 1,
  Low: 2,
  Medium: 3,
  High: 4,
  Critical: 5,
  Fatal: 6,
  Other: 99,
};

/** @public */
export function findingSeverityOf(severityId: number): FindingSeverity {
  return (
    (Object.entries(FINDING_SEVERITY_IDS).find(
      ([, id]) => id === severityId,
    )?.[0] as FindingSeverity | undefined) ?? 'Unknown'
  );
}

/**
 * One finding in its latest reported state, as lists show it. Security Hub reports a finding again on every
 * update; the portal keeps the latest report of each finding uid and counts the reports.
 *
 * @public
 */
export interface Finding {
  /** The finding uid (`finding_info.uid`, or `finding.uid` in source version 1). */
  id: string;
  /** The account the record was filed under (its `accountid` partition), as recorded. */
  accountId: string;
  region: string;
  title: string;
  severity: FindingSeverity;
  severityId: number;
  /** Workflow status (`status`; `state` in source version 1); `Unknown` when the record has none. */
  status: string;
  /** The OCSF class: Vulnerability, Compliance or Detection Finding, or Security Finding (version 1). */
  findingType: string;
  /** The product that reported it (`metadata.product.name`), such as Security Hub, GuardDuty, Inspector. */
  product?: string;
  /** Security Hub's finding types (`finding_info.types`). */
  types: string[];
  /** The first affected resource's type and uid. */
  resourceType?: string;
  resourceUid?: string;
  /** The compliance control (Security Hub control id) and its status. */
  control?: string;
  complianceStatus?: string;
  /** When the finding was first seen, when the record says. */
  firstSeen?: string;
  /** The time of its latest report. */
  lastSeen: string;
  /** How many times it was reported in the portal's look-back window. */
  reports: number;
  sourceVersion: SecurityLakeSourceVersion;
}

/** @public */
export interface FindingResource {
  type?: string;
  uid?: string;
  region?: string;
  labels: string[];
  /** The resource's details as the record carries them (JSON text in Security Hub's records). */
  details?: string;
}

/** @public */
export interface FindingVulnerability {
  cve?: string;
  cvssScore?: number;
  cvssVector?: string;
  /** Whether a fixed version is available; absent when the record doesn't say. */
  fixAvailable?: boolean;
  exploitAvailable?: boolean;
  packages: { name?: string; version?: string; fixedInVersion?: string }[];
  references: string[];
}

/** One finding in full: what the detail drawer shows. @public */
export interface FindingDetail extends Finding {
  description?: string;
  remediation?: { text?: string; references: string[] };
  resources: FindingResource[];
  compliance?: {
    control?: string;
    status?: string;
    statusDetail?: string;
    standards: string[];
    requirements: string[];
  };
  vulnerabilities: FindingVulnerability[];
  /** The finding in the Security Hub console of its region. */
  consoleUrl: string;
  /** The latest report as the lake holds it. */
  raw: Record<string, unknown>;
}

/** @public */
export interface FindingCounts {
  total: number;
  bySeverity: Partial<Record<FindingSeverity, number>>;
  byStatus: Record<string, number>;
  /** Findings first seen in the window. */
  newInWindow: number;
}

/**
 * Where the portal's copy of an account's findings in one region stands. The copy is read from the lake
 * through the query broker and kept for a short while.
 *
 * @public
 */
export interface FindingsSnapshotState {
  accountId: string;
  region: string;
  state: 'ready' | 'refreshing' | 'failed';
  refreshedAt?: string;
  error?: string;
}

/** @public */
export interface FindingsWindow {
  start: string;
  end: string;
  days: number;
}

/** @public */
export interface FindingsSummary extends FindingCounts {
  window: FindingsWindow;
  accounts: (FindingCounts & { accountId: string })[];
  /** The accounts asked for that collect no Security Hub findings anywhere the portal knows of. */
  notCollected: string[];
  snapshots: FindingsSnapshotState[];
}

/** @public */
export interface FindingList {
  items: Finding[];
  /** Findings matching the filters, across all pages. */
  total: number;
  nextCursor?: string;
  window: FindingsWindow;
  snapshots: FindingsSnapshotState[];
}

/** @public */
export interface FindingsTrendDay {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** Distinct findings reported that day, by their severity that day. */
  counts: Partial<Record<FindingSeverity, number>>;
}

/** @public */
export interface FindingsTrend {
  window: FindingsWindow;
  days: FindingsTrendDay[];
  snapshots: FindingsSnapshotState[];
}

/**
 * Which findings a request is about. `accountId` narrows to one account, `entityRef` to an entity's
 * accounts; neither means every account the caller may see.
 *
 * @public
 */
export interface FindingsFilter {
  accountId?: string;
  entityRef?: string;
  /** Days back from now; default 7, at most the portal's look-back. */
  windowDays?: number;
  severity?: FindingSeverity[];
  status?: string[];
  findingType?: string;
  product?: string;
  resourceType?: string;
  region?: string;
}

/** @public */
export interface FindingContextRun {
  source: 'CLOUD_TRAIL_MGMT' | 'VPC_FLOW' | 'ROUTE53';
  queryId: string;
  runId: string;
  title: string;
}

/** What `POST /findings/{findingId}/context-runs` started. @public */
export interface FindingContextRuns {
  findingId: string;
  accountId: string;
  region: string;
  /** What the runs match: the resource's uid and, where the logs name it so, its instance id. */
  match: { resourceUid?: string; instanceId?: string };
  window: { start: string; end: string };
  runs: FindingContextRun[];
  /** Sources with no run, and why (not collected there, or nothing to match on). */
  skipped: { source: string; reason: string }[];
}
