import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetQueryRuntimeStatisticsCommand,
  StartQueryExecutionCommand,
  StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { QueryResultPage } from '@internal/plugin-security-lake-node';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { AthenaQueryEngine } from '../aws/AthenaQueryEngine';
import { FakeLake, volumeAnswer } from './fakeLake';

const RESULTS_BUCKET = 'athena-results';

/**
 * The real `AthenaQueryEngine` over mocked Athena and S3 clients (aws-sdk-client-mock) that answer as Athena
 * does: every execution succeeds at once, the coverage volume reads from the fake lake, any other statement
 * with `result(input)`, and its result object in S3 with `csv(input)`. `started` holds every
 * StartQueryExecution input, by the execution id it was answered with.
 */
export function athenaOverMocks(options: {
  athena: AwsClientStub<AthenaClient>;
  s3?: AwsClientStub<S3Client>;
  lake: FakeLake;
  result?: (input: StartQueryExecutionCommandInput) => QueryResultPage;
  /** The result object's content, in the chunks S3 sends it in. */
  csv?: (input: StartQueryExecutionCommandInput) => (string | Buffer)[];
}) {
  const started = new Map<string, StartQueryExecutionCommandInput>();
  let next = 0;
  const { athena, s3 } = options;
  athena.on(StartQueryExecutionCommand).callsFake(input => {
    const executionId = `exec-${next++}`;
    started.set(executionId, input);
    return { QueryExecutionId: executionId };
  });
  athena.on(GetQueryExecutionCommand).callsFake(input => ({
    QueryExecution: {
      QueryExecutionId: input.QueryExecutionId,
      Status: { State: 'SUCCEEDED', CompletionDateTime: new Date() },
      Statistics: {
        DataScannedInBytes: 10_485_760,
        ResultReuseInformation: { ReusedPreviousResult: false },
      },
      ResultConfiguration: {
        OutputLocation: `s3://${RESULTS_BUCKET}/${input.QueryExecutionId}.csv`,
      },
    },
  }));
  athena.on(GetQueryResultsCommand).callsFake(input => {
    const start = started.get(input.QueryExecutionId)!;
    const page: QueryResultPage = start.QueryString!.includes('count_if(')
      ? volumeAnswer(options.lake)(start.QueryString!)
      : options.result?.(start) ?? {
          columns: [{ name: 'n', type: 'integer' }],
          rows: [['1']],
        };
    return {
      ResultSet: {
        ResultSetMetadata: {
          ColumnInfo: page.columns.map(c => ({ Name: c.name, Type: c.type })),
        },
        // Athena repeats the column names as the first row of the first page
        Rows: [
          { Data: page.columns.map(c => ({ VarCharValue: c.name })) },
          ...page.rows.map(row => ({
            Data: row.map(v => (v === null ? {} : { VarCharValue: v })),
          })),
        ],
      },
    };
  });
  athena
    .on(GetQueryRuntimeStatisticsCommand)
    .resolves({ QueryRuntimeStatistics: { Rows: { OutputRows: 1 } } });
  s3?.on(GetObjectCommand).callsFake(input => {
    const executionId = /^(.+)\.csv$/.exec(input.Key)?.[1];
    const start = executionId ? started.get(executionId) : undefined;
    if (input.Bucket !== RESULTS_BUCKET || !start || !options.csv) {
      throw Object.assign(new Error('The specified key does not exist.'), {
        name: 'NoSuchKey',
      });
    }
    const chunks = options
      .csv(start)
      .map(c => (typeof c === 'string' ? Buffer.from(c) : c));
    return { Body: Readable.from(chunks) as any };
  });

  return {
    started,
    engine: new AthenaQueryEngine({
      client: new AthenaClient({ region: 'us-east-1' }),
      s3: new S3Client({ region: 'us-east-1' }),
      workGroup: 'security-lake',
    }),
  };
}
