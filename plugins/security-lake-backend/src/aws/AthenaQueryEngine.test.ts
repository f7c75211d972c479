import {
  AthenaClient,
  BatchGetNamedQueryCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InvalidRequestException,
  GetQueryRuntimeStatisticsCommand,
  ListNamedQueriesCommand,
  ListTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-athena';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import 'aws-sdk-client-mock-jest';
import { AthenaQueryEngine, toAthenaLiteral } from './AthenaQueryEngine';
import { QueryCapacityError } from '@internal/plugin-security-lake-node';

describe('AthenaQueryEngine', () => {
  const athenaMock = mockClient(AthenaClient);
  const s3Mock = mockClient(S3Client);

  beforeEach(() => {
    athenaMock.reset();
    s3Mock.reset();
  });

  function createEngine(
    overrides: Partial<ConstructorParameters<typeof AthenaQueryEngine>[0]> = {},
  ) {
    return new AthenaQueryEngine({
      client: new AthenaClient({ region: 'eu-west-1' }),
      s3: new S3Client({ region: 'eu-west-1' }),
      workGroup: 'security-lake',
      ...overrides,
    });
  }

  describe('startQuery', () => {
    it('sends the query with typed parameters as Athena literals', async () => {
      athenaMock
        .on(StartQueryExecutionCommand)
        .resolves({ QueryExecutionId: 'exec-1' });

      const result = await createEngine().startQuery({
        sql: 'SELECT * FROM t WHERE name = ? AND n = ? AND ok = ? AND off = ? AND x = ?',
        parameters: ["O'Brien", 42, true, false, 1.5],
        clientRequestToken: 'token-123',
      });

      expect(result).toEqual({ executionId: 'exec-1' });
      expect(athenaMock).toHaveReceivedCommandTimes(
        StartQueryExecutionCommand,
        1,
      );
      expect(
        athenaMock.commandCalls(StartQueryExecutionCommand)[0].args[0].input,
      ).toEqual({
        QueryString:
          'SELECT * FROM t WHERE name = ? AND n = ? AND ok = ? AND off = ? AND x = ?',
        WorkGroup: 'security-lake',
        QueryExecutionContext: { Catalog: 'AwsDataCatalog' },
        ClientRequestToken: 'token-123',
        ExecutionParameters: ["'O''Brien'", '42', 'true', 'false', '1.5'],
        // never Athena's own reuse: it matches on the query string, which the parameters are not part of
        ResultReuseConfiguration: {
          ResultReuseByAgeConfiguration: { Enabled: false },
        },
      });
    });

    it('omits parameters and token when absent, and honours catalog and output location', async () => {
      athenaMock
        .on(StartQueryExecutionCommand)
        .resolves({ QueryExecutionId: 'exec-2' });

      await createEngine({
        catalog: 'other_catalog',
        outputLocation: 's3://results/prefix/',
      }).startQuery({ sql: 'SELECT 1', parameters: [] });

      expect(
        athenaMock.commandCalls(StartQueryExecutionCommand)[0].args[0].input,
      ).toEqual({
        QueryString: 'SELECT 1',
        WorkGroup: 'security-lake',
        QueryExecutionContext: { Catalog: 'other_catalog' },
        ResultReuseConfiguration: {
          ResultReuseByAgeConfiguration: { Enabled: false },
        },
        ResultConfiguration: { OutputLocation: 's3://results/prefix/' },
      });
    });

    it('asks two runs of one statement over different accounts with reuse off, the accounts only as parameters', async () => {
      athenaMock
        .on(StartQueryExecutionCommand, { ClientRequestToken: 'run-payments' })
        .resolves({ QueryExecutionId: 'exec-payments' })
        .on(StartQueryExecutionCommand, { ClientRequestToken: 'run-checkout' })
        .resolves({ QueryExecutionId: 'exec-checkout' });
      const engine = createEngine();
      const sql = 'SELECT * FROM t WHERE accountid IN (?) AND time_dt >= ?';

      const payments = await engine.startQuery({
        sql,
        parameters: ['111111111111', '2026-11-20 00:00:00.000'],
        clientRequestToken: 'run-payments',
      });
      const checkout = await engine.startQuery({
        sql,
        parameters: ['333333333333', '2026-11-20 00:00:00.000'],
        clientRequestToken: 'run-checkout',
      });

      expect(payments.executionId).not.toBe(checkout.executionId);
      const inputs = athenaMock
        .commandCalls(StartQueryExecutionCommand)
        .map(c => c.args[0].input);
      // the same string twice: with reuse on, Athena could answer one from the other
      expect(inputs.map(i => i.QueryString)).toEqual([sql, sql]);
      expect(inputs).toEqual([
        {
          QueryString: sql,
          WorkGroup: 'security-lake',
          QueryExecutionContext: { Catalog: 'AwsDataCatalog' },
          ClientRequestToken: 'run-payments',
          ExecutionParameters: ["'111111111111'", "'2026-11-20 00:00:00.000'"],
          ResultReuseConfiguration: {
            ResultReuseByAgeConfiguration: { Enabled: false },
          },
        },
        {
          QueryString: sql,
          WorkGroup: 'security-lake',
          QueryExecutionContext: { Catalog: 'AwsDataCatalog' },
          ClientRequestToken: 'run-checkout',
          ExecutionParameters: ["'333333333333'", "'2026-11-20 00:00:00.000'"],
          ResultReuseConfiguration: {
            ResultReuseByAgeConfiguration: { Enabled: false },
          },
        },
      ]);
    });

    it('maps TooManyRequestsException to QueryCapacityError', async () => {
      athenaMock.on(StartQueryExecutionCommand).rejects(
        new TooManyRequestsException({
          message: 'You have exceeded the limit for the number of queries',
          $metadata: {},
        }),
      );

      const started = createEngine().startQuery({ sql: 'SELECT 1' });
      await expect(started).rejects.toBeInstanceOf(QueryCapacityError);
      // which the API answers with 503
      await expect(started).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
      });
    });

    it("maps InvalidRequestException to an InputError with Athena's reason", async () => {
      athenaMock.on(StartQueryExecutionCommand).rejects(
        new InvalidRequestException({
          message: 'line 1:8: mismatched input',
          $metadata: {},
        }),
      );

      await expect(
        createEngine().startQuery({ sql: 'SELEC 1' }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: 'Athena refused the query: line 1:8: mismatched input',
      });
    });

    it('lets other errors through unchanged', async () => {
      const error = new Error('socket hang up');
      athenaMock.on(StartQueryExecutionCommand).rejects(error);

      await expect(createEngine().startQuery({ sql: 'SELECT 1' })).rejects.toBe(
        error,
      );
    });
  });

  describe('fromConfig', () => {
    function clientsOf(engine: AthenaQueryEngine) {
      return engine as unknown as { client: AthenaClient; s3: S3Client };
    }

    it('talks to the configured endpoints, with S3 buckets addressed path-style', async () => {
      const { client, s3 } = clientsOf(
        AthenaQueryEngine.fromConfig(
          new ConfigReader({
            securityLake: {
              athena: {
                region: 'eu-west-1',
                endpoint: 'http://127.0.0.1:4566',
                s3Endpoint: 'https://s3.vpce.example:8443',
              },
            },
          }),
        ),
      );
      expect(await client.config.endpoint!()).toMatchObject({
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 4566,
      });
      expect(await s3.config.endpoint!()).toMatchObject({
        protocol: 'https:',
        hostname: 's3.vpce.example',
        port: 8443,
      });
      expect(s3.config.forcePathStyle).toBe(true);
    });

    it('refuses to start when asked for Athena result reuse, naming the key and what reuses instead', () => {
      expect(() =>
        AthenaQueryEngine.fromConfig(
          new ConfigReader({
            securityLake: { athena: { resultReuseMaxAgeMinutes: 60 } },
          }),
        ),
      ).toThrow(
        /^securityLake\.athena\.resultReuseMaxAgeMinutes: .*securityLake\.queries\.reuseResultsMinutes/,
      );
      // 0 asked for it off, which it is
      expect(() =>
        AthenaQueryEngine.fromConfig(
          new ConfigReader({
            securityLake: { athena: { resultReuseMaxAgeMinutes: 0 } },
          }),
        ),
      ).not.toThrow();
    });

    it('uses the regional endpoints when none is configured', () => {
      const { client, s3 } = clientsOf(
        AthenaQueryEngine.fromConfig(
          new ConfigReader({
            securityLake: { athena: { region: 'eu-west-1' } },
          }),
        ),
      );
      expect(client.config.endpoint).toBeUndefined();
      expect(s3.config.endpoint).toBeUndefined();
      expect(s3.config.forcePathStyle).toBe(false);
    });
  });

  describe('toAthenaLiteral', () => {
    it('quotes strings and doubles embedded quotes', () => {
      expect(toAthenaLiteral("O'Brien")).toBe("'O''Brien'");
      expect(toAthenaLiteral("''")).toBe("''''''");
      expect(toAthenaLiteral('')).toBe("''");
    });

    it('rejects numbers without a literal form', () => {
      expect(() => toAthenaLiteral(NaN)).toThrow(TypeError);
      expect(() => toAthenaLiteral(Infinity)).toThrow(TypeError);
    });
  });

  describe('getQueryExecution', () => {
    it('maps a succeeded execution', async () => {
      const submitted = new Date('2024-05-01T10:00:00Z');
      const completed = new Date('2024-05-01T10:00:05Z');
      athenaMock.on(GetQueryExecutionCommand).resolves({
        QueryExecution: {
          QueryExecutionId: 'exec-1',
          Status: {
            State: 'SUCCEEDED',
            SubmissionDateTime: submitted,
            CompletionDateTime: completed,
          },
          Statistics: {
            DataScannedInBytes: 1234,
            ResultReuseInformation: { ReusedPreviousResult: true },
          },
        },
      });

      await expect(createEngine().getQueryExecution('exec-1')).resolves.toEqual(
        {
          executionId: 'exec-1',
          state: 'SUCCEEDED',
          stateChangeReason: undefined,
          dataScannedBytes: 1234,
          submittedAt: submitted,
          completedAt: completed,
          reusedPreviousResult: true,
        },
      );
      expect(athenaMock).toHaveReceivedCommandWith(GetQueryExecutionCommand, {
        QueryExecutionId: 'exec-1',
      });
    });

    it('maps a failed execution with its reason', async () => {
      athenaMock.on(GetQueryExecutionCommand).resolves({
        QueryExecution: {
          QueryExecutionId: 'exec-2',
          Status: {
            State: 'FAILED',
            StateChangeReason: "TABLE_NOT_FOUND: Table 'x' does not exist",
          },
        },
      });

      const status = await createEngine().getQueryExecution('exec-2');

      expect(status.state).toBe('FAILED');
      expect(status.stateChangeReason).toBe(
        "TABLE_NOT_FOUND: Table 'x' does not exist",
      );
    });
  });

  describe('getQueryResults', () => {
    const columnInfo = [
      { Name: 'account', Type: 'varchar' },
      { Name: 'count', Type: 'bigint' },
    ];

    it('drops the header row on the first page and returns the next token', async () => {
      athenaMock.on(GetQueryResultsCommand).resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columnInfo },
          Rows: [
            { Data: [{ VarCharValue: 'account' }, { VarCharValue: 'count' }] },
            { Data: [{ VarCharValue: '111122223333' }, { VarCharValue: '7' }] },
            { Data: [{ VarCharValue: '444455556666' }, {}] },
          ],
        },
        NextToken: 'page-2',
      });

      const page = await createEngine().getQueryResults('exec-1');

      expect(page).toEqual({
        columns: [
          { name: 'account', type: 'varchar' },
          { name: 'count', type: 'bigint' },
        ],
        rows: [
          ['111122223333', '7'],
          ['444455556666', null],
        ],
        nextCursor: 'page-2',
      });
      expect(
        athenaMock.commandCalls(GetQueryResultsCommand)[0].args[0].input,
      ).toEqual({
        QueryExecutionId: 'exec-1',
        NextToken: undefined,
        MaxResults: 1000,
      });
    });

    it('keeps every row on later pages and passes the token through', async () => {
      athenaMock.on(GetQueryResultsCommand).resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columnInfo },
          Rows: [
            { Data: [{ VarCharValue: '777788889999' }, { VarCharValue: '1' }] },
          ],
        },
      });

      const page = await createEngine().getQueryResults('exec-1', {
        cursor: 'page-2',
        maxResults: 50,
      });

      expect(page.rows).toEqual([['777788889999', '1']]);
      expect(page.nextCursor).toBeUndefined();
      expect(athenaMock).toHaveReceivedCommandTimes(GetQueryResultsCommand, 1);
      expect(
        athenaMock.commandCalls(GetQueryResultsCommand)[0].args[0].input,
      ).toEqual({
        QueryExecutionId: 'exec-1',
        NextToken: 'page-2',
        MaxResults: 50,
      });
    });

    it('caps the page size at 1000', async () => {
      athenaMock.on(GetQueryResultsCommand).resolves({ ResultSet: {} });

      const page = await createEngine().getQueryResults('exec-1', {
        maxResults: 5000,
      });

      expect(page).toEqual({ columns: [], rows: [], nextCursor: undefined });
      expect(athenaMock).toHaveReceivedCommandWith(GetQueryResultsCommand, {
        QueryExecutionId: 'exec-1',
        MaxResults: 1000,
      });
    });
  });

  describe('readResultCsv', () => {
    it('streams the result object from the output location Athena reports', async () => {
      athenaMock.on(GetQueryExecutionCommand).resolves({
        QueryExecution: {
          QueryExecutionId: 'exec-9',
          Status: { State: 'SUCCEEDED' },
          ResultConfiguration: {
            OutputLocation: 's3://athena-results-111/security-lake/exec-9.csv',
          },
        },
      });
      s3Mock.on(GetObjectCommand).resolves({
        // a Node stream, as the SDK's Node HTTP handler gives
        Body: Readable.from(['"a","b"\n', '"1","2"\n']) as any,
      });

      const csv = await createEngine().readResultCsv('exec-9');

      expect(await text(csv)).toBe('"a","b"\n"1","2"\n');
      expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, {
        Bucket: 'athena-results-111',
        Key: 'security-lake/exec-9.csv',
      });
    });

    it('answers NotFound for an execution that has not succeeded', async () => {
      athenaMock.on(GetQueryExecutionCommand).resolves({
        QueryExecution: {
          Status: { State: 'RUNNING' },
          ResultConfiguration: { OutputLocation: 's3://b/k.csv' },
        },
      });
      await expect(createEngine().readResultCsv('exec-9')).rejects.toThrow(
        /has no result object/,
      );
      expect(s3Mock).not.toHaveReceivedCommand(GetObjectCommand);
    });
  });

  it('reads the row count from the runtime statistics, and leaves it unknown when Athena has none', async () => {
    athenaMock
      .on(GetQueryRuntimeStatisticsCommand, { QueryExecutionId: 'exec-1' })
      .resolves({ QueryRuntimeStatistics: { Rows: { OutputRows: 1234 } } })
      .on(GetQueryRuntimeStatisticsCommand, { QueryExecutionId: 'exec-2' })
      .rejects(
        new InvalidRequestException({ message: 'no stats', $metadata: {} }),
      );
    const engine = createEngine();
    expect(await engine.getRowCount('exec-1')).toBe(1234);
    expect(await engine.getRowCount('exec-2')).toBeUndefined();
  });

  it('stops a query', async () => {
    athenaMock.on(StopQueryExecutionCommand).resolves({});

    await createEngine().stopQuery('exec-1');

    expect(athenaMock).toHaveReceivedCommandTimes(StopQueryExecutionCommand, 1);
    expect(
      athenaMock.commandCalls(StopQueryExecutionCommand)[0].args[0].input,
    ).toEqual({ QueryExecutionId: 'exec-1' });
  });

  it('links to the execution in the console of the client region', async () => {
    await expect(createEngine().consoleUrl('exec-1')).resolves.toBe(
      'https://eu-west-1.console.aws.amazon.com/athena/home?region=eu-west-1#/query-editor/history/exec-1',
    );
  });

  describe('named queries and tables', () => {
    it('lists every named query of each configured workgroup, paging ids and fetching them 50 at a time', async () => {
      const ids = Array.from({ length: 60 }, (_, i) => `nq-${i}`);
      // the SDK's paginator reuses its input object, so each call's input is copied as it is sent
      const listed: object[] = [];
      athenaMock
        .on(ListNamedQueriesCommand)
        .callsFake(input => {
          listed.push({ ...input });
          if (input.WorkGroup !== 'security-lake') return { NamedQueryIds: [] };
          return input.NextToken === 'page-2'
            ? { NamedQueryIds: ids.slice(50) }
            : { NamedQueryIds: ids.slice(0, 50), NextToken: 'page-2' };
        })
        .on(BatchGetNamedQueryCommand)
        .callsFake(input => ({
          NamedQueries: input.NamedQueryIds.map((id: string) => ({
            NamedQueryId: id,
            Name: `Query ${id}`,
            Database: 'amazon_security_lake_glue_db_eu_west_1',
            QueryString: `SELECT '${id}'`,
            WorkGroup: 'security-lake',
          })),
        }));

      const queries = await createEngine({
        namedQueryWorkGroups: ['security-lake', 'analysts'],
      }).listNamedQueries();

      expect(listed).toEqual([
        { WorkGroup: 'security-lake', MaxResults: 50 },
        { WorkGroup: 'security-lake', MaxResults: 50, NextToken: 'page-2' },
        { WorkGroup: 'analysts', MaxResults: 50 },
      ]);
      expect(
        athenaMock
          .commandCalls(BatchGetNamedQueryCommand)
          .map(c => c.args[0].input),
      ).toEqual([
        { NamedQueryIds: ids.slice(0, 50) },
        { NamedQueryIds: ids.slice(50) },
      ]);
      expect(queries).toHaveLength(60);
      expect(queries[59]).toEqual({
        id: 'nq-59',
        name: 'Query nq-59',
        database: 'amazon_security_lake_glue_db_eu_west_1',
        workGroup: 'security-lake',
        sql: "SELECT 'nq-59'",
      });
    });

    it('asks only the engine workgroup for named queries by default', async () => {
      athenaMock.on(ListNamedQueriesCommand).resolves({ NamedQueryIds: [] });
      expect(await createEngine().listNamedQueries()).toEqual([]);
      expect(
        athenaMock
          .commandCalls(ListNamedQueriesCommand)
          .map(c => c.args[0].input),
      ).toEqual([{ WorkGroup: 'security-lake', MaxResults: 50 }]);
      expect(athenaMock).not.toHaveReceivedCommand(BatchGetNamedQueryCommand);
    });

    it('lists a database tables with their columns and partition keys, every page', async () => {
      const base = {
        CatalogName: 'AwsDataCatalog',
        DatabaseName: 'amazon_security_lake_glue_db_eu_west_1',
        WorkGroup: 'security-lake',
        MaxResults: 50,
      };
      const listed: object[] = [];
      athenaMock.on(ListTableMetadataCommand).callsFake(input => {
        listed.push({ ...input });
        return input.NextToken === 'next'
          ? { TableMetadataList: [{ Name: 'other', Columns: [] }] }
          : {
              TableMetadataList: [
                {
                  Name: 'amazon_security_lake_table_eu_west_1_vpc_flow_2_0',
                  Columns: [{ Name: 'time_dt', Type: 'timestamp' }],
                  PartitionKeys: [{ Name: 'accountid', Type: 'string' }],
                },
              ],
              NextToken: 'next',
            };
      });

      expect(
        await createEngine().listTables(
          'amazon_security_lake_glue_db_eu_west_1',
        ),
      ).toEqual([
        {
          name: 'amazon_security_lake_table_eu_west_1_vpc_flow_2_0',
          columns: [
            { name: 'time_dt', type: 'timestamp' },
            { name: 'accountid', type: 'string' },
          ],
        },
        { name: 'other', columns: [] },
      ]);
      expect(listed).toEqual([base, { ...base, NextToken: 'next' }]);
    });
  });
});
