import {
  CoverageHealth,
  CoverageRefreshState,
  SourceStatus,
} from '@internal/plugin-security-lake-common';

/**
 * One (account, region, source, version) of the lake as the last coverage refresh saw it: whether Security
 * Lake is configured to collect it, its status, its health, and the data that arrived.
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
 * What the lake holds, as the last coverage refresh read it: the read side of the coverage snapshot. The
 * coverage capability writes it (`CoverageStore`); accounts, queries and findings read which account
 * collects which source where from it, and the account scope which accounts send data at all.
 *
 * @internal
 */
export interface LakeInventory {
  /** Cells of the given accounts, or of every account. */
  listCells(filter?: { accountIds?: string[] }): Promise<StoredCell[]>;
  /** Accounts with any cell, configured or not. */
  listAccountIds(): Promise<string[]>;
  /** When the inventory was last read, and how the last attempt went. */
  getRefreshState(): Promise<CoverageRefreshState & { volumeEndDay?: string }>;
}
