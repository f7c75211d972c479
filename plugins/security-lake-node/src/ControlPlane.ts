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

/** A Security Lake subscriber to create in one region. @public */
export interface SubscriberSpec {
  name: string;
  description?: string;
  principal: string;
  externalId: string;
  sources: {
    source: SecurityLakeSourceName;
    version: SecurityLakeSourceVersion;
  }[];
  accessTypes: ('LAKEFORMATION' | 'S3')[];
  /** Tags put on the subscriber, e.g. the portal's request id. */
  tags?: Record<string, string>;
}

/** A subscriber as Security Lake describes it. @public */
export interface SubscriberRecord {
  subscriberId: string;
  subscriberArn?: string;
  /** `PENDING`, `READY`, `ACTIVE` or `DEACTIVATED`. */
  subscriberStatus?: string;
  resourceShareArn?: string;
  resourceShareName?: string;
  roleArn?: string;
  s3BucketArn?: string;
  subscriberEndpoint?: string;
}

/** A subscriber's notification: an SQS queue Security Lake creates, or an HTTPS endpoint. @public */
export type SubscriberNotificationSpec =
  | { type: 'SQS' }
  | { type: 'HTTPS'; endpoint: string; targetRoleArn: string };

/** A Lake Formation data cells filter on one table. @public */
export interface DataCellsFilterSpec {
  database: string;
  table: string;
  name: string;
  /** e.g. `accountid IN ('111111111111', '222222222222')`. */
  rowFilter: string;
}

/**
 * Subscriber operations, and the Lake Formation grants that narrow query access to some accounts. Each is
 * one call per region; creating what already exists is an error the caller handles by looking first.
 *
 * @public
 */
export interface SubscriberOperations {
  /** The account whose Glue catalog holds the Security Lake tables (the filters' TableCatalogId). */
  readonly catalogId: string;
  createSubscriber(
    region: string,
    spec: SubscriberSpec,
  ): Promise<SubscriberRecord>;
  /** The subscriber of that name, if there is one. */
  findSubscriber(
    region: string,
    name: string,
  ): Promise<SubscriberRecord | undefined>;
  getSubscriber(
    region: string,
    subscriberId: string,
  ): Promise<SubscriberRecord | undefined>;
  /** Returns the endpoint (the SQS queue ARN Security Lake made, or the HTTPS endpoint). */
  createSubscriberNotification(
    region: string,
    subscriberId: string,
    notification: SubscriberNotificationSpec,
  ): Promise<string | undefined>;
  deleteSubscriber(region: string, subscriberId: string): Promise<void>;
  /** Creates the filter, or replaces its row filter when it exists. */
  putDataCellsFilter(
    region: string,
    filter: DataCellsFilterSpec,
  ): Promise<void>;
  deleteDataCellsFilter(
    region: string,
    filter: DataCellsFilterSpec,
  ): Promise<void>;
  /** SELECT on the filters to an AWS account. */
  grantFilterSelect(
    region: string,
    principal: string,
    filters: DataCellsFilterSpec[],
  ): Promise<void>;
  revokeFilterSelect(
    region: string,
    principal: string,
    filters: DataCellsFilterSpec[],
  ): Promise<void>;
}

/**
 * The seam to the Security Lake control plane. `aws` calls the Security Lake API with the portal's own
 * identity; the local module answers from the embedded lake.
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
  /** Subscribers and Lake Formation grants; without them, approved requests cannot be provisioned. */
  readonly subscribers?: SubscriberOperations;
}
