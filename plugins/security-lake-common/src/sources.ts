/**
 * The AWS log sources Security Lake collects natively (`AwsLogSourceName` in the Security Lake API).
 *
 * @public
 */
export type SecurityLakeSourceName =
  | 'CLOUD_TRAIL_MGMT'
  | 'EKS_AUDIT'
  | 'LAMBDA_EXECUTION'
  | 'ROUTE53'
  | 'S3_DATA'
  | 'SH_FINDINGS'
  | 'VPC_FLOW'
  | 'WAF';

/** @public */
export type SecurityLakeSourceVersion = '1.0' | '2.0';

/** @public */
export interface SecurityLakeSource {
  name: SecurityLakeSourceName;
  title: string;
  /** Table suffix without the version, e.g. `cloud_trail_mgmt`. */
  tableSuffix: string;
  /** OCSF classes in the source version 2 table. */
  ocsfClasses: { uid: number; name: string }[];
}

/**
 * Every native source, in the order the UI lists them.
 *
 * @public
 */
export const SECURITY_LAKE_SOURCES: readonly SecurityLakeSource[] = [
  {
    name: 'CLOUD_TRAIL_MGMT',
    title: 'CloudTrail management events',
    tableSuffix: 'cloud_trail_mgmt',
    ocsfClasses: [
      { uid: 6003, name: 'API Activity' },
      { uid: 3002, name: 'Authentication' },
      { uid: 3001, name: 'Account Change' },
    ],
  },
  {
    name: 'SH_FINDINGS',
    title: 'Security Hub findings',
    tableSuffix: 'sh_findings',
    ocsfClasses: [
      { uid: 2002, name: 'Vulnerability Finding' },
      { uid: 2003, name: 'Compliance Finding' },
      { uid: 2004, name: 'Detection Finding' },
    ],
  },
  {
    name: 'VPC_FLOW',
    title: 'VPC Flow Logs',
    tableSuffix: 'vpc_flow',
    ocsfClasses: [{ uid: 4001, name: 'Network Activity' }],
  },
  {
    name: 'ROUTE53',
    title: 'Route 53 resolver query logs',
    tableSuffix: 'route53',
    ocsfClasses: [{ uid: 4003, name: 'DNS Activity' }],
  },
  {
    name: 'S3_DATA',
    title: 'S3 data events',
    tableSuffix: 's3_data',
    ocsfClasses: [{ uid: 6003, name: 'API Activity' }],
  },
  {
    name: 'LAMBDA_EXECUTION',
    title: 'Lambda data events',
    tableSuffix: 'lambda_execution',
    ocsfClasses: [{ uid: 6003, name: 'API Activity' }],
  },
  {
    name: 'EKS_AUDIT',
    title: 'EKS audit logs',
    tableSuffix: 'eks_audit',
    ocsfClasses: [{ uid: 6003, name: 'API Activity' }],
  },
  {
    name: 'WAF',
    title: 'AWS WAF logs',
    tableSuffix: 'waf',
    ocsfClasses: [{ uid: 4002, name: 'HTTP Activity' }],
  },
];

/** @public */
export const SECURITY_LAKE_SOURCE_NAMES: readonly SecurityLakeSourceName[] =
  SECURITY_LAKE_SOURCES.map(s => s.name);

/** @public */
export const SECURITY_LAKE_SOURCE_VERSIONS: readonly SecurityLakeSourceVersion[] =
  ['1.0', '2.0'];

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$/;

/** @public */
export function isAwsRegion(value: string): boolean {
  return REGION_PATTERN.test(value);
}

/** @public */
export function isSecurityLakeSourceName(
  value: string,
): value is SecurityLakeSourceName {
  return (SECURITY_LAKE_SOURCE_NAMES as readonly string[]).includes(value);
}

/** @public */
export function getSecurityLakeSource(
  name: SecurityLakeSourceName,
): SecurityLakeSource {
  const source = SECURITY_LAKE_SOURCES.find(s => s.name === name);
  if (!source) {
    throw new Error(`Unknown Security Lake source ${name}`);
  }
  return source;
}

function regionIdentifier(region: string): string {
  if (!isAwsRegion(region)) {
    throw new Error(`Invalid AWS region '${region}'`);
  }
  return region.replace(/-/g, '_');
}

