import {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  isAwsRegion,
  NamedQueryList,
  parseSecurityLakeTableName,
  QueryResultPage,
  QueryRun,
  QueryRunList,
  QueryRunParameters,
  QueryRunRequest,
  SavedQuery,
  SavedQueryDetail,
  SavedQueryParameter,
  SavedQuerySummary,
  QueryTableList,
  securityLakeDatabaseName,
  securityLakeQueryRunAdhocPermission,
  securityLakeQueryRunPermission,
  SecurityLakeSourceVersion,
  SqlCheckRequest,
  SqlCheckResult,
} from '@internal/plugin-security-lake-common';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { AccountScope, AccountVisibility } from '../scope/AccountScope';
import { StoredCell } from '../inventory/LakeInventory';
import { authorizeBasic } from '../http/authorize';
import { AdhocSql } from './adhoc/scopeAdhocSql';
import { getSavedQuery, SAVED_QUERY_LIBRARY } from './library';
import { RenderedQuery, renderSavedQuery } from './library/renderSavedQuery';
import { RunBroker } from './RunBroker';
import { RunStore, StoredRun } from './RunStore';

const HOUR_MS = 3_600_000;
const ADHOC_DEFAULT_WINDOW_HOURS = 24;
const STANDARD_PARAMETERS = new Set(['region', 'start', 'end']);
/** C0/C1 controls, and the invisible or direction-changing characters a look-alike value hides behind. @internal */
export const HIDDEN_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/;

/** @internal */
export interface QuerySettings {
  /** The longest time window a run may cover. */
  maxWindowDays: number;
  /** An identical run this recent is answered from its result instead of running again; 0 turns it off. */
  reuseResultsMinutes: number;
  /** Most accounts in one run. */
  maxAccountsPerRun: number;
}

/** @internal */
export const DEFAULT_QUERY_SETTINGS: QuerySettings = {
  maxWindowDays: 31,
  reuseResultsMinutes: 60,
  maxAccountsPerRun: 50,
};

function summary(query: SavedQuery): SavedQuerySummary {
  const { sql, ...rest } = query;
  return rest;
}

function ceilToMinute(ms: number): number {
  return Math.ceil(ms / 60_000) * 60_000;
}

/** `field` is the request's name for it, e.g. `parameters.start` or `window.end`. */
function parseTime(field: string, value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (
    !date ||
    Number.isNaN(date.getTime()) ||
    !/^\d{4}-\d{2}-\d{2}T/.test(String(value))
  ) {
    throw new InputError(
      `${field}: must be an ISO 8601 timestamp such as 2026-11-23T08:00:00Z`,
    );
  }
  return date;
}

/** Checks one value against its parameter's rules; the message names the parameter. */
export function checkParameterValue(
  parameter: SavedQueryParameter,
  value: unknown,
): string | number {
  const field = `parameters.${parameter.name}`;
  switch (parameter.type) {
    case 'integer': {
      const n =
        typeof value === 'string' && /^-?\d{1,15}$/.test(value)
          ? Number(value)
          : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
        throw new InputError(`${field}: must be a whole number`);
      }
      if (parameter.min !== undefined && n < parameter.min) {
        throw new InputError(`${field}: must be at least ${parameter.min}`);
      }
      if (parameter.max !== undefined && n > parameter.max) {
        throw new InputError(`${field}: must be at most ${parameter.max}`);
      }
      return n;
    }
    case 'choice': {
      if (typeof value !== 'string' || !parameter.options?.includes(value)) {
        throw new InputError(
          `${field}: must be one of ${(parameter.options ?? []).join(', ')}`,
        );
      }
      return value;
    }
    default: {
      if (typeof value !== 'string') {
        throw new InputError(`${field}: must be text`);
      }
      const maxLength = parameter.maxLength ?? 256;
      if (value.length > maxLength) {
        throw new InputError(
          `${field}: may be at most ${maxLength} characters long`,
        );
      }
      if (HIDDEN_CHARACTERS.test(value)) {
        throw new InputError(
          `${field}: contains control or invisible characters`,
        );
      }
      if (
        parameter.pattern &&
        !new RegExp(`^(?:${parameter.pattern})$`, 'u').test(value)
      ) {
        throw new InputError(
          `${field}: does not look like ${
            parameter.placeholder ?? `a value matching ${parameter.pattern}`
          }`,
        );
      }
      return value;
    }
  }
}

