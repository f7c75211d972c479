/*
 * A local stand-in for Athena and S3 that the backend's real AWS SDK clients talk to (through
 * securityLake.athena.endpoint and s3Endpoint): Athena's JSON 1.1 protocol on `POST /` with the operation in
 * `X-Amz-Target`, and S3 GetObject path-style on `GET /<bucket>/<key>`. Every answer waits `delayMs` first,
 * as a call to AWS takes its time. Executions run for `runningMs` and then succeed with `resultRows` rows
 * (the settings when they started); the result object of the large result is a CSV file on disk.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { csvLine, RESULT_COLUMNS, resultRow } from './resultRows';

const BUCKET = 'bench-athena-results';
const MAX_PAGE = 1000;

export interface StandInExecution {
  id: string;
  /** The broker sends the run's id as the idempotency token. */
  clientRequestToken?: string;
  /** ExecutionParameters as sent: Athena literals such as `'111111111111'`. */
  parameters: string[];
  startedAt: number;
  runningMs: number;
  rows: number;
  /** Set when GetQueryExecution first answered that it succeeded (performance.now()). */
  succeededAnsweredAt?: number;
}

class AthenaError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export class AthenaStandIn {
  delayMs = 50;
  settings = { runningMs: 400, resultRows: 100 };
  /** In the order StartQueryExecution created them. */
  readonly executions: StandInExecution[] = [];
  /** Started and not yet reported finished, now and at most. */
  running = 0;
  maxRunning = 0;
  calls = new Map<string, number>();

  private readonly byId = new Map<string, StandInExecution>();
  private readonly byToken = new Map<string, StandInExecution>();
  private readonly csvFiles = new Map<number, string>();
  private server?: http.Server;

  /** Serves results of `rows` rows from this CSV file instead of making them up. */
  serveCsvFile(rows: number, file: string) {
    this.csvFiles.set(rows, file);
  }

  execution(clientRequestToken: string): StandInExecution | undefined {
    return this.byToken.get(clientRequestToken);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(error => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise(resolve => this.server?.close(resolve));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk);
    await sleep(this.delayMs);
    const target = req.headers['x-amz-target'];
    if (req.method === 'POST' && typeof target === 'string') {
      const operation = target.replace(/^AmazonAthena\./, '');
      this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
      const input = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      res.setHeader('Content-Type', 'application/x-amz-json-1.1');
      res.setHeader('x-amzn-RequestId', randomUUID());
      try {
        const output = this.athena(operation, input);
        res.end(JSON.stringify(output.body));
        output.answered?.();
      } catch (error) {
        if (!(error instanceof AthenaError)) throw error;
        res.statusCode = 400;
        res.setHeader('x-amzn-ErrorType', error.type);
        res.end(JSON.stringify({ __type: error.type, Message: error.message }));
      }
      return;
    }
    if (req.method === 'GET') {
      this.calls.set('GetObject', (this.calls.get('GetObject') ?? 0) + 1);
      this.getObject(new URL(req.url!, 'http://localhost').pathname, res);
      return;
    }
    res.statusCode = 400;
    res.end();
  }

  private find(input: { QueryExecutionId?: string }): StandInExecution {
    const execution = this.byId.get(input.QueryExecutionId ?? '');
    if (!execution) {
      throw new AthenaError(
        'InvalidRequestException',
        `QueryExecution ${input.QueryExecutionId} was not found`,
      );
    }
    return execution;
  }

  private succeeded(execution: StandInExecution) {
    return performance.now() - execution.startedAt >= execution.runningMs;
  }