/**
 * The Glue database Security Lake creates per region, e.g. `amazon_security_lake_glue_db_us_east_1`.
 *
 * @public
 */
export function securityLakeDatabaseName(region: string): string {
  return `amazon_security_lake_glue_db_${regionIdentifier(region)}`;
}

/**
 * The Glue table of one source, e.g. `amazon_security_lake_table_us_east_1_sh_findings_2_0`.
 *
 * @public
 */
export function securityLakeTableName(
  region: string,
  source: SecurityLakeSourceName,
  version: SecurityLakeSourceVersion,
): string {
  const { tableSuffix } = getSecurityLakeSource(source);
  return `amazon_security_lake_table_${regionIdentifier(
    region,
  )}_${tableSuffix}_${version.replace('.', '_')}`;
}

/**
 * Which Security Lake table a name is, if it is one: `amazon_security_lake_table_<region>_<source>_<version>`,
 * compared without regard to case as Athena compares identifiers. A database, when given, must be that
 * region's Security Lake database.
 *
 * @public
 */
export function parseSecurityLakeTableName(
  table: string,
  database?: string,
): SecurityLakeTableIdentity | undefined {
  const name = table.toLowerCase();
  const prefix = 'amazon_security_lake_table_';
  if (!name.startsWith(prefix)) {
    return undefined;
  }
  for (const source of SECURITY_LAKE_SOURCES) {
    for (const version of ['1.0', '2.0'] as const) {
      const suffix = `_${source.tableSuffix}_${version.replace('.', '_')}`;
      if (!name.endsWith(suffix)) continue;
      const region = name
        .slice(prefix.length, name.length - suffix.length)
        .replace(/_/g, '-');
      if (
        isAwsRegion(region) &&
        securityLakeTableName(region, source.name, version) === name &&
        (database === undefined ||
          database.toLowerCase() === securityLakeDatabaseName(region))
      ) {
        return { region, source: source.name, version };
      }
    }
  }
  return undefined;
}

/** @public */
export interface SecurityLakeTableIdentity {
  region: string;
  source: SecurityLakeSourceName;
  version: SecurityLakeSourceVersion;
}

/**
 * The fully qualified, quoted table reference that runs unchanged on Athena and the local engine.
 *
 * @public
 */
export function securityLakeTableRef(
  region: string,
  source: SecurityLakeSourceName,
  version: SecurityLakeSourceVersion,
): string {
  return `"${securityLakeDatabaseName(region)}"."${securityLakeTableName(
    region,
    source,
    version,
  )}"`;
}

/**
 * The S3 prefix of one partition, as Security Lake lays out its bucket:
 * `aws/<SOURCE>/<version>/region=<r>/accountId=<a>/eventDay=<YYYYMMDD>/`.
 *
 * @public
 */
export function securityLakePartitionPrefix(opts: {
  source: SecurityLakeSourceName;
  version: SecurityLakeSourceVersion;
  region: string;
  accountId?: string;
  eventDay?: string;
}): string {
  let prefix = `aws/${opts.source}/${opts.version}/region=${opts.region}/`;
  if (opts.accountId) {
    prefix += `accountId=${opts.accountId}/`;
    if (opts.eventDay) {
      prefix += `eventDay=${opts.eventDay}/`;
    }
  }
  return prefix;
}

/**
 * The Glue table of a custom source, e.g. `amazon_security_lake_table_us_east_1_ext_okta_sso`.
 *
 * @public
 */
export function securityLakeCustomTableName(
  region: string,
  sourceName: string,
): string {
  return `amazon_security_lake_table_${regionIdentifier(
    region,
  )}_ext_${customSourceIdentifier(sourceName)}`;
}

/**
 * A custom source name as Glue spells it in table names: lower case, anything but letters, digits and
 * underscores turned into underscores.
 *
 * @public
 */
export function customSourceIdentifier(sourceName: string): string {
  return sourceName.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/**
 * The key of a source in coverage: the native name (`VPC_FLOW`), or `ext:<name>` for a custom source.
 *
 * @public
 */
export function coverageSourceKey(
  kind: 'native' | 'custom',
  name: string,
): string {
  return kind === 'custom' ? `ext:${name}` : name;
}
