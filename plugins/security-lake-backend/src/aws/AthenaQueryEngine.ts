import {
  AthenaClient,
  BatchGetNamedQueryCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetQueryRuntimeStatisticsCommand,
  InvalidRequestException,
  paginateListNamedQueries,
  paginateListTableMetadata,
  StartQueryExecutionCommand,
  StartQueryExecutionCommandInput,
  StopQueryExecutionCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-athena';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  EngineNamedQuery,
  EngineTable,
  QueryCapacityError,
  QueryExecutionStatus,
  QueryParameter,
  QueryResultPage,
  QueryState,
  RemoteQueryEngine,
  StartQueryRequest,
  trinoSqlGrammar,
} from '@internal/plugin-security-lake-node';
import { Readable } from 'node:stream';
import { lazyCredentialProvider } from './credentials';

const DEFAULT_CATALOG = 'AwsDataCatalog';
const DEFAULT_WORK_GROUP = 'primary';
/** BatchGetNamedQuery takes at most 50 ids, and ListNamedQueries/ListTableMetadata pages hold at most 50. */
const BATCH_LIMIT = 50;
/** GetQueryResults accepts at most 1000 rows per page. */
const MAX_RESULTS_LIMIT = 1000;

const QUERY_STATES: readonly QueryState[] = [
  'QUEUED',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
];

/** @internal */
export interface AthenaQueryEngineOptions {
  client: AthenaClient;
  /** Reads result objects from the workgroup's output location. */
  s3: S3Client;
  workGroup: string;
  /** Data catalog the unqualified database names resolve in; defaults to `AwsDataCatalog`. */
  catalog?: string;
  /** S3 location for results; only needed when the workgroup doesn't enforce one. */
  outputLocation?: string;
  /** Workgroups whose named queries are offered; defaults to `workGroup`. */
  namedQueryWorkGroups?: string[];
}

/**
 * Renders a parameter as the Athena SQL literal `ExecutionParameters` expects.
 *
 * @internal
 */
export function toAthenaLiteral(value: QueryParameter): string {
  if (typeof value === 'string') {
    return `'${value.replace(/'/g, "''")}'`;
  }
  if (typeof value === 'number') {
    // NaN and Infinity have no literal form; sending them would fail with an opaque syntax error
    if (!Number.isFinite(value)) {
      throw new TypeError(`Query parameter ${value} is not a finite number`);
    }
    return String(value);
  }
  return value ? 'true' : 'false';
}

function isTooManyRequests(error: unknown): boolean {
  return (
    error instanceof TooManyRequestsException ||
    (error instanceof Error && error.name === 'TooManyRequestsException')
  );
}

function toQueryState(state: string | undefined): QueryState {
  // An execution Athena has accepted but not yet reported on is waiting to run
  return QUERY_STATES.find(s => s === state) ?? 'QUEUED';
}

/**
 * Runs queries on Amazon Athena, where the Security Lake tables live in the Glue catalog.
 *
 * @internal
 */
export class AthenaQueryEngine implements RemoteQueryEngine {
  readonly kind = 'athena' as const;
  /** Athena engine version 3 parses with Trino's grammar. */
  readonly grammar = trinoSqlGrammar;
  readonly mode = 'remote' as const;

  private readonly client: AthenaClient;
  private readonly s3: S3Client;
  private readonly workGroup: string;
  private readonly catalog: string;
  private readonly outputLocation?: string;
  private readonly namedQueryWorkGroups: string[];

