import {
  BatchGrantPermissionsCommand,
  BatchPermissionsFailureEntry,
  BatchPermissionsRequestEntry,
  BatchRevokePermissionsCommand,
  CreateDataCellsFilterCommand,
  DataCellsFilter,
  DeleteDataCellsFilterCommand,
  LakeFormationClient,
  UpdateDataCellsFilterCommand,
} from '@aws-sdk/client-lakeformation';
import {
  CreateSubscriberCommand,
  CreateSubscriberNotificationCommand,
  DeleteSubscriberCommand,
  GetSubscriberCommand,
  paginateListSubscribers,
  SecurityLakeClient,
  SubscriberResource,
} from '@aws-sdk/client-securitylake';
import {
  DataCellsFilterSpec,
  SubscriberNotificationSpec,
  SubscriberOperations,
  SubscriberRecord,
  SubscriberSpec,
} from '@internal/plugin-security-lake-node';

/** BatchGrantPermissions and BatchRevokePermissions take at most 20 entries. */
const BATCH_LIMIT = 20;

function isNamed(error: unknown, ...names: string[]): boolean {
  return names.includes((error as Error)?.name);
}

function toRecord(subscriber: SubscriberResource): SubscriberRecord {
  return {
    subscriberId: subscriber.subscriberId!,
    ...(subscriber.subscriberArn
      ? { subscriberArn: subscriber.subscriberArn }
      : {}),
    ...(subscriber.subscriberStatus
      ? { subscriberStatus: subscriber.subscriberStatus }
      : {}),
    ...(subscriber.resourceShareArn
      ? { resourceShareArn: subscriber.resourceShareArn }
      : {}),
    ...(subscriber.resourceShareName
      ? { resourceShareName: subscriber.resourceShareName }
      : {}),
    ...(subscriber.roleArn ? { roleArn: subscriber.roleArn } : {}),
    ...(subscriber.s3BucketArn ? { s3BucketArn: subscriber.s3BucketArn } : {}),
    ...(subscriber.subscriberEndpoint
      ? { subscriberEndpoint: subscriber.subscriberEndpoint }
      : {}),
  };
}

function failed(
  what: string,
  failures: BatchPermissionsFailureEntry[] | undefined,
): Error | undefined {
  if (!failures?.length) return undefined;
  const error = new Error(
    `${what} failed for ${failures.length} filter${
      failures.length === 1 ? '' : 's'
    }: ${failures
      .map(
        f =>
          `${f.RequestEntry?.Resource?.DataCellsFilter?.Name}: ${f.Error?.ErrorCode} ${f.Error?.ErrorMessage}`,
      )
      .join('; ')}`,
  );
  error.name = failures[0].Error?.ErrorCode ?? 'LakeFormationError';
  return error;
}

/**
 * Subscribers through the Security Lake API, and team-scoped grants through Lake Formation, in the
 * delegated administrator account with the portal's own identity. The SDK retries throttling with backoff;
 * what still fails is thrown for the provisioner to record.
 *
 * @internal
 */
export class AwsSubscriberOperations implements SubscriberOperations {
  constructor(
    private readonly options: {
      /** The account whose Glue catalog holds the Security Lake tables. */
      catalogId: string;
      securityLake: (region: string) => SecurityLakeClient;
      lakeFormation: (region: string) => LakeFormationClient;
    },
  ) {}

  get catalogId(): string {
    return this.options.catalogId;
  }

  async createSubscriber(
    region: string,
    spec: SubscriberSpec,
  ): Promise<SubscriberRecord> {
    const { subscriber } = await this.options.securityLake(region).send(
      new CreateSubscriberCommand({
        subscriberName: spec.name,
        ...(spec.description
          ? { subscriberDescription: spec.description }
          : {}),
        subscriberIdentity: {
          principal: spec.principal,
          externalId: spec.externalId,
        },
        sources: spec.sources.map(s => ({
          awsLogSource: { sourceName: s.source, sourceVersion: s.version },
        })),
        accessTypes: spec.accessTypes,
        ...(spec.tags
          ? {
              tags: Object.entries(spec.tags).map(([key, value]) => ({
                key,
                value,
              })),
            }
          : {}),
      }),
    );
    return toRecord(subscriber!);
  }

  async findSubscriber(
    region: string,
    name: string,
  ): Promise<SubscriberRecord | undefined> {
    for await (const page of paginateListSubscribers(
      { client: this.options.securityLake(region) },
      {},
    )) {
      const found = page.subscribers?.find(s => s.subscriberName === name);
      if (found) return toRecord(found);
    }
    return undefined;
  }

  async getSubscriber(
    region: string,
    subscriberId: string,
  ): Promise<SubscriberRecord | undefined> {
    try {
      const { subscriber } = await this.options
        .securityLake(region)
        .send(new GetSubscriberCommand({ subscriberId }));
      return subscriber ? toRecord(subscriber) : undefined;
    } catch (error) {
      if (isNamed(error, 'ResourceNotFoundException')) return undefined;
      throw error;
    }
  }

