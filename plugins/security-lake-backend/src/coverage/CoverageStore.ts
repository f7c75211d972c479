import {
  CoverageHealth,
  DataLakeException,
} from '@internal/plugin-security-lake-common';
import { LakeInventory, StoredCell } from '../inventory/LakeInventory';

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
 * The last coverage refresh. The API answers from it; only the background refresh talks to AWS. Its read
 * side is the lake inventory the other capabilities read.
 *
 * @internal
 */
export interface CoverageStore extends LakeInventory {
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
  listRollups(): Promise<StoredRollup[]>;
  listExceptions(): Promise<DataLakeException[]>;
}
