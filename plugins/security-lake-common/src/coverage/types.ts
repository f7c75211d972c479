/**
 * What Security Lake says of a configured source: collecting, misconfigured or not collecting
 * (`GetDataLakeSources`).
 *
 * @public
 */
export type SourceStatus = 'COLLECTING' | 'MISCONFIGURED' | 'NOT_COLLECTING';

/**
 * How one (account, region, source) stands: `healthy` (configured and data arrived within the source's
 * threshold), `stale` (configured, but no data for longer), `misconfigured` and `not_collecting` as
 * Security Lake reports them, and `absent` (not configured at all).
 *
 * @public
 */
export type CoverageHealth =
  | 'healthy'
  | 'stale'
  | 'misconfigured'
  | 'not_collecting'
  | 'absent';

/** Every health, worst first: an account's column shows the worst of its regions. @public */
export const COVERAGE_HEALTHS: readonly CoverageHealth[] = [
  'misconfigured',
  'not_collecting',
  'stale',
  'absent',
  'healthy',
];

/** The healths that are gaps. @public */
export const COVERAGE_GAPS: readonly CoverageHealth[] = COVERAGE_HEALTHS.filter(
  h => h !== 'healthy',
);

/** @public */
export function isCoverageHealth(value: string): value is CoverageHealth {
  return (COVERAGE_HEALTHS as readonly string[]).includes(value);
}

/**
 * A column of the coverage matrix: a native source (`VPC_FLOW`) or a custom one (`ext:okta_sso`).
 *
 * @public
 */
export interface CoverageSource {
  /** `VPC_FLOW` for a native source, `ext:<name>` for a custom one. */
  key: string;
  kind: 'native' | 'custom';
  name: string;
  title: string;
}

/**
 * One (account, region, source) in full.
 *
 * @public
 */
export interface CoverageCell {
  region: string;
  source: string;
  /** Source version, `1.0` or `2.0` for native sources. */
  version: string;
  health: CoverageHealth;
  /** Absent when the source is not configured in this region. */
  status?: SourceStatus;
  /** When the newest event landed; absent when none arrived in the lookback. */
  lastEventAt?: string;
  /** Events per day, oldest first, ending on `CoverageListResponse.volumeEndDay`. */
  volume: number[];
  /** The data lake exceptions of this region that name the account (and source, where they say). */
  exceptions?: DataLakeException[];
}

/**
 * One source of one account across its regions: the matrix cell.
 *
 * @public
 */
export interface CoverageSourceSummary {
  /** The worst health of its regions, or the health in the region the list is filtered to. */
  health: CoverageHealth;
  /** Regions that count: those the account sends anything from (a custom source: where configured). */
  regionCount: number;
  /** How many of them are healthy. */
  healthyRegions: number;
  lastEventAt?: string;
  /** Events per day summed over regions, oldest first. */
  volume: number[];
  exceptionCount: number;
}

/**
 * A row of the coverage matrix.
 *
 * @public
 */
export interface CoverageAccountRow {
  accountId: string;
  title?: string;
  owners: string[];
  entityRefs: string[];
  inCatalog: boolean;
  /**
   * Keyed by `CoverageSource.key`. A native source missing here is absent in every region; a custom source
   * missing here does not apply to the account (custom sources are per-account integrations).
   */
  sources: Record<string, CoverageSourceSummary>;
}

/**
 * Counts over every account that matches the filters, not just one page.
 *
 * @public
 */
export interface CoverageSummary {
  accounts: number;
  /** Account-source pairs per health (custom sources only where the account has them). */
  byHealth: Record<CoverageHealth, number>;
  /** Per source key, account counts per health. */
  bySource: Record<string, Record<CoverageHealth, number>>;
}

/**
 * A data lake exception with its remediation (`ListDataLakeExceptions`).
 *
 * @public
 */
export interface DataLakeException {
  region: string;
  exception: string;
  remediation?: string;
  timestamp?: string;
}

/**
 * When coverage was last read, and how the last attempt went.
 *
 * @public
 */
export interface CoverageRefreshState {
  /** End of the last successful refresh. */
  refreshedAt?: string;
  lastAttemptAt?: string;
  lastAttemptStatus?: 'succeeded' | 'failed' | 'running';
  /** Why the last attempt failed. */
  lastError?: string;
  /** A platform owner asked for a refresh that has not finished yet. */
  requestedAt?: string;
}

/** @public */
export interface CoverageListResponse {
  items: CoverageAccountRow[];
  /** Pass as `cursor` for the next page; absent on the last. */
  nextCursor?: string;
  summary: CoverageSummary;
  /**
   * The matrix columns: the sources, native first, that the caller's accounts have anything of (configured
   * or sending). Never one that only other teams' accounts have: their custom sources stay unnamed.
   */
  sources: CoverageSource[];
  /** The regions the caller's accounts send anything from. */
  regions: string[];
  /** The last day of every `volume` series (UTC, YYYY-MM-DD). */
  volumeEndDay?: string;
  /** Exceptions that name no account: they concern the whole region. */
  regionExceptions: DataLakeException[];
  refresh: CoverageRefreshState;
}

/** @public */
export interface CoverageAccountResponse {
  account: CoverageAccountRow;
  /** Every configured or data-carrying (region, source), with its own volume and exceptions. */
  cells: CoverageCell[];
  /** The caller's columns, as in the list: the sources of the accounts the caller may see. */
  sources: CoverageSource[];
  /** The regions the caller's accounts send anything from. */
  regions: string[];
  volumeEndDay?: string;
  refresh: CoverageRefreshState;
}

/**
 * Filters of the coverage list and export.
 *
 * @public
 */
export interface CoverageFilter {
  /** Only account-sources with one of these healths (in any region, or in `region`). */
  health?: CoverageHealth[];
  /** Only these source keys. */
  source?: string[];
  region?: string;
  /** Account id or title contains this text. */
  q?: string;
  /** Only the accounts linked to this entity. */
  entityRef?: string;
}
