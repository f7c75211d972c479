import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  QueryRunParameters,
  securityLakeQueryRunAdhocPermission,
} from '@internal/plugin-security-lake-common';
import { InputError } from '@backstage/errors';
import type { z as zod } from 'zod/v3';
import { ActionRegistrar, checkRange } from '../actions/ActionRegistrar';
import { auditedSubmit } from '../runs/auditedSubmit';
import { RunService } from '../runs/RunService';
import { AdhocService } from './adhoc/AdhocService';
import { LibraryService } from './library/LibraryService';
import { QueryRuns } from './QueryRuns';

/** How long a run action waits for the run to end by default, and at most. */
const WAIT_SECONDS = { default: 20, max: 60 };
/** How many rows a run action answers with by default, and at most. */
const ROWS = { default: 20, max: 100 };

/** What every run action answers: the run as it stands, and its first rows once it has succeeded. */
const runOutput = (z: typeof zod) =>
  z.object({
    runId: z.string(),
    state: z
      .string()
      .describe(
        'QUEUED or RUNNING: ask again with get-run; SUCCEEDED, FAILED or CANCELLED',
      ),
    stateReason: z.string().optional(),
    title: z.string(),
    region: z.string(),
    accountIds: z.array(z.string()),
    link: z.string().describe('The run in the portal'),
    queuePosition: z.number().optional(),
    rowCount: z.number().optional(),
    dataScannedBytes: z.number().optional(),
    reusedRunId: z
      .string()
      .optional()
      .describe('An identical recent run whose result answers this one'),
    columns: z
      .array(z.object({ name: z.string(), type: z.string() }))
      .optional(),
    rows: z.array(z.array(z.string().nullable())).optional(),
    nextCursor: z
      .string()
      .optional()
      .describe('More rows: pass as cursor to get-run'),
  });

const waitAndRows = (z: typeof zod) => ({
  waitSeconds: z
    .number()
    .optional()
    .describe(
      `How long to wait for the run to end (0-${WAIT_SECONDS.max}, default ${WAIT_SECONDS.default})`,
    ),
  maxRows: z
    .number()
    .optional()
    .describe(`Rows to answer with (1-${ROWS.max}, default ${ROWS.default})`),
});

const windowFields = (z: typeof zod) => ({
  start: z
    .string()
    .optional()
    .describe('ISO 8601 start of the time window; default the query’s own'),
  end: z.string().optional().describe('ISO 8601 end; default now'),
  region: z
    .string()
    .optional()
    .describe(
      'AWS region whose tables to read; default where most of the accounts collect',
    ),
});

/**
 * The queries capability's actions: the library, running a library query or checked ad-hoc SQL, and a
 * run's state and rows. A run goes through `POST /runs`' door (`QueryRuns`), so it is checked, capped,
 * audited and listed exactly like one started in the portal.
 *
 * @internal
 */
