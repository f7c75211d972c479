import {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  QueryResultPage,
  QueryRun,
  QueryRunList,
  QueryRunParameters,
  QueryRunRequest,
  securityLakeQueryRunPermission,
  SecurityLakeSourceVersion,
  teamRefsOf,
} from '@internal/plugin-security-lake-common';
import {
  QueryEngine,
  QueryParameter,
} from '@internal/plugin-security-lake-node';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { waitFor } from '../database/waitFor';
import { AccountScope, AccountVisibility } from '../scope/AccountScope';
import { RunBroker } from './RunBroker';
import { RunStore, StoredRun } from './RunStore';

/** `securityLake.queries.*` as the run lifecycle reads it. @internal */
export interface RunSettings {
  /** An identical run this recent is answered from its result instead of running again; 0 turns it off. */
  reuseResultsMinutes: number;
}

/** @internal */
export const DEFAULT_RUN_SETTINGS: RunSettings = { reuseResultsMinutes: 60 };

/**
 * Whose a run is: the user who asked for it, and the team whose turn it takes in the broker's queue.
 *
 * @internal
 */
export interface RunOwner {
  userEntityRef: string;
  teamRef: string;
}

/**
 * Who starts the runs the portal makes for its own reads (the findings copy): not a person, so they stay out
 * of anyone's "Your runs", while still counting in the team's turn and cap of the caller who caused them.
 *
 * @internal
 */
export const PORTAL_READS_CREATOR = 'plugin:default/security-lake';

/**
 * SQL the server wrote, ready to queue: a library query rendered, ad-hoc SQL scoped, or a capability's own
 * read of the lake.
 *
 * @internal
 */
export interface RunSpec {
  queryId?: string;
  title: string;
  /** SQL with a positional `?` wherever a value is bound, and the values in their order. */
  rendered: { sql: string; values: QueryParameter[] };
  parameters: QueryRunParameters;
  accountIds: string[];
  region: string;
  sourceVersion: SecurityLakeSourceVersion;
  entityRef?: string;
  /** How old an identical run's result may be to answer this one; default `reuseResultsMinutes`. */
  reuseWithinMinutes?: number;
}

/**
 * Starts a run from what a caller asked for (`POST /runs`): the queries capability's library and ad-hoc
 * submits, behind one door, for whoever else starts runs on a caller's behalf.
 *
 * @internal
 */
export interface RunSubmitter {
  submit(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    request: QueryRunRequest,
  ): Promise<QueryRun>;
}

/**
 * The run lifecycle as callers see it: a run is queued through the broker (or answered from an identical
 * recent run), followed, read, downloaded and cancelled. A run is visible to whoever may query every one of
 * its accounts (`security-lake.query.run`, from `AccountScope`) and to nobody else: to anyone else it does
 * not exist.
 *
 * @internal
 */
export class RunService {
  private readonly settings: RunSettings;

  constructor(
    private readonly options: {
      scope: AccountScope;
      store: RunStore;
      broker: RunBroker;
      userInfo: UserInfoService;
      settings?: Partial<RunSettings>;
    },
  ) {
    this.settings = { ...DEFAULT_RUN_SETTINGS, ...options.settings };
  }

  /** The engine the runs go to. */
  get engine(): QueryEngine {
    return this.options.broker.engine;
  }

  /**
   * The caller as the owner of a run: themselves, in their first team's turn (or their own, with none). A
   * caller without a user (a service reading findings through an action) takes its own turn.
   */
  async ownerOf(credentials: BackstageCredentials): Promise<RunOwner> {
    const principal = credentials.principal as {
      type?: string;
      subject?: string;
    };
    if (principal.type !== 'user') {
      const subject = principal.subject ?? 'unknown';
      return { userEntityRef: subject, teamRef: subject };
    }
    const { userEntityRef, ownershipEntityRefs } =
      await this.options.userInfo.getUserInfo(credentials);
    const teamRef = teamRefsOf(ownershipEntityRefs).sort()[0] ?? userEntityRef;
    return { userEntityRef, teamRef };
  }

  /**
   * Queues SQL the server wrote as a run of `owner`'s, through the same broker, cap, history and reuse as
   * any run. The caller has checked that the accounts are the owner's to read.
   */
  async enqueue(owner: RunOwner, spec: RunSpec): Promise<QueryRun> {
    const { rendered } = spec;
    const engine = this.engine.kind;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([engine, rendered.sql, rendered.values]))
      .digest('hex');

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
      createdBy: owner.userEntityRef,
      teamRef: owner.teamRef,
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
    const { run } = await this.visibleRun(credentials, runId);
    // a long poll: answered once the run has ended, or when the wait is over
    const now = await this.waitForEnd(runId, {
      until: Date.now() + (options?.waitSeconds ?? 0) * 1000,
      initial: run,
    });
    return this.toApi(now ?? run, { withQueuePosition: true });
  }

  /**
   * The run once it has ended, or as it stands when `until` (epoch ms) has passed; undefined if it is gone.
   * No visibility check: for the capability that queued it, or after one.
   */
  async waitForEnd(
    runId: string,
    options: { until: number; initial?: StoredRun },
  ): Promise<StoredRun | undefined> {
    const { store } = this.options;
    return waitFor({
      read: () => store.get(runId),
      done: run => !run || (run.state !== 'QUEUED' && run.state !== 'RUNNING'),
      until: options.until,
      changes: store.changes,
      ...(options.initial ? { initial: options.initial } : {}),
    });
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
    const result = await this.engine.getQueryResults(run.executionId, {
      cursor: page.cursor,
      maxResults: page.limit ?? 100,
    });
    return {
      columns: result.columns,
      rows: result.rows,
      ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
    };
  }

  async readCsv(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    runId: string,
  ): Promise<{ run: StoredRun; csv: Readable }> {
    const run = await this.succeededRun(credentials, runId);
    return {
      run,
      csv: await this.engine.readResultCsv(run.executionId),
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
    const engine = this.engine;
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
