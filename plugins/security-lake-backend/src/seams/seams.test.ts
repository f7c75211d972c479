import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import {
  GetDataLakeSourcesCommand,
  ListDataLakeExceptionsCommand,
  ListDataLakesCommand,
  ListLogSourcesCommand,
  SecurityLakeClient,
} from '@aws-sdk/client-securitylake';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ControlPlane,
  securityLakeEnginesExtensionPoint,
} from '@internal/plugin-security-lake-node';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import request from 'supertest';
import { securityLakePlugin } from '../plugin';

jest.setTimeout(60_000);

const athena = mockClient(AthenaClient);
const securityLake = mockClient(SecurityLakeClient);

const PAT = {
  Authorization: mockCredentials.user.header('user:default/pat'),
};

function start(config: object, extra: any[] = []) {
  let refresh: () => Promise<void> = async () => {};
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: jest.fn(async task => {
      // the coverage refresh, not the other scheduled tasks
      if (task.id !== 'security-lake-coverage-refresh') return;
      refresh = async () => task.fn(new AbortController().signal);
    }),
  });
  return startTestBackend({
    features: [
      securityLakePlugin,
      catalogServiceMock.factory({ entities: [] }),
      scheduler.factory,
      mockServices.rootConfig.factory({ data: { securityLake: config } }),
      ...extra,
    ],
  }).then(backend => ({ ...backend, refresh: () => refresh() }));
}

const controlPlaneModule = (id: string) =>
  createBackendModule({
    pluginId: 'security-lake',
    moduleId: id,
    register(reg) {
      reg.registerInit({
        deps: { engines: securityLakeEnginesExtensionPoint },
        async init({ engines }) {
          const controlPlane: ControlPlane = {
            kind: id,
            listDataLakeRegions: async () => [],
            listLogSources: async () => [],
            listSourceStatuses: async () => [],
            listDataLakeExceptions: async () => [],
          };
          engines.setControlPlane(controlPlane);
        },
      });
    },
  });

