import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryRuntimeStatisticsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AthenaQueryEngine } from '../aws/AthenaQueryEngine';
import {
  InProcessQueryEngine,
  QueryExecutionStatus,
} from '@internal/plugin-security-lake-node';
import { InputError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { remoteEngine } from '../__testUtils__/remoteEngine';
import { pickFairly, RunBroker } from './RunBroker';
import { NewRun, RunStore } from './RunStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  return RunStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
}

function newRun(engine: string, teamRef: string, n = 0): NewRun {
  return {
    id: randomUUID(),
    queryId: 'q',
    title: `run ${n}`,
    sql: 'SELECT ?',
    boundValues: [n],
    parameters: {},
    accountIds: ['111111111111'],
    region: 'us-east-1',
    sourceVersion: '2.0',
    engine,
    createdBy: `user:default/${teamRef}-member`,
    teamRef,
    fingerprint: `f${n}`,
  };
}

const fast = {
  pollIntervalMs: 1,
  maxPollIntervalMs: 5,
  busyTickMs: 1,
  idleTickMs: 5,
};

describe('pickFairly', () => {
  it('gives every team a turn before any team gets a second, oldest team first', () => {
    const queued = [
      { id: 'a1', teamRef: 'a' },
      { id: 'a2', teamRef: 'a' },
      { id: 'a3', teamRef: 'a' },
      { id: 'b1', teamRef: 'b' },
      { id: 'c1', teamRef: 'c' },
      { id: 'c2', teamRef: 'c' },
    ];
    expect(pickFairly(queued, new Map(), 4)).toEqual(['a1', 'b1', 'c1', 'a2']);
    // a team already running takes its turn after those that are not
    expect(pickFairly(queued, new Map([['a', 2]]), 3)).toEqual([
      'b1',
      'c1',
      'c2',
    ]);
    expect(pickFairly([], new Map(), 3)).toEqual([]);
  });

  it('on a tie, gives the turn to the team that has waited longest for one', () => {
    const queued = [
      { id: 'a2', teamRef: 'a' },
      { id: 'b1', teamRef: 'b' },
      { id: 'c1', teamRef: 'c' },
    ];
    // a's first run has ended, so none of the three runs anything, but a has had a turn and b and c not
    expect(pickFairly(queued, new Map(), 2, new Map([['a', 1000]]))).toEqual([
      'b1',
      'c1',
    ]);
    expect(
      pickFairly(
        queued,
        new Map(),
        3,
        new Map([
          ['a', 1000],
          ['b', 2000],
        ]),
      ),
    ).toEqual(['c1', 'a2', 'b1']);
  });
});