/**
 * The saved-query library and its runs, as a caller may see them. Which accounts a caller may run a query
 * for, and which runs they may see, comes from `AccountScope` with `security-lake.query.run`: a run is
 * visible to whoever may query every one of its accounts, and to nobody else.
 *
 * @internal
 */
export class QueryService {
  private readonly settings: QuerySettings;

  constructor(
    private readonly options: {
      scope: AccountScope;
      permissions: PermissionsService;
      adhoc: AdhocSql;
      store: RunStore;
      broker: RunBroker;
      userInfo: UserInfoService;
      cells: {
        listCells(filter?: { accountIds?: string[] }): Promise<StoredCell[]>;
      };
      settings?: Partial<QuerySettings>;
    },
  ) {
    this.settings = { ...DEFAULT_QUERY_SETTINGS, ...options.settings };
  }

  listQueries(filter: {
    q?: string;
    source?: string;
    tag?: string;
  }): SavedQuerySummary[] {
    const q = filter.q?.toLowerCase();
    return SAVED_QUERY_LIBRARY.filter(
      query =>
        (!q ||
          query.title.toLowerCase().includes(q) ||
          query.description.toLowerCase().includes(q) ||
          query.id.includes(q)) &&
        (!filter.source || query.sources.includes(filter.source as any)) &&
        (!filter.tag || query.tags.includes(filter.tag)),
    ).map(summary);
  }

  async getQuery(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    queryId: string,
  ): Promise<SavedQueryDetail> {
    const query = getSavedQuery(queryId);
    if (!query) {
      throw new NotFoundError(`No library query ${queryId}`);
    }
    const accounts = await this.options.scope.resolve(
      credentials,
      securityLakeQueryRunPermission,
    );
    const cells = accounts.length
      ? await this.options.cells.listCells({
          accountIds: accounts.map(a => a.accountId),
        })
      : [];
    return {
      query,
      limits: {
        maxWindowDays: this.settings.maxWindowDays,
        maxAccountsPerRun: this.settings.maxAccountsPerRun,
      },
      availability: cells
        .filter(
          c =>
            c.sourceKey === query.sources[0] &&
            c.health !== 'absent' &&
            query.sql[c.version as SecurityLakeSourceVersion] !== undefined,
        )
        .map(c => ({
          accountId: c.accountId,
          region: c.region,
          version: c.version as SecurityLakeSourceVersion,
        }))
        .sort(
          (a, b) =>
            a.accountId.localeCompare(b.accountId) ||
            a.region.localeCompare(b.region),
        ),
    };
  }