describe('choosing the query engine and control plane', () => {
  beforeEach(() => {
    athena.reset();
    securityLake.reset();
  });

  it('starts with only the backend plugin on Athena and the Security Lake API', async () => {
    securityLake.on(ListDataLakesCommand).resolves({
      dataLakes: [
        {
          region: 'eu-west-1',
          dataLakeArn:
            'arn:aws:securitylake:eu-west-1:111111111111:data-lake/default',
        },
      ],
    });
    securityLake.on(ListLogSourcesCommand).resolves({
      sources: [
        {
          account: '111111111111',
          region: 'eu-west-1',
          sources: [
            {
              awsLogSource: { sourceName: 'VPC_FLOW', sourceVersion: '2.0' },
            },
          ],
        },
      ],
    });
    securityLake.on(GetDataLakeSourcesCommand).resolves({
      dataLakeArn: 'arn:lake',
      dataLakeSources: [
        {
          account: '111111111111',
          sourceName: 'VPC_FLOW',
          sourceStatuses: [{ status: 'COLLECTING' }],
        },
      ],
    });
    securityLake.on(ListDataLakeExceptionsCommand).resolves({ exceptions: [] });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { Status: { State: 'SUCCEEDED' } },
    });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: {
          ColumnInfo: [
            'accountid',
            ...Array.from({ length: 14 }, (_, i) => `d${i}`),
            'last_event',
          ].map(Name => ({ Name, Type: 'varchar' })),
        },
        Rows: [
          {
            Data: [
              'accountid',
              ...Array.from({ length: 14 }, (_, i) => `d${i}`),
              'last_event',
            ].map(VarCharValue => ({ VarCharValue })),
          },
          {
            Data: [
              '111111111111',
              ...new Array(14).fill('7'),
              new Date().toISOString().slice(0, 19).replace('T', ' '),
            ].map(VarCharValue => ({ VarCharValue })),
          },
        ],
      },
    });
    const { server, refresh } = await start({
      engine: 'athena',
      controlPlane: 'aws',
      athena: { region: 'eu-west-1', workGroup: 'security-lake' },
      aws: { regions: ['eu-west-1'] },
    });

    const info = await request(server).get('/api/security-lake/info').set(PAT);
    expect(info.body).toEqual({
      engine: 'athena',
      controlPlane: 'aws',
      localMode: false,
    });
    // nothing reached AWS at start-up: credentials and calls wait for the first use
    expect(securityLake).not.toHaveReceivedAnyCommand();
    expect(athena).not.toHaveReceivedAnyCommand();

    await refresh();
    expect(securityLake).toHaveReceivedCommandWith(ListDataLakesCommand, {
      regions: ['eu-west-1'],
    });
    expect(securityLake).toHaveReceivedCommandWith(ListLogSourcesCommand, {
      regions: ['eu-west-1'],
    });
    expect(securityLake).toHaveReceivedCommandWith(GetDataLakeSourcesCommand, {
      maxResults: 100,
    });
    expect(securityLake).toHaveReceivedCommandWith(
      ListDataLakeExceptionsCommand,
      { regions: ['eu-west-1'] },
    );
    // freshness and volume: one bounded aggregate on Athena, in the configured workgroup
    const [startCall] = athena.commandCalls(StartQueryExecutionCommand);
    expect(startCall.args[0].input).toMatchObject({
      WorkGroup: 'security-lake',
      QueryExecutionContext: { Catalog: 'AwsDataCatalog' },
      QueryString: expect.stringContaining(
        'FROM "amazon_security_lake_glue_db_eu_west_1"."amazon_security_lake_table_eu_west_1_vpc_flow_2_0"\nWHERE time_dt >= CAST(? AS TIMESTAMP)',
      ),
    });
    expect(startCall.args[0].input.ExecutionParameters).toHaveLength(15);
    expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 1);

    const coverage = await request(server)
      .get('/api/security-lake/coverage')
      .set(PAT);
    expect(coverage.body.items).toEqual([
      expect.objectContaining({
        accountId: '111111111111',
        inCatalog: false,
        sources: {
          VPC_FLOW: expect.objectContaining({
            health: 'healthy',
            volume: new Array(14).fill(7),
          }),
        },
      }),
    ]);

    // ad-hoc SQL is checked with Trino's grammar alone: pure JavaScript, no DuckDB in this backend
    const check = (sql: string) =>
      request(server)
        .post('/api/security-lake/sql/check')
        .set(PAT)
        .send({ sql, region: 'eu-west-1' });
    const table = 'amazon_security_lake_table_eu_west_1_vpc_flow_2_0';
    expect((await check(`SELECT * FROM ${table}`)).body).toEqual({
      valid: true,
      problems: [],
      tables: [`amazon_security_lake_glue_db_eu_west_1.${table}`],
    });
    expect((await check(`SELECT * FROM ${table} --\u0000\n`)).body).toEqual({
      valid: false,
      problems: [
        expect.objectContaining({
          message: expect.stringContaining('U+0000 is not allowed'),
          line: 1,
        }),
      ],
      tables: [],
    });
  });

  it('fails at start-up naming the missing engine configuration', async () => {
    await expect(start({})).rejects.toThrow(
      /no query engine: set securityLake\.engine to 'athena'.*plugin-security-lake-backend-module-local/,
    );
  });

  it('fails at start-up naming the missing control plane configuration', async () => {
    await expect(
      start({ engine: 'athena', athena: { workGroup: 'wg' } }),
    ).rejects.toThrow(
      /no control plane: set securityLake\.controlPlane to 'aws' \(with securityLake\.aws\.regions\)/,
    );
    await expect(
      start({ engine: 'athena', controlPlane: 'aws' }),
    ).rejects.toThrow(/securityLake\.aws\.regions is missing/);
  });

  it('names a configured engine that no installed module provides', async () => {
    await expect(
      start({
        engine: 'duckdb',
        controlPlane: 'aws',
        aws: { regions: ['us-east-1'] },
      }),
    ).rejects.toThrow(
      /securityLake\.engine is 'duckdb', which no installed module provides/,
    );
  });

  it('takes the control plane from a module and Athena from configuration', async () => {
    const { server } = await start(
      { engine: 'athena', athena: { workGroup: 'wg' } },
      [controlPlaneModule('first')],
    );
    const info = await request(server).get('/api/security-lake/info').set(PAT);
    expect(info.body).toEqual({
      engine: 'athena',
      controlPlane: 'first',
      localMode: true,
    });
  });

  it('refuses two modules that set the same seam', async () => {
    await expect(
      start({ engine: 'athena' }, [
        controlPlaneModule('first'),
        controlPlaneModule('second'),
      ]),
    ).rejects.toThrow(
      /Two modules set the Security Lake control plane \((first and second|second and first)\)/,
    );
  });
});
