import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  QueryRun,
  QueryRunRequest,
} from '@internal/plugin-security-lake-common';
import { JsonObject } from '@backstage/types';
import { audited } from '../http/audit';
import { RunSubmitter } from './RunService';

/**
 * Starts a run through `submitter` inside a `query-run` audit event, whoever asks: `POST /runs`, a finding's
 * context runs, or an action. The event names the query (or SQL) and accounts asked for, and the run it
 * became.
 *
 * @internal
 */
export function auditedSubmit(
  auditor: AuditorService,
  submitter: RunSubmitter,
  credentials: BackstageCredentials<BackstageUserPrincipal>,
  request: QueryRunRequest,
  context: {
    request?: AuditorServiceCreateEventOptions['request'];
    meta?: JsonObject;
  } = {},
): Promise<QueryRun> {
  return audited(
    auditor,
    {
      eventId: 'query-run',
      ...(context.request ? { request: context.request } : {}),
      meta: {
        ...(request.queryId ? { queryId: request.queryId } : {}),
        ...(request.sql !== undefined ? { sql: request.sql } : {}),
        accountIds: request.accountIds,
        ...context.meta,
      },
    },
    async () => {
      const run = await submitter.submit(credentials, request);
      return {
        result: run,
        meta: {
          runId: run.id,
          region: run.region,
          state: run.state,
          ...(run.reusedRunId ? { reusedRunId: run.reusedRunId } : {}),
        },
      };
    },
  );
}