describe.each(databases.eachSupportedId())('RunBroker on %p', databaseId => {
  let store: RunStore;
  const brokers: RunBroker[] = [];
  beforeEach(async () => {
    store = await createStore(databaseId);
  });
  afterEach(async () => {
    await Promise.all(brokers.splice(0).map(b => b.stop()));
  });

  function broker(
    engine: ConstructorParameters<typeof RunBroker>[0]['engine'],
    settings: ConstructorParameters<typeof RunBroker>[0]['settings'] = {},
  ) {
    const b = new RunBroker({
      engine,
      store,
      logger: mockServices.logger.mock(),
      settings: { ...fast, ...settings },
    });
    brokers.push(b);
    return b;
  }

  it('never runs more than the cap at once, and gives each team a turn in the first round', async () => {
    const athena = remoteEngine();
    const b = broker(athena.engine, { maxConcurrent: 4 });
    for (const team of ['t1', 't2', 't3', 't4']) {
      for (let i = 0; i < 5; i++) {
        // t1 submits all its runs first: fairness must still start the others
        await store.insert(newRun(athena.engine.kind, team, i));
      }
    }
    await b.tick();
    const firstRound = await Promise.all(
      athena.started.map(r => store.get(r.clientRequestToken!)),
    );
    expect(new Set(firstRound.map(r => r!.teamRef))).toEqual(
      new Set(['t1', 't2', 't3', 't4']),
    );
    const ids: string[] = [];
    for (let round = 0; round < 30; round++) {
      if (round > 0) await b.tick();
      expect(athena.active()).toBeLessThanOrEqual(4);
      for (const { id } of athena.running()) {
        athena.succeed(id);
        ids.push(id);
      }
      await new Promise(r => setTimeout(r, 6));
    }
    expect(athena.maxActive).toBe(4);
    expect(athena.started).toHaveLength(20);
    const states = await Promise.all(
      athena.started.map(r => store.get(r.clientRequestToken!)),
    );
    expect(states.map(s => s!.state)).toEqual(Array(20).fill('SUCCEEDED'));
    expect(states.every(s => s!.slot === undefined)).toBe(true);
    expect(states[0]!.dataScannedBytes).toBe(1024);
  });

  it('carries on with a run another replica started, after that replica stops, without starting it twice', async () => {
    const athena = remoteEngine();
    const run = await store.insert(newRun(athena.engine.kind, 't1'));
    const first = broker(athena.engine, { leaseMs: 60_000 });
    await first.tick();
    expect(athena.started).toHaveLength(1);
    expect((await store.get(run.id))!.executionId).toBe('exec-0');

    // the first replica dies without a word: its lease has to run out
    const second = broker(athena.engine, { leaseMs: 60_000 });
    athena.succeed('exec-0');
    await second.tick();
    expect((await store.get(run.id))!.state).toBe('RUNNING');

    await first.stop(); // a clean shutdown hands the lease back at once
    await second.tick();
    const done = (await store.get(run.id))!;
    expect(done.state).toBe('SUCCEEDED');
    expect(done.leaseOwner).toBeUndefined();
    expect(athena.started).toHaveLength(1);
  });

  it('takes over a run whose replica vanished once its lease runs out', async () => {
    const athena = remoteEngine();
    const run = await store.insert(newRun(athena.engine.kind, 't1'));
    await broker(athena.engine, { leaseMs: 50 }).tick();
    athena.succeed('exec-0');
    await new Promise(r => setTimeout(r, 80));
    await broker(athena.engine, { leaseMs: 50 }).tick();
    expect((await store.get(run.id))!.state).toBe('SUCCEEDED');
  });

  it('asks Athena again with the same token when a replica stopped between starting and recording', async () => {
    const athena = remoteEngine();
    const run = await store.insert(newRun(athena.engine.kind, 't1'));
    // what a replica leaves behind when it dies right after the start call
    await athena.engine.startQuery({
      sql: run.sql,
      clientRequestToken: run.id,
    });
    await store.leases.claimStart(run.id, 0, 'gone', Date.now() - 1);
    await broker(athena.engine).tick();
    expect((await store.get(run.id))!.executionId).toBe('exec-0');
    expect(athena.started).toHaveLength(1);
  });

  it('cancels a queued run at once and stops a running one at the engine', async () => {
    const athena = remoteEngine();
    const b = broker(athena.engine, { maxConcurrent: 1 });
    const running = await store.insert(newRun(athena.engine.kind, 't1', 1));
    // a later creation time, so it is second in the queue whatever the ids
    await new Promise(r => setTimeout(r, 5));
    const queued = await store.insert(newRun(athena.engine.kind, 't1', 2));
    await b.tick();

    expect((await store.requestCancel(queued.id))!.state).toBe('CANCELLED');
    expect((await store.requestCancel(running.id))!.cancelRequested).toBe(true);
    await b.tick();
    expect(athena.stopped).toEqual(['exec-0']);
    const after = (await store.get(running.id))!;
    expect(after.state).toBe('CANCELLED');
    expect(after.slot).toBeUndefined();
    // the queued one never reached the engine
    expect(athena.started).toHaveLength(1);
  });

  it('puts a run back in the queue when the engine is at capacity, and starts it once there is room', async () => {
    const athena = remoteEngine({ capacity: 1 });
    // something else (coverage, another tool) holds the engine's only place
    const { executionId: other } = await athena.engine.startQuery({
      sql: 'SELECT 1',
    });
    const run = await store.insert(newRun(athena.engine.kind, 't1'));
    const b = broker(athena.engine, { capacityRetryMs: 20 });
    await b.tick();
    const waiting = (await store.get(run.id))!;
    expect(waiting.state).toBe('QUEUED');
    expect(waiting.stateReason).toMatch(/at its limit/);
    expect(waiting.slot).toBeUndefined();

    athena.succeed(other);
    await new Promise(r => setTimeout(r, 30));
    await b.tick();
    expect((await store.get(run.id))!.state).toBe('RUNNING');
  });

  it('fails a run the engine refuses, with its reason, and frees the slot', async () => {
    const athena = remoteEngine();
    athena.engine.startQuery = async () => {
      throw new InputError('Athena refused the query: line 1:8: bad');
    };
    const run = await store.insert(newRun(athena.engine.kind, 't1'));
    await broker(athena.engine).tick();
    const failed = (await store.get(run.id))!;
    expect(failed.state).toBe('FAILED');
    expect(failed.stateReason).toBe('Athena refused the query: line 1:8: bad');
    expect(failed.slot).toBeUndefined();
  });

  it('runs an in-process execution again on another replica when the one running it stops', async () => {
    const calls: { executionId: string; signal?: AbortSignal }[] = [];
    const pending: ((s: QueryExecutionStatus) => void)[] = [];
    const engine: InProcessQueryEngine = {
      kind: 'local-test',
      mode: 'in-process',
      execute: (request, options) => {
        calls.push({
          executionId: request.executionId,
          signal: options?.signal,
        });
        return new Promise(resolve => {
          pending.push(resolve);
          options?.signal?.addEventListener('abort', () =>
            resolve({ executionId: request.executionId, state: 'CANCELLED' }),
          );
        });
      },
      getQueryResults: jest.fn(),
      readResultCsv: jest.fn(),
      deleteResult: jest.fn(),
    };
    const run = await store.insert(newRun(engine.kind, 't1'));
    const first = broker(engine);
    await first.tick();
    expect(calls).toHaveLength(1);

    await first.stop();
    expect(calls[0].signal!.aborted).toBe(true);
    // the interrupted execution must not be recorded as the user cancelling it
    expect((await store.get(run.id))!.state).toBe('RUNNING');

    const second = broker(engine);
    await second.tick();
    expect(calls).toHaveLength(2);
    pending[1]({
      executionId: calls[1].executionId,
      state: 'SUCCEEDED',
      rowCount: 7,
    });
    await new Promise(r => setTimeout(r, 20));
    const done = (await store.get(run.id))!;
    expect(done.state).toBe('SUCCEEDED');
    expect(done.rowCount).toBe(7);
    expect(done.executionId).toBe(calls[1].executionId);
    expect(done.attempts).toBe(2);
  });

  it('cancels an in-process execution through its signal', async () => {
    let signal: AbortSignal | undefined;
    const engine: InProcessQueryEngine = {
      kind: 'local-test',
      mode: 'in-process',
      execute: (request, options) =>
        new Promise(resolve => {
          signal = options?.signal;
          signal?.addEventListener('abort', () =>
            resolve({ executionId: request.executionId, state: 'CANCELLED' }),
          );
        }),
      getQueryResults: jest.fn(),
      readResultCsv: jest.fn(),
      deleteResult: jest.fn(),
    };
    const run = await store.insert(newRun(engine.kind, 't1'));
    const b = broker(engine);
    await b.tick();
    await store.requestCancel(run.id);
    await b.tick();
    expect(signal!.aborted).toBe(true);
    await new Promise(r => setTimeout(r, 20));
    expect((await store.get(run.id))!.state).toBe('CANCELLED');
  });

  it('keeps the cap across two replicas sharing the database', async () => {
    const athena = remoteEngine();
    const a = broker(athena.engine, { maxConcurrent: 3 });
    const b = broker(athena.engine, { maxConcurrent: 3 });
    for (let i = 0; i < 10; i++) {
      await store.insert(newRun(athena.engine.kind, `t${i % 5}`, i));
    }
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(athena.active()).toBe(3);
    const slots = await store.leases.listSlots(athena.engine.kind);
    expect(slots.map(s => s.slot).sort()).toEqual([0, 1, 2]);
  });
});

