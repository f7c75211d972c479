import {
  SecurityLakeSourceName,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';

/**
 * One (account, region, source, version) that Security Lake is configured to collect.
 *
 * @public
 */
export interface LogSourceRecord {
  accountId: string;
  region: string;
  source: SecurityLakeSourceName;
  version: SecurityLakeSourceVersion;
}

/**
 * The seam to the Security Lake control plane. `aws` calls the Security Lake API with the portal's own
 * identity; `local` answers from the embedded lake and the plugin's database. Later capabilities add
 * source statuses, exceptions and subscriber operations here.
 *
 * @public
 */
export interface ControlPlane {
  /** A short name for logs and the UI, e.g. `aws` or `local`. */
  readonly kind: string;
  /** Regions that have a data lake. */
  listDataLakeRegions(): Promise<string[]>;
  /** Every configured native source in every data lake region. */
  listLogSources(): Promise<LogSourceRecord[]>;
}