  /**
   * Builds the engine from `securityLake.athena`, with credentials from the `aws` integration config.
   */
  static fromConfig(config: Config): AthenaQueryEngine {
    const athenaConfig = config.getOptionalConfig('securityLake.athena');
    const reuseMinutes = athenaConfig?.getOptionalNumber(
      'resultReuseMaxAgeMinutes',
    );
    if (reuseMinutes !== undefined && reuseMinutes !== 0) {
      // someone who set it expects Athena to reuse results; say why it no longer does rather than ignore it
      throw new Error(
        'securityLake.athena.resultReuseMaxAgeMinutes: Athena result reuse is no longer used, because Athena ' +
          "matches a query by its string and every team's run of a library query has the same string (the " +
          'accounts are execution parameters). Remove the key: identical runs (same SQL and values) are ' +
          'reused by securityLake.queries.reuseResultsMinutes.',
      );
    }
    const region = athenaConfig?.getOptionalString('region');
    const sdkCredentialProvider = lazyCredentialProvider(
      DefaultAwsCredentialsManager.fromConfig(config),
      athenaConfig?.getOptionalString('accountId'),
    );

    // VPC endpoints, or a stand-in in tests and benchmarks; the SDK's regional endpoints when unset
    const endpoint = athenaConfig?.getOptionalString('endpoint');
    const s3Endpoint = athenaConfig?.getOptionalString('s3Endpoint');

    const client = new AthenaClient({
      region,
      credentialDefaultProvider: () => sdkCredentialProvider,
      // Throttling and transient errors are retried by the SDK with backoff
      maxAttempts: 5,
      ...(endpoint ? { endpoint } : {}),
    });

    return new AthenaQueryEngine({
      client,
      s3: new S3Client({
        region,
        credentialDefaultProvider: () => sdkCredentialProvider,
        maxAttempts: 5,
        // an endpoint of one's own serves buckets below its path, not as host names
        ...(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true } : {}),
      }),
      workGroup:
        athenaConfig?.getOptionalString('workGroup') ?? DEFAULT_WORK_GROUP,
      catalog: athenaConfig?.getOptionalString('catalog'),
      outputLocation: athenaConfig?.getOptionalString('outputLocation'),
      namedQueryWorkGroups: athenaConfig?.getOptionalStringArray(
        'namedQueryWorkGroups',
      ),
    });
  }

  constructor(options: AthenaQueryEngineOptions) {
    this.client = options.client;
    this.s3 = options.s3;
    this.workGroup = options.workGroup;
    this.catalog = options.catalog ?? DEFAULT_CATALOG;
    this.outputLocation = options.outputLocation;
    this.namedQueryWorkGroups = options.namedQueryWorkGroups ?? [
      options.workGroup,
    ];
  }

  /** The Glue tables of a database with their columns and partition keys, every page of them. */
  async listTables(database: string): Promise<EngineTable[]> {
    const tables: EngineTable[] = [];
    for await (const page of paginateListTableMetadata(
      { client: this.client, pageSize: BATCH_LIMIT },
      {
        CatalogName: this.catalog,
        DatabaseName: database,
        WorkGroup: this.workGroup,
      },
    )) {
      for (const table of page.TableMetadataList ?? []) {
        tables.push({
          name: table.Name ?? '',
          columns: [
            ...(table.Columns ?? []),
            ...(table.PartitionKeys ?? []),
          ].map(c => ({ name: c.Name ?? '', type: c.Type ?? '' })),
        });
      }
    }
    return tables;
  }

  /** Every named query of the configured workgroups: their ids page by page, then 50 at a time. */
  async listNamedQueries(): Promise<EngineNamedQuery[]> {
    const queries: EngineNamedQuery[] = [];
    for (const workGroup of this.namedQueryWorkGroups) {
      const ids: string[] = [];
      for await (const page of paginateListNamedQueries(
        { client: this.client, pageSize: BATCH_LIMIT },
        { WorkGroup: workGroup },
      )) {
        ids.push(...(page.NamedQueryIds ?? []));
      }
      for (let i = 0; i < ids.length; i += BATCH_LIMIT) {
        const batch = await this.client.send(
          new BatchGetNamedQueryCommand({
            NamedQueryIds: ids.slice(i, i + BATCH_LIMIT),
          }),
        );
        for (const query of batch.NamedQueries ?? []) {
          if (!query.NamedQueryId || !query.QueryString) continue;
          queries.push({
            id: query.NamedQueryId,
            name: query.Name ?? query.NamedQueryId,
            ...(query.Description ? { description: query.Description } : {}),
            ...(query.Database ? { database: query.Database } : {}),
            workGroup: query.WorkGroup ?? workGroup,
            sql: query.QueryString,
          });
        }
      }
    }
    return queries;
  }

  async startQuery(request: StartQueryRequest): Promise<{
    executionId: string;
  }> {
    const input: StartQueryExecutionCommandInput = {
      QueryString: request.sql,
      WorkGroup: this.workGroup,
      QueryExecutionContext: { Catalog: this.catalog },
      // Off, and said so rather than left to a default. Athena reuses a result when the query string
      // matches "as determined by Athena", and every team's run of a library query sends the same string:
      // the accounts and the window are ExecutionParameters, which that match is not documented to
      // include, so one team's result could answer another team's accounts. (Athena does not reuse on
      // tables with Lake Formation row or column filters either.) The broker reuses instead, keyed on the
      // SQL, every bound value and the run's accounts (RunStore.findReusable).
      ResultReuseConfiguration: {
        ResultReuseByAgeConfiguration: { Enabled: false },
      },
    };
    if (request.clientRequestToken) {
      input.ClientRequestToken = request.clientRequestToken;
    }
    // Athena rejects an empty ExecutionParameters list
    if (request.parameters && request.parameters.length > 0) {
      input.ExecutionParameters = request.parameters.map(toAthenaLiteral);
    }
    if (this.outputLocation) {
      input.ResultConfiguration = { OutputLocation: this.outputLocation };
    }

    try {
      const output = await this.client.send(
        new StartQueryExecutionCommand(input),
      );
      if (!output.QueryExecutionId) {
        throw new Error('Athena did not return a query execution id');
      }
      return { executionId: output.QueryExecutionId };
    } catch (error) {
      // Reaching here means the SDK's retries were exhausted; the caller decides whether to retry later
      if (isTooManyRequests(error)) {
        throw new QueryCapacityError(
          `Athena has too many queries running: ${(error as Error).message}`,
        );
      }
      if (
        error instanceof InvalidRequestException ||
        (error instanceof Error && error.name === 'InvalidRequestException')
      ) {
        throw new InputError(
          `Athena refused the query: ${(error as Error).message}`,
        );
      }
      throw error;
    }
  }

  async getQueryExecution(executionId: string): Promise<QueryExecutionStatus> {
    const { QueryExecution: execution } = await this.client.send(
      new GetQueryExecutionCommand({ QueryExecutionId: executionId }),
    );
    const status = execution?.Status;
    const statistics = execution?.Statistics;
    return {
      executionId,
      state: toQueryState(status?.State),
      stateChangeReason: status?.StateChangeReason,
      dataScannedBytes: statistics?.DataScannedInBytes,
      submittedAt: status?.SubmissionDateTime,
      completedAt: status?.CompletionDateTime,
      reusedPreviousResult:
        statistics?.ResultReuseInformation?.ReusedPreviousResult,
    };
  }

  async getQueryResults(
    executionId: string,
    options?: { cursor?: string; maxResults?: number },
  ): Promise<QueryResultPage> {
    const maxResults = Math.max(
      1,
      Math.min(options?.maxResults ?? MAX_RESULTS_LIMIT, MAX_RESULTS_LIMIT),
    );
    const output = await this.client.send(
      new GetQueryResultsCommand({
        QueryExecutionId: executionId,
        NextToken: options?.cursor,
        MaxResults: maxResults,
      }),
    );

    const columns = (output.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map(
      column => ({ name: column.Name ?? '', type: column.Type ?? '' }),
    );
    let rows = (output.ResultSet?.Rows ?? []).map(row =>
      (row.Data ?? []).map(datum => datum.VarCharValue ?? null),
    );
    // Athena repeats the column names as the first row of the first page only
    if (!options?.cursor) {
      rows = rows.slice(1);
    }
    return { columns, rows, nextCursor: output.NextToken };
  }

  async stopQuery(executionId: string): Promise<void> {
    await this.client.send(
      new StopQueryExecutionCommand({ QueryExecutionId: executionId }),
    );
  }

  /**
   * Rows in a finished execution's result. Athena reports it in the runtime statistics, which it leaves out
   * for queries on row-filtered tables; then the count stays unknown.
   */
  async getRowCount(executionId: string): Promise<number | undefined> {
    try {
      const output = await this.client.send(
        new GetQueryRuntimeStatisticsCommand({ QueryExecutionId: executionId }),
      );
      return output.QueryRuntimeStatistics?.Rows?.OutputRows;
    } catch {
      return undefined;
    }
  }

  /**
   * The result object Athena wrote to the workgroup's S3 output location (a CSV with a header row and
   * every field quoted), streamed from S3 as it arrives.
   */
  async readResultCsv(executionId: string): Promise<Readable> {
    const { QueryExecution: execution } = await this.client.send(
      new GetQueryExecutionCommand({ QueryExecutionId: executionId }),
    );
    const location = execution?.ResultConfiguration?.OutputLocation;
    const match = location && /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
    if (!match || execution?.Status?.State !== 'SUCCEEDED') {
      throw new NotFoundError(
        `Query execution ${executionId} has no result object`,
      );
    }
    const object = await this.s3.send(
      new GetObjectCommand({ Bucket: match[1], Key: match[2] }),
    );
    if (!(object.Body instanceof Readable)) {
      throw new Error(`The result object of ${executionId} is not a stream`);
    }
    return object.Body;
  }

  /** Link to the execution in the Athena console's query history. */
  async consoleUrl(executionId: string): Promise<string> {
    const region = await this.client.config.region();
    return `https://${region}.console.aws.amazon.com/athena/home?region=${region}#/query-editor/history/${encodeURIComponent(
      executionId,
    )}`;
  }
}