describe('RunBroker on Athena', () => {
  const athenaMock = mockClient(AthenaClient);
  const sqlite = TestDatabases.create({ ids: ['SQLITE_3'] });
  beforeEach(() => athenaMock.reset());

  it('sends the exact Athena commands: start with the run id as token, poll, stop, count rows', async () => {
    const knex = await sqlite.init('SQLITE_3');
    const store = await RunStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const engine = new AthenaQueryEngine({
      client: new AthenaClient({ region: 'eu-west-1' }),
      s3: new S3Client({ region: 'eu-west-1' }),
      workGroup: 'security-lake',
    });
    athenaMock
      .on(GetQueryExecutionCommand, { QueryExecutionId: 'exec-a' })
      .resolves({
        QueryExecution: {
          Status: { State: 'SUCCEEDED', CompletionDateTime: new Date() },
          Statistics: {
            DataScannedInBytes: 52_428_800,
            ResultReuseInformation: { ReusedPreviousResult: false },
          },
        },
      })
      .on(GetQueryExecutionCommand, { QueryExecutionId: 'exec-b' })
      .resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    athenaMock
      .on(GetQueryRuntimeStatisticsCommand)
      .resolves({ QueryRuntimeStatistics: { Rows: { OutputRows: 42 } } });
    athenaMock.on(StopQueryExecutionCommand).resolves({});

    const broker = new RunBroker({
      engine,
      store,
      logger: mockServices.logger.mock(),
      settings: { ...fast, maxConcurrent: 20 },
    });
    const a = await store.insert({
      ...newRun('athena', 't1'),
      sql: 'SELECT * FROM t WHERE accountid IN (?) AND bucket = ?',
      boundValues: ['111111111111', "o'brien"],
    });
    const b = await store.insert(newRun('athena', 't2', 7));
    // the two starts go out together: Athena tells them apart by their tokens
    athenaMock
      .on(StartQueryExecutionCommand, { ClientRequestToken: a.id })
      .resolves({ QueryExecutionId: 'exec-a' })
      .on(StartQueryExecutionCommand, { ClientRequestToken: b.id })
      .resolves({ QueryExecutionId: 'exec-b' });
    await broker.tick();

    expect(athenaMock).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString: 'SELECT * FROM t WHERE accountid IN (?) AND bucket = ?',
      ExecutionParameters: ["'111111111111'", "'o''brien'"],
      WorkGroup: 'security-lake',
      QueryExecutionContext: { Catalog: 'AwsDataCatalog' },
      ClientRequestToken: a.id,
      ResultReuseConfiguration: {
        ResultReuseByAgeConfiguration: { Enabled: false },
      },
    });
    expect(athenaMock).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      ClientRequestToken: b.id,
      ExecutionParameters: ['7'],
    });

    await store.requestCancel(b.id);
    await new Promise(r => setTimeout(r, 5));
    await broker.tick();
    await new Promise(r => setTimeout(r, 20));

    expect(athenaMock).toHaveReceivedCommandWith(GetQueryExecutionCommand, {
      QueryExecutionId: 'exec-a',
    });
    expect(athenaMock).toHaveReceivedCommandWith(StopQueryExecutionCommand, {
      QueryExecutionId: 'exec-b',
    });
    const done = (await store.get(a.id))!;
    expect(done).toMatchObject({
      state: 'SUCCEEDED',
      executionId: 'exec-a',
      dataScannedBytes: 52_428_800,
      engineReusedResult: false,
      rowCount: 42,
    });
    expect(athenaMock).toHaveReceivedCommandWith(
      GetQueryRuntimeStatisticsCommand,
      { QueryExecutionId: 'exec-a' },
    );
    await broker.stop();
  });
});