  /**
   * Checks a run request, then queues it (or answers it from an identical recent run). Nothing is written
   * unless every check passes.
   */
  async submit(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    request: QueryRunRequest,
  ): Promise<QueryRun> {
    if (request.sql !== undefined) {
      if (request.queryId !== undefined) {
        throw new InputError(
          'queryId: a run is of a library query (queryId) or of ad-hoc SQL (sql), not both',
        );
      }
      return this.submitAdhoc(credentials, { ...request, sql: request.sql });
    }
    if (request.queryId === undefined) {
      throw new InputError(
        'queryId: name a library query, or send ad-hoc SQL as sql',
      );
    }
    for (const field of ['window', 'title'] as const) {
      if (request[field] !== undefined) {
        throw new InputError(
          `${field}: only ad-hoc SQL takes ${field}; a library query's window is parameters.start and parameters.end`,
        );
      }
    }
    const query = getSavedQuery(request.queryId);
    if (!query) {
      throw new InputError(`queryId: no library query ${request.queryId}`);
    }
    const accountIds = await this.checkedAccounts(
      credentials,
      request.accountIds,
    );

    const parameters = request.parameters ?? {};
    const known = new Set(query.parameters.map(p => p.name));
    for (const name of Object.keys(parameters)) {
      if (!known.has(name) && !STANDARD_PARAMETERS.has(name)) {
        throw new InputError(
          `parameters.${name}: ${query.id} has no such parameter; it takes ${[
            ...STANDARD_PARAMETERS,
            ...known,
          ].join(', ')}`,
        );
      }
    }
    const values: Record<string, string | number> = {};
    for (const parameter of query.parameters) {
      const value = parameters[parameter.name] ?? parameter.default;
      if (value === undefined || value === '') {
        throw new InputError(`parameters.${parameter.name}: is required`);
      }
      values[parameter.name] = checkParameterValue(parameter, value);
    }

    const { start, end } = this.checkedWindow(
      { start: parameters.start, end: parameters.end },
      'parameters',
      query.defaultWindowHours,
    );

    const cells = (await this.options.cells.listCells({ accountIds })).filter(
      c => c.sourceKey === query.sources[0] && c.health !== 'absent',
    );
    const region = this.chooseRegion(parameters.region, accountIds, cells);
    const version = this.chooseVersion(query, accountIds, region, cells);

    const rendered = renderSavedQuery({
      query,
      version,
      region,
      accountIds,
      start,
      end,
      values,
    });
    return this.enqueue(credentials, {
      queryId: query.id,
      title: query.title,
      rendered,
      parameters: {
        ...values,
        region,
        start: start.toISOString(),
        end: end.toISOString(),
      },
      accountIds,
      region,
      sourceVersion: version,
      entityRef: request.entityRef,
    });
  }

  /** The run's accounts, once each, within the run limit and every one the caller's to query (403 otherwise). */
  private async checkedAccounts(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    requested: string[],
  ): Promise<string[]> {
    const accountIds = [...new Set(requested)];
    if (accountIds.length === 0) {
      throw new InputError('accountIds: name at least one account');
    }
    if (accountIds.length > this.settings.maxAccountsPerRun) {
      throw new InputError(
        `accountIds: at most ${this.settings.maxAccountsPerRun} accounts in one run`,
      );
    }
    const allowed = new Set(
      (
        await this.options.scope.resolve(
          credentials,
          securityLakeQueryRunPermission,
        )
      ).map(a => a.accountId),
    );
    const refused = accountIds.filter(id => !allowed.has(id));
    if (refused.length > 0) {
      throw new NotAllowedError(
        `accountIds: you may not query account${
          refused.length > 1 ? 's' : ''
        } ${refused.join(', ')}`,
      );
    }
    return accountIds;
  }

  /** The run's window: `end` defaults to now (to the minute), `start` to `defaultHours` before it. */
  private checkedWindow(
    window: { start?: unknown; end?: unknown },
    prefix: string,
    defaultHours: number,
  ): { start: Date; end: Date } {
    const end =
      window.end !== undefined
        ? parseTime(`${prefix}.end`, window.end)
        : new Date(ceilToMinute(Date.now()));
    const start =
      window.start !== undefined
        ? parseTime(`${prefix}.start`, window.start)
        : new Date(end.getTime() - defaultHours * HOUR_MS);
    if (start >= end) {
      throw new InputError(`${prefix}.start: must be before ${prefix}.end`);
    }
    if (
      end.getTime() - start.getTime() >
      this.settings.maxWindowDays * 24 * HOUR_MS
    ) {
      throw new InputError(
        `${prefix}.start: the window may cover at most ${this.settings.maxWindowDays} days`,
      );
    }
    return { start, end };
  }

