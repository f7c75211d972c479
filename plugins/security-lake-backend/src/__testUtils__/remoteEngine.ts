import {
  QueryCapacityError,
  QueryExecutionStatus,
  QueryResultPage,
  RemoteQueryEngine,
  StartQueryRequest,
} from '@internal/plugin-security-lake-node';
import { Readable } from 'node:stream';

interface Execution {
  request: StartQueryRequest;
  status: QueryExecutionStatus;
  result?: QueryResultPage;
}

/**
 * A remote engine that behaves as Athena does (executions outlive whoever started them, the client
 * request token is idempotent) and that a test finishes by hand. It counts how many executions are
 * active at once, as Athena's quota does.
 */
export function remoteEngine(options?: {
  capacity?: number;
  /** Statements answered at once (e.g. the coverage volume reads); the rest wait for the test. */
  answerAtOnce?: (
    sql: string,
    request: StartQueryRequest,
  ) => QueryResultPage | undefined;
}) {
  const executions = new Map<string, Execution>();
  const tokens = new Map<string, string>();
  const started: StartQueryRequest[] = [];
  const stopped: string[] = [];
  let next = 0;
  let maxActive = 0;
  const active = () =>
    [...executions.values()].filter(
      e => e.status.state === 'RUNNING' || e.status.state === 'QUEUED',
    ).length;

  const engine: RemoteQueryEngine = {
    kind: 'remote-test',
    mode: 'remote',
    async startQuery(request) {
      const known = request.clientRequestToken
        ? tokens.get(request.clientRequestToken)
        : undefined;
      if (known) return { executionId: known };
      if (options?.capacity !== undefined && active() >= options.capacity) {
        throw new QueryCapacityError('too many queries');
      }
      const executionId = `exec-${next++}`;
      const atOnce = options?.answerAtOnce?.(request.sql, request);
      if (atOnce) {
        executions.set(executionId, {
          request,
          result: atOnce,
          status: { executionId, state: 'SUCCEEDED' },
        });
        return { executionId };
      }
      started.push(request);
      executions.set(executionId, {
        request,
        status: { executionId, state: 'RUNNING', dataScannedBytes: 0 },
      });
      if (request.clientRequestToken) {
        tokens.set(request.clientRequestToken, executionId);
      }
      maxActive = Math.max(maxActive, active());
      return { executionId };
    },
    async getQueryExecution(executionId) {
      return { ...executions.get(executionId)!.status };
    },
    async getQueryResults(executionId, page) {
      const result = executions.get(executionId)!.result!;
      const offset = Number(page?.cursor ?? 0);
      const size = page?.maxResults ?? 1000;
      return {
        columns: result.columns,
        rows: result.rows.slice(offset, offset + size),
        ...(offset + size < result.rows.length
          ? { nextCursor: String(offset + size) }
          : {}),
      };
    },
    async stopQuery(executionId) {
      stopped.push(executionId);
      const execution = executions.get(executionId)!;
      if (execution.status.state === 'RUNNING') {
        execution.status = { ...execution.status, state: 'CANCELLED' };
      }
    },
    async readResultCsv(executionId) {
      const result = executions.get(executionId)!.result!;
      return Readable.from([
        `${result.columns.map(c => `"${c.name}"`).join(',')}\n`,
        ...result.rows.map(r => `${r.map(c => `"${c}"`).join(',')}\n`),
      ]);
    },
  };

  return {
    engine,
    started,
    stopped,
    get maxActive() {
      return maxActive;
    },
    active,
    running: () =>
      [...executions.entries()]
        .filter(([, e]) => e.status.state === 'RUNNING')
        .map(([id, e]) => ({ id, request: e.request })),
    succeed(executionId: string, result?: QueryResultPage) {
      const execution = executions.get(executionId)!;
      execution.result = result ?? {
        columns: [{ name: 'n', type: 'integer' }],
        rows: [['1']],
      };
      execution.status = {
        ...execution.status,
        state: 'SUCCEEDED',
        dataScannedBytes: 1024,
        completedAt: new Date(),
      };
    },
    fail(executionId: string, reason: string) {
      const execution = executions.get(executionId)!;
      execution.status = {
        ...execution.status,
        state: 'FAILED',
        stateChangeReason: reason,
      };
    },
  };
}