  async createSubscriberNotification(
    region: string,
    subscriberId: string,
    notification: SubscriberNotificationSpec,
  ): Promise<string | undefined> {
    const { subscriberEndpoint } = await this.options.securityLake(region).send(
      new CreateSubscriberNotificationCommand({
        subscriberId,
        configuration:
          notification.type === 'SQS'
            ? { sqsNotificationConfiguration: {} }
            : {
                httpsNotificationConfiguration: {
                  endpoint: notification.endpoint,
                  targetRoleArn: notification.targetRoleArn,
                },
              },
      }),
    );
    return subscriberEndpoint;
  }

  async deleteSubscriber(region: string, subscriberId: string): Promise<void> {
    try {
      await this.options
        .securityLake(region)
        .send(new DeleteSubscriberCommand({ subscriberId }));
    } catch (error) {
      // already gone is what deleting wants
      if (!isNamed(error, 'ResourceNotFoundException')) throw error;
    }
  }

  private tableData(filter: DataCellsFilterSpec): DataCellsFilter {
    if (!this.options.catalogId) {
      throw new Error(
        "Set securityLake.aws.accountId (the delegated administrator account that holds the lake's Glue catalog) to grant access to a team's accounts",
      );
    }
    return {
      TableCatalogId: this.options.catalogId,
      DatabaseName: filter.database,
      TableName: filter.table,
      Name: filter.name,
      RowFilter: { FilterExpression: filter.rowFilter },
      ColumnWildcard: {},
    };
  }

  async putDataCellsFilter(
    region: string,
    filter: DataCellsFilterSpec,
  ): Promise<void> {
    const client = this.options.lakeFormation(region);
    const TableData = this.tableData(filter);
    try {
      await client.send(new CreateDataCellsFilterCommand({ TableData }));
    } catch (error) {
      if (!isNamed(error, 'AlreadyExistsException')) throw error;
      await client.send(new UpdateDataCellsFilterCommand({ TableData }));
    }
  }

  async deleteDataCellsFilter(
    region: string,
    filter: DataCellsFilterSpec,
  ): Promise<void> {
    try {
      await this.options.lakeFormation(region).send(
        new DeleteDataCellsFilterCommand({
          TableCatalogId: this.options.catalogId,
          DatabaseName: filter.database,
          TableName: filter.table,
          Name: filter.name,
        }),
      );
    } catch (error) {
      if (!isNamed(error, 'EntityNotFoundException')) throw error;
    }
  }

  private entries(
    principal: string,
    filters: DataCellsFilterSpec[],
  ): BatchPermissionsRequestEntry[] {
    return filters.map((filter, i) => ({
      Id: String(i + 1),
      Principal: { DataLakePrincipalIdentifier: principal },
      Resource: {
        DataCellsFilter: {
          TableCatalogId: this.options.catalogId,
          DatabaseName: filter.database,
          TableName: filter.table,
          Name: filter.name,
        },
      },
      Permissions: ['SELECT'],
      PermissionsWithGrantOption: [],
    }));
  }

  async grantFilterSelect(
    region: string,
    principal: string,
    filters: DataCellsFilterSpec[],
  ): Promise<void> {
    await this.inBatches(principal, filters, async Entries => {
      const { Failures } = await this.options.lakeFormation(region).send(
        new BatchGrantPermissionsCommand({
          CatalogId: this.options.catalogId,
          Entries,
        }),
      );
      return failed('Granting SELECT', Failures);
    });
  }

  async revokeFilterSelect(
    region: string,
    principal: string,
    filters: DataCellsFilterSpec[],
  ): Promise<void> {
    await this.inBatches(principal, filters, async Entries => {
      const { Failures } = await this.options.lakeFormation(region).send(
        new BatchRevokePermissionsCommand({
          CatalogId: this.options.catalogId,
          Entries,
        }),
      );
      // a grant that is no longer there is what revoking wants
      return failed(
        'Revoking SELECT',
        Failures?.filter(f => f.Error?.ErrorCode !== 'EntityNotFoundException'),
      );
    });
  }

  /** SELECT entries for the filters, sent 20 at a time; the first refused batch is thrown. */
  private async inBatches(
    principal: string,
    filters: DataCellsFilterSpec[],
    send: (
      entries: BatchPermissionsRequestEntry[],
    ) => Promise<Error | undefined>,
  ): Promise<void> {
    const entries = this.entries(principal, filters);
    for (let i = 0; i < entries.length; i += BATCH_LIMIT) {
      const error = await send(entries.slice(i, i + BATCH_LIMIT));
      if (error) throw error;
    }
  }
}
