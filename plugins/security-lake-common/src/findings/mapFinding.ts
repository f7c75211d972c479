import { isAwsRegion, SecurityLakeSourceVersion } from '../sources';
import {
  FindingDetail,
  FindingResource,
  FindingVulnerability,
  findingSeverityOf,
  FINDING_SEVERITY_IDS,
  FindingSeverity,
} from './types';

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length ? value : undefined;
  if (typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  return undefined;
}

function texts(value: unknown): string[] {
  return list(value)
    .map(text)
    .filter((v): v is string => v !== undefined);
}

function number(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/**
 * A time as the lake hands it back: epoch milliseconds (`time`, version 1's `*_time`), or a timestamp's JSON
 * text (`2026-11-23 08:00:00.000`, which both Trino and DuckDB write for a timestamp without zone, in UTC).
 *
 * @public
 */
export function ocsfTime(value: unknown): string | undefined {
  const n = number(value);
  if (n !== undefined && typeof value !== 'string') {
    const date = new Date(n);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  const s = text(value);
  if (!s) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(s)
    ? `${s.replace(' ', 'T')}${/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? '' : 'Z'}`
    : s;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The finding in the Security Hub console of its region, found by its uid (Security Hub's finding `Id`).
 *
 * @public
 */
export function securityHubConsoleUrl(uid: string, region: string): string {
  const host = isAwsRegion(region)
    ? `https://${region}.console.aws.amazon.com`
    : 'https://console.aws.amazon.com';
  const query = isAwsRegion(region) ? `?region=${region}` : '';
  // the console's search filter is itself URL-encoded inside the fragment
  return `${host}/securityhub/home${query}#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A${encodeURIComponent(
    encodeURIComponent(uid),
  )}`;
}

function resourceOf(value: unknown): FindingResource | undefined {
  const r = obj(value);
  if (!r) return undefined;
  const resource: FindingResource = {
    type: text(r.type),
    uid: text(r.uid),
    region: text(r.region),
    labels: texts(r.labels),
    details: text(r.data) ?? text(r.details),
  };
  return resource.type || resource.uid ? resource : undefined;
}

function vulnerabilityOf(value: unknown): FindingVulnerability | undefined {
  const v = obj(value);
  if (!v) return undefined;
  const cve = obj(v.cve);
  // version 2 lists CVSS scores; version 1 has one
  const cvss = obj(list(cve?.cvss)[0]) ?? obj(cve?.cvss);
  const packages = [...list(v.affected_packages), ...list(v.packages)]
    .map(obj)
    .filter((p): p is Json => p !== undefined)
    .map(p => ({
      name: text(p.name),
      version: text(p.version),
      fixedInVersion: text(p.fixed_in_version),
    }));
  const fixAvailable =
    bool(v.is_fix_available) ??
    (packages.some(p => p.fixedInVersion) ? true : undefined);
  return {
    cve: text(cve?.uid),
    cvssScore: number(cvss?.base_score),
    cvssVector: text(cvss?.vector_string),
    ...(fixAvailable !== undefined ? { fixAvailable } : {}),
    ...(bool(v.is_exploit_available) !== undefined
      ? { exploitAvailable: bool(v.is_exploit_available) }
      : {}),
    packages,
    references: [
      ...texts(v.references),
      ...texts(cve?.references),
      ...texts(v.kb_articles),
    ],
  };
}

function severityOf(record: Json): {
  severity: FindingSeverity;
  severityId: number;
} {
  const id = number(record.severity_id);
  if (id !== undefined) {
    return { severityId: id, severity: findingSeverityOf(id) };
  }
  const named = text(record.severity);
  const match = Object.keys(FINDING_SEVERITY_IDS).find(
    s => s.toLowerCase() === named?.toLowerCase(),
  ) as FindingSeverity | undefined;
  return match
    ? { severity: match, severityId: FINDING_SEVERITY_IDS[match] }
    : { severity: 'Unknown', severityId: 0 };
}

/**
 * Maps a Security Hub finding record of either source version into the portal's finding. Version 2
 * (OCSF 1.1.0: Vulnerability, Compliance and Detection Finding) keeps the finding in `finding_info` and its
 * workflow in `status`; version 1 (OCSF 1.0.0-rc.2 Security Finding) in `finding` and `state`. Every field
 * but the uid is optional: a record without remediation, resources or a well-formed account id is still a
 * finding, shown with what it has.
 *
 * @param record - the record's columns, nested ones as objects; `accountid` and `region` are the partition's
 * @param options - how many reports the finding had, and the version of the table it came from
 * @public
 */
export function mapFindingRecord(
  record: Record<string, unknown>,
  options: { reports?: number; sourceVersion?: SecurityLakeSourceVersion } = {},
): FindingDetail {
  const version: SecurityLakeSourceVersion =
    options.sourceVersion ??
    (record.finding_info !== undefined || record.finding === undefined
      ? '2.0'
      : '1.0');
  const info = obj(version === '2.0' ? record.finding_info : record.finding);
  const cloud = obj(record.cloud);
  const metadata = obj(record.metadata);
  const product = obj(metadata?.product);
  const id = text(info?.uid) ?? text(record.uid) ?? '(no uid)';
  const accountId =
    text(record.accountid) ??
    text(obj(cloud?.account)?.uid) ??
    text(cloud?.account_uid) ??
    'unknown';
  const region = text(record.region) ?? text(cloud?.region) ?? 'unknown';

  const resources = [
    ...list(record.resources).map(resourceOf),
    // version 2 also has a single `resource`; it repeats the first of `resources` when both are there
    ...(list(record.resources).length ? [] : [resourceOf(record.resource)]),
  ].filter((r): r is FindingResource => r !== undefined);

  const compliance = obj(record.compliance);
  const hasCompliance =
    compliance &&
    Object.values(compliance).some(
      v => v !== null && v !== undefined && !(Array.isArray(v) && !v.length),
    );
  const remediation =
    obj(record.remediation) ?? obj(info?.remediation) ?? undefined;
  const remediationText = text(remediation?.desc);
  const remediationRefs = [
    ...texts(remediation?.references),
    ...texts(remediation?.kb_articles),
  ];

  const lastSeen =
    ocsfTime(record.time_dt) ??
    ocsfTime(record.time) ??
    ocsfTime(info?.last_seen_time_dt) ??
    ocsfTime(info?.last_seen_time) ??
    new Date(0).toISOString();
  const firstSeen =
    ocsfTime(info?.first_seen_time_dt) ??
    ocsfTime(info?.first_seen_time) ??
    ocsfTime(info?.created_time_dt) ??
    ocsfTime(info?.created_time);
  const control = text(compliance?.control) ?? text(obj(product?.feature)?.uid);

  return {
    id,
    accountId,
    region,
    title: text(info?.title) ?? text(record.message) ?? id,
    ...severityOf(record),
    status:
      text(version === '2.0' ? record.status : record.state) ??
      text(record.status) ??
      'Unknown',
    findingType: text(record.class_name) ?? 'Finding',
    product: text(product?.name),
    types: texts(info?.types),
    resourceType: resources[0]?.type,
    resourceUid: resources[0]?.uid,
    control: hasCompliance ? text(compliance?.control) : undefined,
    complianceStatus: hasCompliance ? text(compliance?.status) : undefined,
    ...(firstSeen ? { firstSeen } : {}),
    lastSeen,
    reports: options.reports ?? 1,
    sourceVersion: version,
    description: text(info?.desc),
    ...(remediationText || remediationRefs.length
      ? {
          remediation: { text: remediationText, references: remediationRefs },
        }
      : {}),
    resources,
    ...(hasCompliance
      ? {
          compliance: {
            control,
            status: text(compliance?.status),
            statusDetail: text(compliance?.status_detail),
            standards: texts(compliance?.standards),
            requirements: texts(compliance?.requirements),
          },
        }
      : {}),
    vulnerabilities: list(record.vulnerabilities)
      .map(vulnerabilityOf)
      .filter((v): v is FindingVulnerability => v !== undefined),
    consoleUrl: securityHubConsoleUrl(id, region),
    raw: record,
  };
}
