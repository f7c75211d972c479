import {
  GetDataLakeSourcesCommand,
  GetDataLakeSourcesCommandOutput,
  ListDataLakesCommand,
  paginateListDataLakeExceptions,
  paginateListLogSources,
  SecurityLakeClient,
  SourceCollectionStatus,
} from '@aws-sdk/client-securitylake';
import { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  DataLakeException,
  isSecurityLakeSourceName,
  SECURITY_LAKE_SOURCE_VERSIONS,
  SecurityLakeSourceVersion,
  SourceStatus,
} from '@internal/plugin-security-lake-common';
import {
  ControlPlane,
  LogSourceRecord,
  SourceStatusRecord,
  SubscriberOperations,
} from '@internal/plugin-security-lake-node';
import { LakeFormationClient } from '@aws-sdk/client-lakeformation';
import { AwsSubscriberOperations } from './AwsSubscriberOperations';
import { lazyCredentialProvider } from './credentials';

/** @internal */
export interface AwsControlPlaneOptions {
  /** Regions to look for data lakes in; the first one also answers ListDataLakes. */
  regions: string[];
  clientForRegion: (region: string) => SecurityLakeClient;
  /** Waits between attempts after throttling; a test passes one that doesn't wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Subscribers and team-scoped Lake Formation grants. */
  subscribers?: SubscriberOperations;
}

/** GetDataLakeSources accepts at most 100 accounts a page. */
const MAX_RESULTS = 100;
/** Attempts after the SDK's own retries gave up on throttling. */
const THROTTLE_ATTEMPTS = 3;
/** The longest `retryAfterSeconds` honoured; a longer one fails the refresh instead of hanging it. */
const MAX_RETRY_AFTER_SECONDS = 60;
const STATUSES: readonly SourceStatus[] = [
  'COLLECTING',
  'MISCONFIGURED',
  'NOT_COLLECTING',
];

function isExpiredToken(error: unknown): boolean {
  const { name, message } = (error ?? {}) as Error;
  return (
    (name === 'BadRequestException' || name === 'ValidationException') &&
    /token/i.test(message ?? '') &&
    /expire|invalid/i.test(message ?? '')
  );
}

function isSourceVersion(value: string): value is SecurityLakeSourceVersion {
  return (SECURITY_LAKE_SOURCE_VERSIONS as readonly string[]).includes(value);
}

/**
 * The Security Lake control plane in AWS, called with the portal's own identity.
 *
 * @internal
 */
export class AwsControlPlane implements ControlPlane {
  readonly kind = 'aws';

  private readonly regions: string[];
  private readonly clientForRegion: (region: string) => SecurityLakeClient;

  /**
   * Builds the control plane from `securityLake.aws`, with credentials from the `aws` integration config.
   */
  static fromConfig(config: Config): AwsControlPlane {
    const regions = config.getStringArray('securityLake.aws.regions');
    if (regions.length === 0) {
      throw new Error('securityLake.aws.regions must list at least one region');
    }
    const accountId = config.getOptionalString('securityLake.aws.accountId');

    const sdkCredentialProvider = lazyCredentialProvider(
      DefaultAwsCredentialsManager.fromConfig(config),
      accountId,
    );

    // One client per region, reused across calls
    const clients = new Map<string, SecurityLakeClient>();
    const clientForRegion = (region: string) => {
      let client = clients.get(region);
      if (!client) {
        client = new SecurityLakeClient({
          region,
          credentialDefaultProvider: () => sdkCredentialProvider,
          // Throttling and transient errors are retried by the SDK with backoff
          maxAttempts: 5,
        });
        clients.set(region, client);
      }
      return client;
    };

    const lakeFormationClients = new Map<string, LakeFormationClient>();
    const lakeFormation = (region: string) => {
      let client = lakeFormationClients.get(region);
      if (!client) {
        client = new LakeFormationClient({
          region,
          credentialDefaultProvider: () => sdkCredentialProvider,
          maxAttempts: 5,
        });
        lakeFormationClients.set(region, client);
      }
      return client;
    };

    return new AwsControlPlane({
      regions,
      clientForRegion,
      subscribers: new AwsSubscriberOperations({
        catalogId: accountId ?? '',
        securityLake: clientForRegion,
        lakeFormation,
      }),
    });
  }

  readonly subscribers?: SubscriberOperations;

  constructor(options: AwsControlPlaneOptions) {
    this.subscribers = options.subscribers;
    this.regions = options.regions;
    this.clientForRegion = options.clientForRegion;
    this.sleep =
      options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  }

  private readonly sleep: (ms: number) => Promise<void>;