  /** The answer to one Athena operation, and what to note once it has gone out. */
  private athena(
    operation: string,
    input: any,
  ): { body: object; answered?: () => void } {
    switch (operation) {
      case 'StartQueryExecution': {
        const again = input.ClientRequestToken
          ? this.byToken.get(input.ClientRequestToken)
          : undefined;
        if (again) return { body: { QueryExecutionId: again.id } };
        const execution: StandInExecution = {
          id: randomUUID(),
          clientRequestToken: input.ClientRequestToken,
          parameters: input.ExecutionParameters ?? [],
          startedAt: performance.now(),
          runningMs: this.settings.runningMs,
          rows: this.settings.resultRows,
        };
        this.executions.push(execution);
        this.byId.set(execution.id, execution);
        if (execution.clientRequestToken) {
          this.byToken.set(execution.clientRequestToken, execution);
        }
        this.running++;
        this.maxRunning = Math.max(this.maxRunning, this.running);
        return { body: { QueryExecutionId: execution.id } };
      }
      case 'GetQueryExecution': {
        const execution = this.find(input);
        const done = this.succeeded(execution);
        const first = done && execution.succeededAnsweredAt === undefined;
        if (first) this.running--;
        const submitted =
          Date.now() - (performance.now() - execution.startedAt);
        return {
          body: {
            QueryExecution: {
              QueryExecutionId: execution.id,
              StatementType: 'DML',
              WorkGroup: 'bench',
              ResultConfiguration: {
                OutputLocation: `s3://${BUCKET}/${execution.id}.csv`,
              },
              Status: {
                State: done ? 'SUCCEEDED' : 'RUNNING',
                SubmissionDateTime: submitted / 1000,
                ...(done
                  ? {
                      CompletionDateTime:
                        (submitted + execution.runningMs) / 1000,
                    }
                  : {}),
              },
              Statistics: {
                DataScannedInBytes: 1_048_576,
                EngineExecutionTimeInMillis: execution.runningMs,
                ResultReuseInformation: { ReusedPreviousResult: false },
              },
            },
          },
          answered: first
            ? () => {
                execution.succeededAnsweredAt = performance.now();
              }
            : undefined,
        };
      }
      case 'GetQueryResults': {
        const execution = this.find(input);
        if (!this.succeeded(execution)) {
          throw new AthenaError(
            'InvalidRequestException',
            'Query has not yet finished',
          );
        }
        // Athena's rows: the header first, then the result's rows
        const total = execution.rows + 1;
        const from = Number(input.NextToken ?? 0);
        const to = Math.min(total, from + (input.MaxResults ?? MAX_PAGE));
        const rows = [];
        for (let r = from; r < to; r++) {
          const cells = r === 0 ? RESULT_COLUMNS : resultRow(r - 1);
          rows.push({ Data: cells.map(VarCharValue => ({ VarCharValue })) });
        }
        return {
          body: {
            UpdateCount: 0,
            ResultSet: {
              Rows: rows,
              ResultSetMetadata: {
                ColumnInfo: RESULT_COLUMNS.map(Name => ({
                  CatalogName: 'hive',
                  SchemaName: '',
                  TableName: '',
                  Name,
                  Label: Name,
                  Type: 'varchar',
                  Precision: 2147483647,
                  Scale: 0,
                  Nullable: 'UNKNOWN',
                  CaseSensitive: true,
                })),
              },
            },
            ...(to < total ? { NextToken: String(to) } : {}),
          },
        };
      }
      case 'GetQueryRuntimeStatistics':
        return {
          body: {
            QueryRuntimeStatistics: {
              Rows: { OutputRows: this.find(input).rows },
            },
          },
        };
      case 'StopQueryExecution':
        this.find(input);
        return { body: {} };
      default:
        throw new AthenaError(
          'UnknownOperationException',
          `The stand-in does not answer ${operation}`,
        );
    }
  }

  private getObject(pathname: string, res: http.ServerResponse) {
    const match = new RegExp(`^/${BUCKET}/([0-9a-f-]+)\\.csv$`).exec(pathname);
    const execution = match && this.byId.get(match[1]);
    if (!execution || !this.succeeded(execution)) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'application/xml');
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`,
      );
      return;
    }
    res.setHeader('Content-Type', 'text/csv');
    res.setHeader('ETag', `"${execution.id}"`);
    res.setHeader('Last-Modified', new Date().toUTCString());
    const file = this.csvFiles.get(execution.rows);
    if (file) {
      res.setHeader('Content-Length', fs.statSync(file).size);
      fs.createReadStream(file).pipe(res);
      return;
    }
    let body = csvLine(RESULT_COLUMNS);
    for (let i = 0; i < execution.rows; i++) body += csvLine(resultRow(i));
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  }
}
