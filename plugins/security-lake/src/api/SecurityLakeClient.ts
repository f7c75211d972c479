import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import {
  FindingsWaitOptions,
  QueryRunFilter,
  SecurityLakeApi,
  SubscriberRequestAction,
} from './SecurityLakeApi';

/**
 * Default {@link SecurityLakeApi} implementation, talking to the security-lake backend.
 *
 * @public
 */
export class SecurityLakeClient implements SecurityLakeApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getInfo(): Promise<SecurityLakeInfo> {
    return await this.request<SecurityLakeInfo>('/info');
  }

  async listAccounts(options?: {
    entityRef?: string;
  }): Promise<AccountListResponse> {
    const query = options?.entityRef
      ? `?entityRef=${encodeURIComponent(options.entityRef)}`
      : '';
    return await this.request<AccountListResponse>(`/accounts${query}`);
  }

  async listAccountConflicts(): Promise<AccountConflictList> {
    return await this.request<AccountConflictList>('/accounts/conflicts');
  }

  async listCoverage(
    filter: CoverageFilter,
    page?: { cursor?: string; limit?: number },
  ): Promise<CoverageListResponse> {
    return await this.request<CoverageListResponse>(
      `/coverage${coverageQuery(filter, page)}`,
    );
  }

  async getAccountCoverage(
    accountId: string,
  ): Promise<CoverageAccountResponse> {
    return await this.request<CoverageAccountResponse>(
      `/coverage/accounts/${encodeURIComponent(accountId)}`,
    );
  }

  async exportCoverage(filter: CoverageFilter): Promise<Blob> {
    const response = await this.send(`/coverage.csv${coverageQuery(filter)}`);
    return await response.blob();
  }

  async refreshCoverage(): Promise<CoverageRefreshState> {
    const response = await this.send('/coverage/refresh', { method: 'POST' });
    return (await response.json()) as CoverageRefreshState;
  }

  async listQueries(filter?: {
    q?: string;
    source?: string;
    tag?: string;
  }): Promise<LibraryQueryList> {
    return await this.request<LibraryQueryList>(
      `/queries${queryString({
        q: filter?.q,
        source: filter?.source,
        tag: filter?.tag,
      })}`,
    );
  }

  async getQuery(queryId: string): Promise<LibraryQueryDetail> {
    return await this.request<LibraryQueryDetail>(
      `/queries/${encodeURIComponent(queryId)}`,
    );
  }

  async startRun(request: QueryRunRequest): Promise<QueryRun> {
    const response = await this.send('/runs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    return (await response.json()) as QueryRun;
  }

  async checkSql(request: SqlCheckRequest): Promise<SqlCheckResult> {
    return await this.sendJson<SqlCheckResult>('/sql/check', 'POST', request);
  }

  async listQueryTables(region: string): Promise<QueryTableList> {
    return await this.request<QueryTableList>(
      `/query-tables${queryString({ region })}`,
    );
  }

  async listTeamSavedQueries(): Promise<TeamQueryList> {
    return await this.request<TeamQueryList>('/saved-queries');
  }

  async getTeamSavedQuery(savedQueryId: string): Promise<TeamQuery> {
    return await this.request<TeamQuery>(
      `/saved-queries/${encodeURIComponent(savedQueryId)}`,
    );
  }

  async createTeamSavedQuery(input: TeamQueryInput): Promise<TeamQuery> {
    return await this.sendJson<TeamQuery>('/saved-queries', 'POST', input);
  }

  async updateTeamSavedQuery(
    savedQueryId: string,
    input: TeamQueryInput,
  ): Promise<TeamQuery> {
    return await this.sendJson<TeamQuery>(
      `/saved-queries/${encodeURIComponent(savedQueryId)}`,
      'PUT',
      input,
    );
  }

  async deleteTeamSavedQuery(savedQueryId: string): Promise<void> {
    await this.send(`/saved-queries/${encodeURIComponent(savedQueryId)}`, {
      method: 'DELETE',
    });
  }

  async listNamedQueries(): Promise<NamedQueryList> {
    return await this.request<NamedQueryList>('/named-queries');
  }

  async listRuns(
    filter: QueryRunFilter,
    page?: { cursor?: string; limit?: number },
  ): Promise<QueryRunList> {
    return await this.request<QueryRunList>(
      `/runs${queryString({
        mine: filter.mine ? 'true' : undefined,
        entityRef: filter.entityRef,
        queryId: filter.queryId,
        cursor: page?.cursor,
        limit: page?.limit,
      })}`,
    );
  }

  async getRun(
    runId: string,
    options?: { waitSeconds?: number },
  ): Promise<QueryRun> {
    return await this.request<QueryRun>(
      `/runs/${encodeURIComponent(runId)}${queryString({
        waitSeconds: options?.waitSeconds,
      })}`,
    );
  }

  async getRunResults(
    runId: string,
    page?: { cursor?: string; limit?: number },
  ): Promise<QueryResultPage> {
    return await this.request<QueryResultPage>(
      `/runs/${encodeURIComponent(runId)}/results${queryString({
        cursor: page?.cursor,
        limit: page?.limit,
      })}`,
    );
  }

  async getRunResultsDownloadUrl(runId: string): Promise<string> {
    // the backend's well-known cookie endpoint: a plain link then carries the caller's identity
    await this.send('/.backstage/auth/v1/cookie', { credentials: 'include' });
    const baseUrl = await this.discoveryApi.getBaseUrl('security-lake');
    return `${baseUrl}/runs/${encodeURIComponent(runId)}/results.csv`;
  }

  async cancelRun(runId: string): Promise<QueryRun> {
    const response = await this.send(
      `/runs/${encodeURIComponent(runId)}/cancel`,
      { method: 'POST' },
    );
    return (await response.json()) as QueryRun;
  }

  async getFindingsSummary(
    filter: FindingsFilter,
    options?: FindingsWaitOptions,
  ): Promise<FindingsSummary> {
    return await this.request<FindingsSummary>(
      `/findings/summary${findingsScopeQuery(filter, options)}`,
    );
  }

  async listFindings(
    filter: FindingsFilter & { cursor?: string; limit?: number },
    options?: FindingsWaitOptions,
  ): Promise<FindingList> {
    return await this.request<FindingList>(
      `/findings${queryString({
        ...findingsScope(filter, options),
        severity: filter.severity?.join(','),
        status: filter.status?.join(','),
        findingType: filter.findingType,
        product: filter.product,
        resourceType: filter.resourceType,
        region: filter.region,
        cursor: filter.cursor,
        limit: filter.limit,
      })}`,
    );
  }

  async getFindingsTrend(
    filter: FindingsFilter,
    options?: FindingsWaitOptions,
  ): Promise<FindingsTrend> {
    return await this.request<FindingsTrend>(
      `/findings/trend${findingsScopeQuery(filter, options)}`,
    );
  }

  async getFinding(
    findingId: string,
    options?: FindingsWaitOptions,
  ): Promise<FindingDetail> {
    return await this.request<FindingDetail>(
      `/findings/${encodeURIComponent(findingId)}${queryString({
        waitSeconds: options?.waitSeconds,
      })}`,
    );
  }

  async startFindingContextRuns(
    findingId: string,
    request?: { minutesAround?: number },
  ): Promise<FindingContextRuns> {
    const response = await this.send(
      `/findings/${encodeURIComponent(findingId)}/context-runs`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(
          request?.minutesAround === undefined
            ? {}
            : { minutesAround: request.minutesAround },
        ),
      },
    );
    return (await response.json()) as FindingContextRuns;
  }

  async createSubscriberRequest(
    input: SubscriberRequestInput,
  ): Promise<SubscriberRequestDetail> {
    return await this.sendJson<SubscriberRequestDetail>(
      '/subscriber-requests',
      'POST',
      input,
    );
  }

  async listSubscriberRequests(filter?: {
    state?: SubscriberRequestState;
  }): Promise<SubscriberRequestList> {
    return await this.request<SubscriberRequestList>(
      `/subscriber-requests${queryString({ state: filter?.state })}`,
    );
  }

  async getSubscriberRequest(
    requestId: string,
  ): Promise<SubscriberRequestDetail> {
    return await this.request<SubscriberRequestDetail>(
      `/subscriber-requests/${encodeURIComponent(requestId)}`,
    );
  }

  async decideSubscriberRequest(
    requestId: string,
    action: SubscriberRequestAction,
    decision?: SubscriberDecision,
  ): Promise<SubscriberRequestDetail> {
    return await this.sendJson<SubscriberRequestDetail>(
      `/subscriber-requests/${encodeURIComponent(requestId)}/${action}`,
      'POST',
      decision ?? {},
    );
  }

  private async send(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('security-lake');
    const url = `${baseUrl}${path}`;
    const response = await (init
      ? this.fetchApi.fetch(url, init)
      : this.fetchApi.fetch(url));
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  private async request<T>(path: string): Promise<T> {
    return (await (await this.send(path)).json()) as T;
  }

  /** Sends `body` as JSON and reads the JSON answer. */
  private async sendJson<T>(
    path: string,
    method: 'POST' | 'PUT',
    body: unknown,
  ): Promise<T> {
    const response = await this.send(path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as T;
  }
}

/** `?a=1&b=2` from the values that are set, or nothing. */
function queryString(
  values: Record<string, string | number | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The parameters every findings read takes: whose findings, over how many days, how long to wait. */
function findingsScope(
  filter: FindingsFilter,
  options?: FindingsWaitOptions,
): Record<string, string | number | undefined> {
  return {
    accountId: filter.accountId,
    entityRef: filter.entityRef,
    windowDays: filter.windowDays,
    waitSeconds: options?.waitSeconds,
  };
}

/** Summary and trend take the scope only: the list's filters are not theirs to ignore or refuse. */
function findingsScopeQuery(
  filter: FindingsFilter,
  options?: FindingsWaitOptions,
): string {
  return queryString(findingsScope(filter, options));
}

function coverageQuery(
  filter: CoverageFilter,
  page?: { cursor?: string; limit?: number },
): string {
  const params = new URLSearchParams();
  if (filter.health?.length) params.set('health', filter.health.join(','));
  if (filter.source?.length) params.set('source', filter.source.join(','));
  if (filter.region) params.set('region', filter.region);
  if (filter.q) params.set('q', filter.q);
  if (filter.entityRef) params.set('entityRef', filter.entityRef);
  if (page?.cursor) params.set('cursor', page.cursor);
  if (page?.limit) params.set('limit', String(page.limit));
  const query = params.toString();
  return query ? `?${query}` : '';
}