export function addQueryActions(
  actions: ActionRegistrar,
  options: {
    auditor: AuditorService;
    library: LibraryService;
    adhoc: AdhocService;
    submitter: QueryRuns;
    runs: RunService;
  },
) {
  const { auditor, library, adhoc, submitter, runs } = options;

  /** How long to wait and how many rows to answer with: checked before anything is started. */
  const answerOptions = (input: {
    waitSeconds?: number;
    maxRows?: number;
  }) => ({
    waitSeconds:
      checkRange('waitSeconds', input.waitSeconds, 0, WAIT_SECONDS.max) ??
      WAIT_SECONDS.default,
    maxRows: checkRange('maxRows', input.maxRows, 1, ROWS.max) ?? ROWS.default,
  });

  /** The run after waiting up to `waitSeconds`, with a page of its rows once it has succeeded. */
  const answer = async (
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    runId: string,
    how: { waitSeconds: number; maxRows: number; cursor?: string },
  ) => {
    const run = await runs.getRun(credentials, runId, {
      waitSeconds: how.waitSeconds,
    });
    const page =
      run.state === 'SUCCEEDED'
        ? await runs.getResults(credentials, run.id, {
            cursor: how.cursor,
            limit: how.maxRows,
          })
        : undefined;
    return {
      runId: run.id,
      state: run.state,
      ...(run.stateReason ? { stateReason: run.stateReason } : {}),
      title: run.title,
      region: run.region,
      accountIds: run.accountIds,
      link: actions.portalLink({ tab: 'queries', run: run.id }),
      ...(run.queuePosition !== undefined
        ? { queuePosition: run.queuePosition }
        : {}),
      ...(run.rowCount !== undefined ? { rowCount: run.rowCount } : {}),
      ...(run.dataScannedBytes !== undefined
        ? { dataScannedBytes: run.dataScannedBytes }
        : {}),
      ...(run.reusedRunId ? { reusedRunId: run.reusedRunId } : {}),
      ...(page
        ? {
            columns: page.columns,
            rows: page.rows,
            ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
          }
        : {}),
    };
  };

  actions.register({
    name: 'list-library-queries',
    title: 'List the query library',
    description:
      'The curated Security Lake queries the user can run with run-library-query: id, title, what each answers, the sources it reads, and its own parameters with their types, bounds and defaults. Every run also takes region, start and end. Filter with q (words in the title or description), source (e.g. CLOUD_TRAIL_MGMT) or tag.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    input: z =>
      z.object({
        q: z.string().optional(),
        source: z.string().optional(),
        tag: z.string().optional(),
      }),
    output: z =>
      z.object({
        queries: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            description: z.string(),
            sources: z.array(z.string()),
            tags: z.array(z.string()),
            defaultWindowHours: z.number(),
            parameters: z.array(
              z.object({
                name: z.string(),
                title: z.string(),
                description: z.string().optional(),
                type: z.string(),
                default: z.union([z.string(), z.number()]).optional(),
                min: z.number().optional(),
                max: z.number().optional(),
                options: z.array(z.string()).optional(),
                pattern: z.string().optional(),
                maxLength: z.number().optional(),
              }),
            ),
          }),
        ),
      }),
    action: async ({ input }) => ({
      queries: library.listQueries(input),
    }),
  });

  actions.register({
    name: 'run-library-query',
    title: 'Run a library query',
    description: `Runs one query of the library over the user's accounts (all of those where the query's source is collected when accountIds is not given) for a time window, with the query's own parameters. Waits up to waitSeconds (default ${WAIT_SECONDS.default}) and answers with the run's state, its first rows, the row count, the bytes scanned and a link to the run in the portal; a run still going is followed with get-run. An identical recent run answers at once.`,
    attributes: { readOnly: false, idempotent: false, destructive: false },
    input: z =>
      z.object({
        queryId: z.string().describe('An id from list-library-queries'),
        accountIds: z
          .array(z.string())
          .optional()
          .describe('12-digit AWS account ids the user owns'),
        ...windowFields(z),
        parameters: z
          .record(z.union([z.string(), z.number()]))
          .optional()
          .describe("The query's own parameters by name"),
        ...waitAndRows(z),
      }),
    output: runOutput,
    action: async ({ input, credentials }) => {
      const wait = answerOptions(input);
      let accountIds = input.accountIds;
      if (!accountIds) {
        // as the submit says it, before the accounts are looked up
        if (!library.listQueries({}).some(q => q.id === input.queryId)) {
          throw new InputError(
            `queryId: no library query ${input.queryId}; list-library-queries names them`,
          );
        }
        const { availability } = await library.getQuery(
          credentials,
          input.queryId,
        );
        accountIds = [...new Set(availability.map(a => a.accountId))];
      }
      const parameters: QueryRunParameters = {
        ...input.parameters,
        ...(input.region ? { region: input.region } : {}),
        ...(input.start ? { start: input.start } : {}),
        ...(input.end ? { end: input.end } : {}),
      };
      const started = await auditedSubmit(auditor, submitter, credentials, {
        queryId: input.queryId,
        accountIds,
        parameters,
      });
      return answer(credentials, started.id, wait);
    },
  });

  actions.register({
    name: 'get-run',
    title: "Get a run's state and rows",
    description:
      'A run the user may see (theirs, or one over accounts they own): its state and, once it has succeeded, a page of its rows. Pass nextCursor as cursor for the next page. waitSeconds waits for a run still going.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    input: z =>
      z.object({
        runId: z.string(),
        cursor: z.string().optional(),
        ...waitAndRows(z),
      }),
    output: runOutput,
    action: async ({ input, credentials }) =>
      answer(credentials, input.runId, {
        ...answerOptions(input),
        cursor: input.cursor,
      }),
  });

  actions.register({
    name: 'check-sql',
    title: 'Check a SQL statement',
    description:
      "Checks one Athena (Trino) SELECT or WITH statement the way the portal's SQL editor does, without running it: whether it reads only Security Lake tables of one region, and each problem with its line and column. Only for people allowed ad-hoc SQL.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    visibilityPermission: securityLakeQueryRunAdhocPermission,
    input: z =>
      z.object({
        sql: z.string(),
        region: z.string().optional(),
      }),
    output: z =>
      z.object({
        valid: z.boolean(),
        problems: z.array(
          z.object({
            message: z.string(),
            line: z.number().optional(),
            column: z.number().optional(),
          }),
        ),
        tables: z.array(z.string()),
      }),
    action: async ({ input, credentials }) =>
      adhoc.checkSql(credentials, input),
  });

  actions.register({
    name: 'run-sql',
    title: 'Run a SQL statement',
    description: `Runs one Athena (Trino) SELECT or WITH statement over Security Lake tables of one region, for accounts the user owns. The portal checks it exactly as its SQL editor does and rewrites every lake table it reads to those accounts and the time window (default the last 24 hours), so it cannot read other accounts whatever it says. Waits up to waitSeconds (default ${WAIT_SECONDS.default}) and answers like run-library-query. Only for people allowed ad-hoc SQL.`,
    attributes: { readOnly: false, idempotent: false, destructive: false },
    visibilityPermission: securityLakeQueryRunAdhocPermission,
    input: z =>
      z.object({
        sql: z.string(),
        accountIds: z
          .array(z.string())
          .describe('12-digit AWS account ids the user owns'),
        title: z.string().optional(),
        ...windowFields(z),
        ...waitAndRows(z),
      }),
    output: runOutput,
    action: async ({ input, credentials }) => {
      const wait = answerOptions(input);
      const started = await auditedSubmit(auditor, submitter, credentials, {
        sql: input.sql,
        accountIds: input.accountIds,
        ...(input.title ? { title: input.title } : {}),
        ...(input.region ? { parameters: { region: input.region } } : {}),
        ...(input.start || input.end
          ? {
              window: {
                ...(input.start ? { start: input.start } : {}),
                ...(input.end ? { end: input.end } : {}),
              },
            }
          : {}),
      });
      return answer(credentials, started.id, wait);
    },
  });
}
