import { mockServices } from '@backstage/backend-test-utils';
import {
  QueryCapacityError,
  RemoteQueryEngine,
} from '@internal/plugin-security-lake-node';
import { VolumeReader, volumeQuery } from './VolumeReader';

describe('volumeQuery', () => {
  it('bounds a version 2 table to the window and counts each day, every bound a parameter', () => {
    const start = Date.UTC(2026, 10, 18);
    const { sql, parameters } = volumeQuery(
      { ref: '"db"."t"', legacy: false },
      start,
      3,
    );
    expect(sql).toBe(
      `SELECT accountid, count_if(date_diff('day', CAST(? AS TIMESTAMP), time_dt) = 0) AS d0, count_if(date_diff('day', CAST(? AS TIMESTAMP), time_dt) = 1) AS d1, count_if(date_diff('day', CAST(? AS TIMESTAMP), time_dt) = 2) AS d2, max(time_dt) AS last_event
FROM "db"."t"
WHERE time_dt >= CAST(? AS TIMESTAMP)
GROUP BY accountid`,
    );
    expect(parameters).toEqual([
      '2026-11-18 00:00:00',
      '2026-11-18 00:00:00',
      '2026-11-18 00:00:00',
      '2026-11-18 00:00:00',
    ]);
  });

  it('uses the eventday partition and epoch milliseconds on version 1 tables', () => {
    const { sql, parameters } = volumeQuery(
      { ref: '"db"."v1"', legacy: true },
      Date.UTC(2026, 10, 18),
      1,
    );
    expect(sql).toContain('from_unixtime(time / 1000)');
    expect(sql).toContain('WHERE eventday >= ?');
    expect(parameters).toEqual(['2026-11-18 00:00:00', '20261118']);
  });
});

describe('VolumeReader', () => {
  const page = (rows: (string | null)[][], nextCursor?: string) => ({
    columns: ['accountid', 'd0', 'd1', 'last_event'].map(name => ({
      name,
      type: 'varchar',
    })),
    rows,
    ...(nextCursor ? { nextCursor } : {}),
  });

  it('reads one aggregate per table, pages its results and tolerates a table that cannot be read', async () => {
    const engine: jest.Mocked<RemoteQueryEngine> = {
      kind: 'test',
      mode: 'remote',
      readResultCsv: jest.fn(),
      startQuery: jest.fn(async ({ sql }) => ({
        executionId: ['waf', 'ext', 'vpc'].find(t => sql.includes(`_${t}_`))!,
      })),
      getQueryExecution: jest.fn(async executionId =>
        executionId === 'waf'
          ? { executionId, state: 'FAILED' as const, stateChangeReason: 'Table not found' }
          : { executionId, state: 'SUCCEEDED' as const },
      ),
      getQueryResults: jest.fn(async (executionId, options) => {
        if (executionId === 'ext') {
          return page([['111111111111', '4', '5', '2026-11-19 08:00:00.000']]);
        }
        return options?.cursor
          ? page([['222222222222', '0', '0', null]])
          : page([['111111111111', '1', '2', '2026-11-19 23:59:59.123']], 'p2');
      }),
      stopQuery: jest.fn(),
    };
    const logger = mockServices.logger.mock();
    const reader = new VolumeReader({ engine, logger, pollIntervalMs: 1 });

    const records = await reader.read(
      [
        { accountId: '111111111111', region: 'us-east-1', source: 'VPC_FLOW', version: '2.0' },
        // same table: read once
        { accountId: '222222222222', region: 'us-east-1', source: 'VPC_FLOW', version: '2.0' },
        { accountId: '111111111111', region: 'us-east-1', source: 'WAF', version: '2.0' },
        { kind: 'custom', accountId: '111111111111', region: 'us-east-1', source: 'Okta-SSO', version: '1.0' },
      ],
      { end: new Date('2026-11-19T12:00:00Z'), days: 2 },
    );

    expect(engine.startQuery).toHaveBeenCalledTimes(3);
    expect(engine.startQuery.mock.calls.map(c => /FROM (.*)/.exec(c[0].sql)![1])).toEqual([
      '"amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"',
      '"amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_waf_2_0"',
      '"amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_ext_okta_sso"',
    ]);
    expect(records).toEqual(
      expect.arrayContaining([
        {
          accountId: '111111111111',
          region: 'us-east-1',
          sourceKey: 'VPC_FLOW',
          version: '2.0',
          days: [1, 2],
          lastEventAt: new Date('2026-11-19T23:59:59.123Z'),
        },
        {
          accountId: '222222222222',
          region: 'us-east-1',
          sourceKey: 'VPC_FLOW',
          version: '2.0',
          days: [0, 0],
          lastEventAt: undefined,
        },
        {
          accountId: '111111111111',
          region: 'us-east-1',
          sourceKey: 'ext:Okta-SSO',
          version: '1.0',
          days: [4, 5],
          lastEventAt: new Date('2026-11-19T08:00:00.000Z'),
        },
      ]),
    );
    expect(records).toHaveLength(3);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/could not read .*_waf_2_0.*Table not found/),
    );
  });

  it('fails when no table can be read', async () => {
    const engine = {
      kind: 'test',
      mode: 'remote',
      startQuery: jest.fn(async () => {
        throw new Error('Athena is down');
      }),
    } as unknown as RemoteQueryEngine;
    const reader = new VolumeReader({
      engine,
      logger: mockServices.logger.mock(),
    });
    await expect(
      reader.read(
        [{ accountId: '111111111111', region: 'us-east-1', source: 'VPC_FLOW', version: '2.0' }],
        { end: new Date(), days: 14 },
      ),
    ).rejects.toThrow('Could not read the volume of any of 1 tables: Athena is down');
  });

  it('waits and asks again while the engine is at its active-query limit, which people\'s runs share', async () => {
    let refusals = 2;
    const engine = {
      kind: 'test',
      mode: 'remote',
      startQuery: jest.fn(async () => {
        if (refusals-- > 0) throw new QueryCapacityError('too many queries');
        return { executionId: 'e' };
      }),
      getQueryExecution: jest.fn(async () => ({
        executionId: 'e',
        state: 'SUCCEEDED' as const,
      })),
      getQueryResults: jest.fn(async () =>
        page([['111111111111', '3', '4', '2026-11-19 08:00:00.000']]),
      ),
    } as unknown as RemoteQueryEngine;
    const reader = new VolumeReader({
      engine,
      logger: mockServices.logger.mock(),
      capacityRetryMs: 1,
    });
    const records = await reader.read(
      [{ accountId: '111111111111', region: 'us-east-1', source: 'VPC_FLOW', version: '2.0' }],
      { end: new Date('2026-11-19T12:00:00Z'), days: 2 },
    );
    expect((engine as any).startQuery).toHaveBeenCalledTimes(3);
    expect(records).toEqual([
      expect.objectContaining({ accountId: '111111111111', days: [3, 4] }),
    ]);
  });
});
