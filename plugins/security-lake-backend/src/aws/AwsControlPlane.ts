import {
  ListDataLakesCommand,
  paginateListLogSources,
  SecurityLakeClient,
} from '@aws-sdk/client-securitylake';
import { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  isSecurityLakeSourceName,
  SECURITY_LAKE_SOURCE_VERSIONS,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import {
  ControlPlane,
  LogSourceRecord,
} from '@internal/plugin-security-lake-node';
import { lazyCredentialProvider } from './credentials';

/** @internal */
export interface AwsControlPlaneOptions {
  /** Regions to look for data lakes in; the first one also answers ListDataLakes. */
  regions: string[];
  clientForRegion: (region: string) => SecurityLakeClient;
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

    return new AwsControlPlane({ regions, clientForRegion });
  }

  constructor(options: AwsControlPlaneOptions) {
    this.regions = options.regions;
    this.clientForRegion = options.clientForRegion;
  }

  async listDataLakeRegions(): Promise<string[]> {
    if (this.regions.length === 0) {
      return [];
    }
    // ListDataLakes answers for every requested region from any one regional endpoint
    const output = await this.clientForRegion(this.regions[0]).send(
      new ListDataLakesCommand({ regions: this.regions }),
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
        for (const resource of logSource.sources ?? []) {
          // Custom sources have no awsLogSource and no table the plugin knows how to query
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
            accountId: logSource.account,
            region: logSource.region ?? region,
            source: sourceName,
            version: sourceVersion,
          });
        }
      }
    }
    return records;
  }
}
