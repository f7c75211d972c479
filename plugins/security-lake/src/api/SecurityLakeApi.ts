import { createApiRef } from '@backstage/core-plugin-api';
import {
  AccountConflictList,
  AccountListResponse,
  CoverageAccountResponse,
  CoverageFilter,
  CoverageListResponse,
  CoverageRefreshState,
  FindingContextRuns,
  FindingDetail,
  FindingList,
  FindingsFilter,
  FindingsSummary,
  FindingsTrend,
  NamedQueryList,
  QueryResultPage,
  QueryRun,
  QueryRunList,
  QueryRunRequest,
  QueryTableList,
  LibraryQueryDetail,
  LibraryQueryList,
  SecurityLakeInfo,
  SqlCheckRequest,
  SqlCheckResult,
  SubscriberDecision,
  SubscriberRequestDetail,
  SubscriberRequestInput,
  SubscriberRequestList,
  SubscriberRequestState,
  TeamQuery,
  TeamQueryInput,
  TeamQueryList,
} from '@internal/plugin-security-lake-common';

/**
 * Which runs to list: the caller's own, an entity's, or one query's (these combine).
 *
 * @public
 */
export interface QueryRunFilter {
  mine?: boolean;
  entityRef?: string;
  queryId?: string;
}

/**
 * How long a findings request may wait for the portal's copy of the findings to be read from the lake
 * (0 to 60 seconds; the backend waits 25 when it is not said). After it, the answer marks the copies still
 * being read as `refreshing`.
 *
 * @public
 */
export interface FindingsWaitOptions {
  waitSeconds?: number;
}

/**
 * What may be done with a subscriber request once it is made: an approver approves, rejects or retries
 * it; the requesting team withdraws it while it is pending; approvers or the requesting team revoke it.
 *
 * @public
 */
export type SubscriberRequestAction =
  | 'approve'
  | 'reject'
  | 'withdraw'
  | 'revoke'
  | 'retry';

/**
 * Client for the security-lake backend.
 *
 * @public
 */