  /**
   * Ad-hoc SQL (`security-lake.query.run-adhoc`): parsed, refused unless it reads only Security Lake tables
   * of the run's region, and rewritten so that each of them is read only within the window and the
   * caller's accounts. Then queued like any run.
   */
  private async submitAdhoc(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    request: QueryRunRequest & { sql: string },
  ): Promise<QueryRun> {
    await authorizeBasic(
      this.options.permissions,
      credentials,
      securityLakeQueryRunAdhocPermission,
    );
    const accountIds = await this.checkedAccounts(
      credentials,
      request.accountIds,
    );
    const parameters = request.parameters ?? {};
    for (const name of Object.keys(parameters)) {
      if (name !== 'region') {
        throw new InputError(
          `parameters.${name}: ad-hoc SQL takes only parameters.region (and window.start, window.end); write other values in the SQL`,
        );
      }
    }
    const title = request.title?.trim() || 'Ad-hoc SQL';
    if (HIDDEN_CHARACTERS.test(title)) {
      throw new InputError('title: contains control or invisible characters');
    }
    const { start, end } = this.checkedWindow(
      request.window ?? {},
      'window',
      ADHOC_DEFAULT_WINDOW_HOURS,
    );
    const cells = (await this.options.cells.listCells({ accountIds })).filter(
      c => c.health !== 'absent',
    );
    const region = this.chooseRegion(parameters.region, accountIds, cells);
    const scoped = await this.options.adhoc.scope({
      sql: request.sql,
      region,
      accountIds,
      start,
      end,
    });
    return this.enqueue(credentials, {
      title,
      rendered: { sql: scoped.sql, values: scoped.values },
      parameters: {
        region,
        start: start.toISOString(),
        end: end.toISOString(),
      },
      accountIds,
      region,
      sourceVersion: scoped.sourceVersion,
      entityRef: request.entityRef,
    });
  }

  /** What a run of this SQL would be refused for, with lines and columns; nothing is run or written. */
  async checkSql(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    request: SqlCheckRequest,
  ): Promise<SqlCheckResult> {
    await authorizeBasic(
      this.options.permissions,
      credentials,
      securityLakeQueryRunAdhocPermission,
    );
    if (request.region !== undefined && !isAwsRegion(request.region)) {
      throw new InputError('region: must be an AWS region such as us-east-1');
    }
    const { problems, tables } = await this.options.adhoc.check(
      request.sql,
      request.region,
    );
    return { valid: problems.length === 0, problems, tables };
  }

  /** The Security Lake tables of a region, with their columns, as the engine has them. */
  async listTables(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    region: string,
  ): Promise<QueryTableList> {
    await authorizeBasic(
      this.options.permissions,
      credentials,
      securityLakeQueryRunAdhocPermission,
    );
    if (!isAwsRegion(region)) {
      throw new InputError('region: must be an AWS region such as us-east-1');
    }
    const database = securityLakeDatabaseName(region);
    const tables =
      (await this.options.broker.engine.listTables?.(database)) ?? [];
    const items = tables.flatMap(table => {
      const identity = parseSecurityLakeTableName(table.name, database);
      return identity
        ? [
            {
              database,
              name: table.name.toLowerCase(),
              source: identity.source,
              version: identity.version,
              columns: table.columns,
            },
          ]
        : [];
    });
    items.sort(
      (a, b) =>
        a.source.localeCompare(b.source) || a.version.localeCompare(b.version),
    );
    return { region, items };
  }