  /**
   * Sends a command, waiting out throttling the SDK's retries could not: `retryAfterSeconds` when the
   * service says how long, a growing pause otherwise.
   */
  private async send<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const { name, retryAfterSeconds } = error as {
          name?: string;
          retryAfterSeconds?: number;
        };
        if (name !== 'ThrottlingException' || attempt >= THROTTLE_ATTEMPTS) {
          throw error;
        }
        const seconds = retryAfterSeconds ?? attempt * 2;
        if (seconds > MAX_RETRY_AFTER_SECONDS) {
          throw error;
        }
        await this.sleep(seconds * 1000);
      }
    }
  }

  async listDataLakeRegions(): Promise<string[]> {
    if (this.regions.length === 0) {
      return [];
    }
    // ListDataLakes answers for every requested region from any one regional endpoint
    const output = await this.send(() =>
      this.clientForRegion(this.regions[0]).send(
        new ListDataLakesCommand({ regions: this.regions }),
      ),
    );
    return (output.dataLakes ?? []).flatMap(lake =>
      lake.region ? [lake.region] : [],
    );
  }

  async listLogSources(): Promise<LogSourceRecord[]> {
    const lakeRegions = await this.listDataLakeRegions();
    const perRegion = await Promise.all(
      lakeRegions.map(region => this.listRegionLogSources(region)),
    );
    return perRegion.flat();
  }

  private async listRegionLogSources(
    region: string,
  ): Promise<LogSourceRecord[]> {
    const records: LogSourceRecord[] = [];
    const pages = paginateListLogSources(
      { client: this.clientForRegion(region) },
      { regions: [region] },
    );
    for await (const page of pages) {
      for (const logSource of page.sources ?? []) {
        if (!logSource.account) {
          continue;
        }
        const accountId = logSource.account;
        const sourceRegion = logSource.region ?? region;
        for (const resource of logSource.sources ?? []) {
          const custom = resource.customLogSource;
          if (custom?.sourceName) {
            records.push({
              kind: 'custom',
              accountId,
              region: sourceRegion,
              source: custom.sourceName,
              version: custom.sourceVersion ?? '1.0',
            });
            continue;
          }
          const sourceName = resource.awsLogSource?.sourceName;
          const sourceVersion = resource.awsLogSource?.sourceVersion;
          if (
            !sourceName ||
            !sourceVersion ||
            !isSecurityLakeSourceName(sourceName) ||
            !isSourceVersion(sourceVersion)
          ) {
            continue;
          }
          records.push({
            accountId,
            region: sourceRegion,
            source: sourceName,
            version: sourceVersion,
          });
        }
      }
    }
    return records;
  }

  async listSourceStatuses(): Promise<SourceStatusRecord[]> {
    const lakeRegions = await this.listDataLakeRegions();
    const perRegion = await Promise.all(
      lakeRegions.map(region => this.listRegionStatuses(region)),
    );
    return perRegion.flat();
  }

  /**
   * GetDataLakeSources answers for the client's region only, 100 accounts a page. Its page token expires
   * after 24 hours: an expired token starts the listing over once, a second expiry fails the refresh.
   */
  private async listRegionStatuses(
    region: string,
  ): Promise<SourceStatusRecord[]> {
    const client = this.clientForRegion(region);
    for (let restarts = 0; ; restarts++) {
      const records: SourceStatusRecord[] = [];
      let nextToken: string | undefined;
      try {
        do {
          const input = {
            maxResults: MAX_RESULTS,
            ...(nextToken ? { nextToken } : {}),
          };
          const page: GetDataLakeSourcesCommandOutput = await this.send(() =>
            client.send(new GetDataLakeSourcesCommand(input)),
          );
          for (const source of page.dataLakeSources ?? []) {
            const status = worstStatus(source.sourceStatuses ?? []);
            if (
              source.account &&
              source.sourceName &&
              isSecurityLakeSourceName(source.sourceName) &&
              status
            ) {
              records.push({
                accountId: source.account,
                region,
                source: source.sourceName,
                status,
              });
            }
          }
          nextToken = page.nextToken;
        } while (nextToken);
        return records;
      } catch (error) {
        if (!nextToken || !isExpiredToken(error)) {
          throw error;
        }
        if (restarts >= 1) {
          throw new Error(
            `GetDataLakeSources in ${region}: the page token expired again after starting over (${
              (error as Error).message
            }); try the refresh again`,
          );
        }
      }
    }
  }

  async listDataLakeExceptions(): Promise<DataLakeException[]> {
    if (this.regions.length === 0) {
      return [];
    }
    const exceptions: DataLakeException[] = [];
    const pages = paginateListDataLakeExceptions(
      { client: this.clientForRegion(this.regions[0]) },
      { regions: this.regions },
    );
    for await (const page of pages) {
      for (const e of page.exceptions ?? []) {
        if (!e.region || !e.exception) continue;
        exceptions.push({
          region: e.region,
          exception: e.exception,
          ...(e.remediation ? { remediation: e.remediation } : {}),
          ...(e.timestamp ? { timestamp: e.timestamp.toISOString() } : {}),
        });
      }
    }
    return exceptions;
  }
}

/** A source's status is the worst of its resources': one misconfigured resource makes it misconfigured. */
function worstStatus(
  statuses: { status?: SourceCollectionStatus | string }[],
): SourceStatus | undefined {
  const known = statuses
    .map(s => s.status)
    .filter((s): s is SourceStatus => STATUSES.includes(s as SourceStatus));
  if (known.includes('MISCONFIGURED')) return 'MISCONFIGURED';
  if (known.includes('NOT_COLLECTING')) return 'NOT_COLLECTING';
  return known.length ? 'COLLECTING' : undefined;
}
