import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InvalidRequestException,
  StartQueryExecutionCommand,
  StartQueryExecutionCommandInput,
  StopQueryExecutionCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-athena';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  QueryCapacityError,
  QueryEngine,
  QueryExecutionStatus,
  QueryParameter,
  QueryResultPage,
  QueryState,
  StartQueryRequest,
} from '@internal/plugin-security-lake-node';
import { lazyCredentialProvider } from './credentials';

const DEFAULT_CATALOG = 'AwsDataCatalog';
const DEFAULT_WORK_GROUP = 'primary';
const DEFAULT_RESULT_REUSE_MAX_AGE_MINUTES = 60;
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
  workGroup: string;
  /** Data catalog the unqualified database names resolve in; defaults to `AwsDataCatalog`. */
  catalog?: string;
  /** S3 location for results; only needed when the workgroup doesn't enforce one. */
  outputLocation?: string;
  /** How old a reused result may be; defaults to 60, 0 disables result reuse. */
  resultReuseMaxAgeMinutes?: number;
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
export class AthenaQueryEngine implements QueryEngine {
  readonly kind = 'athena' as const;

  private readonly client: AthenaClient;
  private readonly workGroup: string;
  private readonly catalog: string;
  private readonly outputLocation?: string;
  private readonly resultReuseMaxAgeMinutes: number;

  /**
   * Builds the engine from `securityLake.athena`, with credentials from the `aws` integration config.
   */
  static fromConfig(config: Config): AthenaQueryEngine {
    const athenaConfig = config.getOptionalConfig('securityLake.athena');
    const region = athenaConfig?.getOptionalString('region');
    const sdkCredentialProvider = lazyCredentialProvider(
      DefaultAwsCredentialsManager.fromConfig(config),
      athenaConfig?.getOptionalString('accountId'),
    );

    const client = new AthenaClient({
      region,
      credentialDefaultProvider: () => sdkCredentialProvider,
      // Throttling and transient errors are retried by the SDK with backoff
      maxAttempts: 5,
    });

    return new AthenaQueryEngine({
      client,
      workGroup:
        athenaConfig?.getOptionalString('workGroup') ?? DEFAULT_WORK_GROUP,
      catalog: athenaConfig?.getOptionalString('catalog'),
      outputLocation: athenaConfig?.getOptionalString('outputLocation'),
      resultReuseMaxAgeMinutes: athenaConfig?.getOptionalNumber(
        'resultReuseMaxAgeMinutes',
      ),
    });
  }

  constructor(options: AthenaQueryEngineOptions) {
    this.client = options.client;
    this.workGroup = options.workGroup;
    this.catalog = options.catalog ?? DEFAULT_CATALOG;
    this.outputLocation = options.outputLocation;
    this.resultReuseMaxAgeMinutes =
      options.resultReuseMaxAgeMinutes ?? DEFAULT_RESULT_REUSE_MAX_AGE_MINUTES;
  }

  async startQuery(request: StartQueryRequest): Promise<{
    executionId: string;
  }> {
    const input: StartQueryExecutionCommandInput = {
      QueryString: request.sql,
      WorkGroup: this.workGroup,
      QueryExecutionContext: { Catalog: this.catalog },
    };
    if (request.clientRequestToken) {
      input.ClientRequestToken = request.clientRequestToken;
    }
    // Athena rejects an empty ExecutionParameters list
    if (request.parameters && request.parameters.length > 0) {
      input.ExecutionParameters = request.parameters.map(toAthenaLiteral);
    }
    if (this.resultReuseMaxAgeMinutes > 0) {
      input.ResultReuseConfiguration = {
        ResultReuseByAgeConfiguration: {
          Enabled: true,
          MaxAgeInMinutes: this.resultReuseMaxAgeMinutes,
        },
      };
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
    options?: { nextToken?: string; maxResults?: number },
  ): Promise<QueryResultPage> {
    const maxResults = Math.max(
      1,
      Math.min(options?.maxResults ?? MAX_RESULTS_LIMIT, MAX_RESULTS_LIMIT),
    );
    const output = await this.client.send(
      new GetQueryResultsCommand({
        QueryExecutionId: executionId,
        NextToken: options?.nextToken,
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
    if (!options?.nextToken) {
      rows = rows.slice(1);
    }
    return { columns, rows, nextToken: output.NextToken };
  }

  async stopQuery(executionId: string): Promise<void> {
    await this.client.send(
      new StopQueryExecutionCommand({ QueryExecutionId: executionId }),
    );
  }

  /** Link to the execution in the Athena console's query history. */
  async consoleUrl(executionId: string): Promise<string> {
    const region = await this.client.config.region();
    return `https://${region}.console.aws.amazon.com/athena/home?region=${region}#/query-editor/history/${encodeURIComponent(
      executionId,
    )}`;
  }
}