export interface SecurityLakeApi {
  /** Which engine and control plane the backend runs on. */
  getInfo(): Promise<SecurityLakeInfo>;
  /**
   * Lists the AWS accounts the caller may see.
   *
   * @param options - `entityRef` restricts the list to accounts linked to that catalog entity.
   */
  listAccounts(options?: { entityRef?: string }): Promise<AccountListResponse>;
  /**
   * Accounts that catalog entities declare with different owners, among those the caller may see: owned by
   * none of the claimants until the catalog agrees. Team members see none; platform owners every one.
   */
  listAccountConflicts(): Promise<AccountConflictList>;
  /** One page of the coverage matrix, with summary counts over every account that matches. */
  listCoverage(
    filter: CoverageFilter,
    page?: { cursor?: string; limit?: number },
  ): Promise<CoverageListResponse>;
  /** One account's coverage per region and source. */
  getAccountCoverage(accountId: string): Promise<CoverageAccountResponse>;
  /** The matching coverage as CSV, one row per account, region and source. */
  exportCoverage(filter: CoverageFilter): Promise<Blob>;
  /** Asks for a coverage refresh now (platform owners). */
  refreshCoverage(): Promise<CoverageRefreshState>;
  /** The saved-query library, filtered by text, source or tag. */
  listQueries(filter?: {
    q?: string;
    source?: string;
    tag?: string;
  }): Promise<LibraryQueryList>;
  /** One library query with its SQL, and where the caller's accounts collect its source. */
  getQuery(queryId: string): Promise<LibraryQueryDetail>;
  /**
   * Queues a run of a library query or of ad-hoc SQL; a recent identical run answers at once. Ad-hoc SQL
   * the server cannot parse is refused with a 400 whose message starts `sql: `.
   */
  startRun(request: QueryRunRequest): Promise<QueryRun>;
  /** Parses ad-hoc SQL as a run would, without running it: its problems by line and column, its tables. */
  checkSql(request: SqlCheckRequest): Promise<SqlCheckResult>;
  /** The Security Lake tables of a region that ad-hoc SQL may read, with their columns. */
  listQueryTables(region: string): Promise<QueryTableList>;
  /** The saved queries of the caller's teams. */
  listTeamSavedQueries(): Promise<TeamQueryList>;
  /** One saved query of the caller's teams. */
  getTeamSavedQuery(savedQueryId: string): Promise<TeamQuery>;
  /** Saves a library query with its values, or ad-hoc SQL, for one of the caller's teams. */
  createTeamSavedQuery(input: TeamQueryInput): Promise<TeamQuery>;
  /** Replaces a saved query of the caller's team. */
  updateTeamSavedQuery(
    savedQueryId: string,
    input: TeamQueryInput,
  ): Promise<TeamQuery>;
  /** Deletes a saved query of the caller's team. */
  deleteTeamSavedQuery(savedQueryId: string): Promise<void>;
  /** The Athena named queries of the configured workgroups, read-only. */
  listNamedQueries(): Promise<NamedQueryList>;
  /** Runs the caller may see, newest first. */
  listRuns(
    filter: QueryRunFilter,
    page?: { cursor?: string; limit?: number },
  ): Promise<QueryRunList>;
  /**
   * One run.
   *
   * @param options - `waitSeconds` holds the answer until the run ends, at most 20 seconds.
   */
  getRun(runId: string, options?: { waitSeconds?: number }): Promise<QueryRun>;
  /** One page of a succeeded run's result. */
  getRunResults(
    runId: string,
    page?: { cursor?: string; limit?: number },
  ): Promise<QueryResultPage>;
  /**
   * A link to a succeeded run's whole result as CSV, which the browser downloads straight from the
   * backend's stream (the backend sets a short-lived auth cookie first), so a million rows never sit in
   * the page's memory.
   */
  getRunResultsDownloadUrl(runId: string): Promise<string>;
  /** Cancels a queued or running run. */
  cancelRun(runId: string): Promise<QueryRun>;
  /**
   * Counts of the caller's findings by severity, status and account. Only the filter's `accountId`,
   * `entityRef` and `windowDays` apply.
   */
  getFindingsSummary(
    filter: FindingsFilter,
    options?: FindingsWaitOptions,
  ): Promise<FindingsSummary>;
  /** One page of the caller's findings, most severe and most recent first. */
  listFindings(
    filter: FindingsFilter & { cursor?: string; limit?: number },
    options?: FindingsWaitOptions,
  ): Promise<FindingList>;
  /**
   * Distinct findings reported per day, by severity. Only the filter's `accountId`, `entityRef` and
   * `windowDays` apply.
   */
  getFindingsTrend(
    filter: FindingsFilter,
    options?: FindingsWaitOptions,
  ): Promise<FindingsTrend>;
  /** One finding in full, with its latest record. */
  getFinding(
    findingId: string,
    options?: FindingsWaitOptions,
  ): Promise<FindingDetail>;
  /**
   * Starts the logs around a finding as library query runs: CloudTrail on its resource, VPC Flow and
   * Route 53 of its instance, `minutesAround` (default 60) either side of its latest report.
   */
  startFindingContextRuns(
    findingId: string,
    request?: { minutesAround?: number },
  ): Promise<FindingContextRuns>;
  /**
   * Asks for a Security Lake subscriber or team-scoped query access. A field the server refuses is a 400
   * whose message starts with the field's name (`principal: …`).
   */
  createSubscriberRequest(
    input: SubscriberRequestInput,
  ): Promise<SubscriberRequestDetail>;
  /** The caller's teams' subscriber requests (every request for approvers), optionally in one state. */
  listSubscriberRequests(filter?: {
    state?: SubscriberRequestState;
  }): Promise<SubscriberRequestList>;
  /** One subscriber request with its history, what the caller may do with it and, once active, the guided finish. */
  getSubscriberRequest(requestId: string): Promise<SubscriberRequestDetail>;
  /** Approves, rejects, withdraws, revokes or retries a subscriber request, with an optional comment. */
  decideSubscriberRequest(
    requestId: string,
    action: SubscriberRequestAction,
    decision?: SubscriberDecision,
  ): Promise<SubscriberRequestDetail>;
}

/**
 * Reference to the {@link SecurityLakeApi}.
 *
 * @public
 */
export const securityLakeApiRef = createApiRef<SecurityLakeApi>({
  id: 'plugin.security-lake.service',
});
