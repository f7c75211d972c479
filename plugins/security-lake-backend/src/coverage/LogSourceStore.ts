import { LogSourceRecord } from '@internal/plugin-security-lake-node';

/**
 * The last read of the configured log sources. The API answers from it; the control plane is only called by
 * the background refresh.
 *
 * @internal
 */
export interface LogSourceStore {
  /** Replaces the whole snapshot at once, so readers never see half of a refresh. */
  replaceAll(records: LogSourceRecord[], refreshedAt: Date): Promise<void>;
  /** Records of the given accounts, or of every account when `accountIds` is omitted. */
  list(filter?: { accountIds?: string[] }): Promise<LogSourceRecord[]>;
  /** Distinct account ids in the snapshot. */
  listAccountIds(): Promise<string[]>;
  getRefreshedAt(): Promise<Date | undefined>;
}