  /** The engine's named queries, for people allowed ad-hoc SQL; running one is ad-hoc SQL. */
  async listNamedQueries(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<NamedQueryList> {
    await authorizeBasic(
      this.options.permissions,
      credentials,
      securityLakeQueryRunAdhocPermission,
    );
    const items = (await this.options.broker.engine.listNamedQueries?.()) ?? [];
    return {
      items: [...items].sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  /**
   * Queues SQL the server wrote (a library query rendered, or a capability's own read of the lake) as a
   * run of the caller's, through the same broker, cap, history and reuse as any run. The caller has
   * checked that the accounts are the caller's to read.
   */
  async enqueue(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    spec: {
      queryId?: string;
      title: string;
      rendered: RenderedQuery;
      parameters: QueryRunParameters;
      accountIds: string[];
      region: string;
      sourceVersion: SecurityLakeSourceVersion;
      entityRef?: string;
      /** How old an identical run's result may be to answer this one; default `reuseResultsMinutes`. */
      reuseWithinMinutes?: number;
    },
  ): Promise<QueryRun> {
    const { rendered } = spec;
    const engine = this.options.broker.engine.kind;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([engine, rendered.sql, rendered.values]))
      .digest('hex');
    const { userEntityRef, ownershipEntityRefs } =
      await this.options.userInfo.getUserInfo(credentials);
    const teamRef =
      ownershipEntityRefs.filter(r => r.startsWith('group:')).sort()[0] ??
      userEntityRef;

    const base = {
      id: randomUUID(),
      queryId: spec.queryId,
      title: spec.title,
      sql: rendered.sql,
      boundValues: rendered.values,
      parameters: spec.parameters,
      accountIds: spec.accountIds,
      region: spec.region,
      sourceVersion: spec.sourceVersion,
      engine,
      createdBy: userEntityRef,
      teamRef,
      entityRef: spec.entityRef,
      fingerprint,
    };
    const reuseMinutes = Math.min(
      spec.reuseWithinMinutes ?? this.settings.reuseResultsMinutes,
      this.settings.reuseResultsMinutes,
    );
    const reusable =
      reuseMinutes > 0
        ? await this.options.store.findReusable(
            base,
            new Date(Date.now() - reuseMinutes * 60_000),
          )
        : undefined;
    if (reusable) {
      const now = new Date().toISOString();
      const run = await this.options.store.insert({
        ...base,
        state: 'SUCCEEDED',
        executionId: reusable.executionId,
        reusedRunId: reusable.id,
        rowCount: reusable.rowCount,
        dataScannedBytes: 0,
        startedAt: now,
        completedAt: now,
      });
      return this.toApi(run);
    }
    const run = await this.options.store.insert(base);
    this.options.broker.kick();
    return this.toApi(run);
  }

  private chooseRegion(
    requested: unknown,
    accountIds: string[],
    cells: StoredCell[],
  ): string {
    if (requested !== undefined) {
      if (typeof requested !== 'string' || !isAwsRegion(requested)) {
        throw new InputError(
          'parameters.region: must be an AWS region such as us-east-1',
        );
      }
      return requested;
    }
    // the region where most of the accounts collect the source, so a run without one reads data
    const counts = new Map<string, number>();
    for (const cell of cells) {
      if (accountIds.includes(cell.accountId)) {
        counts.set(cell.region, (counts.get(cell.region) ?? 0) + 1);
      }
    }
    const best = [...counts.entries()].sort(
      (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
    )[0];
    if (!best) {
      throw new InputError(
        'parameters.region: none of the accounts collects this source anywhere the portal knows of; name a region',
      );
    }
    return best[0];
  }

  /** Version 2 unless the accounts only have version 1 tables there; one version per run. */
  private chooseVersion(
    query: SavedQuery,
    accountIds: string[],
    region: string,
    cells: StoredCell[],
  ): SecurityLakeSourceVersion {
    const versions = new Map<string, Set<string>>();
    for (const cell of cells) {
      if (cell.region !== region) continue;
      const set = versions.get(cell.accountId) ?? new Set();
      set.add(cell.version);
      versions.set(cell.accountId, set);
    }
    const onlyV1 = accountIds.filter(
      id => versions.get(id)?.has('1.0') && !versions.get(id)?.has('2.0'),
    );
    if (onlyV1.length === 0) {
      if (!query.sql['2.0']) {
        throw new InputError(
          `queryId: ${query.id} reads source version 1 tables only`,
        );
      }
      return '2.0';
    }
    if (onlyV1.length < accountIds.length) {
      throw new InputError(
        `accountIds: ${onlyV1.join(', ')} still send ${
          query.sources[0]
        } as source version 1 in ${region} and the others version 2; run them separately`,
      );
    }
    if (!query.sql['1.0']) {
      throw new InputError(
        `accountIds: ${onlyV1.join(', ')} send ${
          query.sources[0]
        } as source version 1 in ${region}, which ${query.id} does not read`,
      );
    }
    return '1.0';
  }

  private async visibility(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<AccountVisibility> {
    return this.options.scope.visibility(
      credentials,
      securityLakeQueryRunPermission,
    );
  }

  /**
   * A run the caller may see, with what they may see; anyone else's is not found, as if it did not exist.
   * A run is visible when the caller may query every one of its accounts.
   */
  private async visibleRun(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    runId: string,
  ): Promise<{ run: StoredRun; visibility: AccountVisibility }> {
    const visibility = await this.visibility(credentials);
    const run = await this.options.store.get(runId);
    const allowed = visibility.all ? undefined : new Set(visibility.accountIds);
    if (!run || (allowed && !run.accountIds.every(id => allowed.has(id)))) {
      throw new NotFoundError(`No query run ${runId}`);
    }
    return { run, visibility };
  }

  async getRun(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    runId: string,
    options?: { waitSeconds?: number },
  ): Promise<QueryRun> {
    let { run } = await this.visibleRun(credentials, runId);
    const deadline = Date.now() + (options?.waitSeconds ?? 0) * 1000;
    while (
      (run.state === 'QUEUED' || run.state === 'RUNNING') &&
      Date.now() < deadline
    ) {
      await new Promise(resolve => setTimeout(resolve, 25));
      run = (await this.options.store.get(runId))!;
    }
    return this.toApi(run, { withQueuePosition: true });
  }

  async listRuns(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    filter: {
      mine?: boolean;
      entityRef?: string;
      queryId?: string;
      cursor?: string;
      limit?: number;
    },
  ): Promise<QueryRunList> {
    const visibility = await this.visibility(credentials);
    const createdBy = filter.mine
      ? (await this.options.userInfo.getUserInfo(credentials)).userEntityRef
      : undefined;
    const page = await this.options.store.list({
      visibility,
      createdBy,
      entityRef: filter.entityRef,
      queryId: filter.queryId,
      cursor: filter.cursor,
      limit: filter.limit ?? 25,
    });
    return {
      items: await Promise.all(page.items.map(run => this.toApi(run))),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  private async succeededRun(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    runId: string,
  ): Promise<StoredRun & { executionId: string }> {
    const { run } = await this.visibleRun(credentials, runId);
    if (run.state !== 'SUCCEEDED' || !run.executionId) {
      throw new ConflictError(
        `Run ${runId} is ${run.state.toLowerCase()}; its results come once it has succeeded`,
      );
    }
    return run as StoredRun & { executionId: string };
  }

  async getResults(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    runId: string,
    page: { cursor?: string; limit?: number },
  ): Promise<QueryResultPage> {
    const run = await this.succeededRun(credentials, runId);
    const result = await this.options.broker.engine.getQueryResults(
      run.executionId,
      { nextToken: page.cursor, maxResults: page.limit ?? 100 },
    );
    return {
      columns: result.columns,
      rows: result.rows,
      ...(result.nextToken ? { nextCursor: result.nextToken } : {}),
    };
  }

  async readCsv(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    runId: string,
  ): Promise<{ run: StoredRun; csv: Readable }> {
    const run = await this.succeededRun(credentials, runId);
    return {
      run,
      csv: await this.options.broker.engine.readResultCsv(run.executionId),
    };
  }

  /** Cancels a run: its creator may, and so may whoever may see all runs' accounts. */
  async cancel(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    runId: string,
  ): Promise<QueryRun> {
    const { run, visibility } = await this.visibleRun(credentials, runId);
    const { userEntityRef } = await this.options.userInfo.getUserInfo(
      credentials,
    );
    if (run.createdBy !== userEntityRef) {
      if (!visibility.all) {
        throw new NotAllowedError(
          `Only ${run.createdBy}, who started run ${runId}, may cancel it`,
        );
      }
    }
    if (run.state !== 'QUEUED' && run.state !== 'RUNNING') {
      throw new ConflictError(`Run ${runId} has already ended (${run.state})`);
    }
    const after = await this.options.store.requestCancel(runId);
    this.options.broker.kick();
    return this.toApi(after!);
  }

  private async toApi(
    run: StoredRun,
    options?: { withQueuePosition?: boolean },
  ): Promise<QueryRun> {
    const {
      teamRef,
      fingerprint,
      slot,
      leaseOwner,
      leaseExpiresAt,
      nextCheckAt,
      checks,
      attempts,
      ...rest
    } = run;
    const engine = this.options.broker.engine;
    const consoleUrl =
      run.executionId && engine.consoleUrl
        ? await engine.consoleUrl(run.executionId)
        : undefined;
    return {
      ...rest,
      ...(consoleUrl ? { consoleUrl } : {}),
      ...(options?.withQueuePosition && run.state === 'QUEUED'
        ? { queuePosition: await this.options.store.queuePosition(run) }
        : {}),
    };
  }
}
