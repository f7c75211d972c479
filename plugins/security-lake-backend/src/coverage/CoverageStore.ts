import {
  CoverageHealth,
  CoverageRefreshState,
  DataLakeException,
  SourceStatus,
} from '@internal/plugin-security-lake-common';

/**
 * One (account, region, source, version) as the last refresh saw it.
 *
 * @internal
 */
export interface StoredCell {
  accountId: string;
  region: string;
  /** Native source name, or `ext:<name>`. */
  sourceKey: string;
  version: string;
  configured: boolean;
  status?: SourceStatus;
  health: CoverageHealth;
  lastEventAt?: Date;
  volume: number[];
}

/**
 * One (account, source) over its regions.
 *
 * @internal
 */
export interface StoredRollup {
  accountId: string;
  sourceKey: string;
  health: CoverageHealth;
  regions: Record<string, CoverageHealth>;
  lastEventAt?: Date;
  volume: number[];
  exceptionCount: number;
}

/**
 * Everything one refresh read, written at once.
 *
 * @internal
 */
export interface CoverageSnapshot {
  cells: StoredCell[];
  rollups: StoredRollup[];
  exceptions: DataLakeException[];
  refreshedAt: Date;
  /** Last day of every volume series, YYYY-MM-DD. */
  volumeEndDay: string;
}

/**
 * The last coverage refresh. The API answers from it; only the background refresh talks to AWS.
 *
 * @internal
 */
export interface CoverageStore {
  /** Replaces the whole snapshot in one transaction, so readers never see half of a refresh. */
  replaceSnapshot(snapshot: CoverageSnapshot): Promise<void>;
  /** Records the start or failure of an attempt. */
  recordAttempt(
    attempt:
      | { status: 'running'; at: Date }
      | { status: 'failed'; at: Date; error: string },
  ): Promise<void>;
  /** Records that someone asked for a refresh now. */
  recordRequest(at: Date): Promise<void>;
  getRefreshState(): Promise<CoverageRefreshState & { volumeEndDay?: string }>;
  listRollups(): Promise<StoredRollup[]>;
  /** Cells of the given accounts, or of every account. */
  listCells(filter?: { accountIds?: string[] }): Promise<StoredCell[]>;
  listExceptions(): Promise<DataLakeException[]>;
  /** Accounts with any cell, configured or not. */
  listAccountIds(): Promise<string[]>;
}
