import {
  DataLakeException,
  SecurityLakeSourceName,
  SecurityLakeSourceVersion,
  SourceStatus,
} from '@internal/plugin-security-lake-common';

/**
 * One (account, region, source, version) that Security Lake is configured to collect. Native sources
 * carry their `AwsLogSourceName`; custom sources (`customLogSource` in `ListLogSources`) their own name.
 *
 * @public
 */
export type LogSourceRecord =
  | {
      kind?: 'native';
      accountId: string;
      region: string;
      source: SecurityLakeSourceName;
      version: SecurityLakeSourceVersion;
    }
  | {
      kind: 'custom';
      accountId: string;
      region: string;
      /** The custom source's name, e.g. `okta_sso`. */
      source: string;
      version: string;
    };

/**
 * What Security Lake reports of one configured source of one account in one region
 * (`GetDataLakeSources`). Only native sources have a status.
 *
 * @public
 */
export interface SourceStatusRecord {
  accountId: string;
  region: string;
  source: SecurityLakeSourceName;
  status: SourceStatus;
}

/**
 * The seam to the Security Lake control plane. `aws` calls the Security Lake API with the portal's own
 * identity; the local module answers from the embedded lake. Subscriber operations arrive with their
 * capability.
 *
 * @public
 */
export interface ControlPlane {
  /** A short name for logs and the UI, e.g. `aws` or `local`. */
  readonly kind: string;
  /** Regions that have a data lake. */
  listDataLakeRegions(): Promise<string[]>;
  /** Every configured source, native and custom, in every data lake region. */
  listLogSources(): Promise<LogSourceRecord[]>;
  /** The status of every configured native source, in every data lake region. */
  listSourceStatuses(): Promise<SourceStatusRecord[]>;
  /** The data lakes' exceptions, with their remediation. */
  listDataLakeExceptions(): Promise<DataLakeException[]>;
}
