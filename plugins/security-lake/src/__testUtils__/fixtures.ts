import {
  AccountConflictList,
  AccountListResponse,
  NamedQuery,
  QueryResultPage,
  QueryRun,
  QueryTableList,
  LibraryQuery,
  LibraryQuerySummary,
  SecurityLakeInfo,
  TeamQuery,
} from '@internal/plugin-security-lake-common';
import { LibraryQueryDetail, SecurityLakeApi } from '../api';
import { accountCoverage, coverageList } from './coverageFixtures';
import {
  contextRuns,
  cveDetail,
  findingList,
  findingsSummary,
  findingsTrend,
} from './findingsFixtures';
import { pendingRequest, subscriberRequestList } from './subscriberFixtures';

export const localInfo: SecurityLakeInfo = {
  engine: 'duckdb',
  controlPlane: 'local',
  localMode: true,
};

export const awsInfo: SecurityLakeInfo = {
  engine: 'athena',
  controlPlane: 'aws',
  localMode: false,
};

export const accountList: AccountListResponse = {
  refreshedAt: '2024-05-01T10:00:00.000Z',
  items: [
    {
      accountId: '111122223333',
      title: 'Payments production',
      entityRefs: ['resource:default/payments-prod'],
      owners: ['group:default/payments'],
      inCatalog: true,
      regions: ['us-east-1', 'eu-west-1'],
      sources: [
        {
          source: 'CLOUD_TRAIL_MGMT',
          version: '2.0',
          regions: ['us-east-1', 'eu-west-1'],
        },
        { source: 'VPC_FLOW', version: '2.0', regions: ['us-east-1'] },
      ],
    },
    {
      accountId: '444455556666',
      entityRefs: [],
      owners: [],
      inCatalog: false,
      regions: ['ap-southeast-2'],
      sources: [
        { source: 'SH_FINDINGS', version: '2.0', regions: ['ap-southeast-2'] },
      ],
    },
  ],
};

/** Two cloud-account Resources of two teams declaring one account, as a platform owner is told. */
export const accountConflicts: AccountConflictList = {
  items: [
    {
      accountId: '777788889999',
      claims: [
        {
          entityRef: 'resource:default/checkout-sandbox',
          owners: ['group:default/checkout'],
        },
        {
          entityRef: 'resource:default/payments-sandbox',
          owners: ['group:default/payments'],
        },
      ],
    },
  ],
};

export const iamChangesQuery: LibraryQuery = {
  id: 'iam-changes',
  title: 'IAM changes',
  description: 'Users, roles and policies created, changed or deleted',
  sources: ['CLOUD_TRAIL_MGMT'],
  sourceVersions: ['2.0', '1.0'],
  tags: ['iam', 'identity'],
  parameters: [
    {
      name: 'principal',
      title: 'Principal',
      description: 'The IAM user or role that made the change',
      type: 'string',
      maxLength: 64,
      pattern: '[A-Za-z0-9+=,.@_-]+',
      placeholder: 'an IAM user name such as deploy-bot',
    },
    {
      name: 'limit',
      title: 'Most rows',
      type: 'integer',
      default: 100,
      min: 1,
      max: 10000,
    },
    {
      name: 'outcome',
      title: 'Outcome',
      type: 'choice',
      default: 'Success',
      options: ['Success', 'Failure'],
    },
  ],
  defaultWindowHours: 168,
  sql: {
    '2.0':
      'SELECT time_dt, api.operation FROM {{table}} WHERE accountid IN ({{accounts}}) AND time_dt BETWEEN {{start}} AND {{end}} AND actor.user.name = {{principal}} LIMIT {{limit}}',
    '1.0':
      'SELECT eventday, api.operation FROM {{table}} WHERE accountid IN ({{accounts}}) AND eventday BETWEEN {{startDay}} AND {{endDay}} LIMIT {{limit}}',
  },
};

function summaryOf(query: LibraryQuery): LibraryQuerySummary {
  const { sql, ...rest } = query;
  return rest;
}

export const savedQueries: LibraryQuerySummary[] = [
  summaryOf(iamChangesQuery),
  {
    id: 'critical-findings',
    title: 'Critical findings',
    description: 'Security Hub findings of critical severity, newest first',
    sources: ['SH_FINDINGS'],
    sourceVersions: ['2.0'],
    tags: ['findings'],
    parameters: [],
    defaultWindowHours: 24,
  },
  {
    id: 'rejected-flows',
    title: 'Rejected flows',
    description: 'VPC flows the network refused, by source address',
    sources: ['VPC_FLOW'],
    sourceVersions: ['2.0'],
    tags: ['network'],
    parameters: [],
    defaultWindowHours: 24,
  },
];

/** CloudTrail in us-east-1 for both accounts, and in eu-west-1 for the first only. */
export const iamChangesDetail: LibraryQueryDetail = {
  query: iamChangesQuery,
  availability: [
    { accountId: '111122223333', region: 'eu-west-1', version: '2.0' },
    { accountId: '111122223333', region: 'us-east-1', version: '2.0' },
    { accountId: '444455556666', region: 'us-east-1', version: '2.0' },
  ],
  limits: { maxWindowDays: 31, maxAccountsPerRun: 50 },
};

export const queuedRun: QueryRun = {
  id: 'run-1',
  queryId: 'iam-changes',
  title: 'IAM changes',
  sql: 'SELECT time_dt, api.operation FROM "db"."t" WHERE accountid IN (?) AND time_dt BETWEEN ? AND ? AND actor.user.name = ? LIMIT ?',
  boundValues: [
    '111122223333',
    '2024-04-24T10:00:00.000Z',
    '2024-05-01T10:00:00.000Z',
    "o'brien",
    100,
  ],
  parameters: {
    principal: "o'brien",
    limit: 100,
    outcome: 'Success',
    region: 'us-east-1',
    start: '2024-04-24T10:00:00.000Z',
    end: '2024-05-01T10:00:00.000Z',
  },
  accountIds: ['111122223333'],
  region: 'us-east-1',
  sourceVersion: '2.0',
  engine: 'athena',
  state: 'QUEUED',
  stateReason: 'Waiting for a free Athena slot',
  queuePosition: 3,
  createdBy: 'user:default/jane',
  createdAt: '2024-05-01T10:00:00.000Z',
  cancelRequested: false,
};

export const runningRun: QueryRun = {
  ...queuedRun,
  state: 'RUNNING',
  stateReason: undefined,
  queuePosition: undefined,
  startedAt: '2024-05-01T10:00:05.000Z',
  executionId: 'exec-1',
};

export const succeededRun: QueryRun = {
  ...runningRun,
  state: 'SUCCEEDED',
  completedAt: '2024-05-01T10:02:10.000Z',
  dataScannedBytes: 5 * 1024 * 1024 + 512 * 1024,
  rowCount: 3,
  consoleUrl:
    'https://us-east-1.console.aws.amazon.com/athena/home?region=us-east-1#/query-editor/history/exec-1',
};

export const failedRun: QueryRun = {
  ...runningRun,
  state: 'FAILED',
  stateReason:
    'TABLE_NOT_FOUND: Table amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0 does not exist',
  completedAt: '2024-05-01T10:00:09.000Z',
};

export const resultPage: QueryResultPage = {
  columns: [
    { name: 'time_dt', type: 'timestamp' },
    { name: 'operation', type: 'varchar' },
  ],
  rows: [
    ['2024-04-30 08:00:00.000', 'CreateUser'],
    ['2024-04-30 09:00:00.000', null],
  ],
};

/** The tables ad-hoc SQL may read in us-east-1. */
export const queryTables: QueryTableList = {
  region: 'us-east-1',
  items: [
    {
      database: 'amazon_security_lake_glue_db_us_east_1',
      name: 'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0',
      source: 'CLOUD_TRAIL_MGMT',
      version: '2.0',
      columns: [
        { name: 'time_dt', type: 'timestamp(3)' },
        { name: 'api', type: 'struct<operation:string>' },
        { name: 'accountid', type: 'string' },
      ],
    },
    {
      database: 'amazon_security_lake_glue_db_us_east_1',
      name: 'amazon_security_lake_table_us_east_1_vpc_flow_2_0',
      source: 'VPC_FLOW',
      version: '2.0',
      columns: [
        { name: 'src_endpoint', type: 'struct<ip:string>' },
        { name: 'action', type: 'string' },
      ],
    },
  ],
};

/** A team's ad-hoc statement. */
export const teamSqlQuery: TeamQuery = {
  id: 'tsq-1',
  name: 'Console logins',
  description: 'Who signed in to the console',
  ownerRef: 'group:default/payments',
  sql: "SELECT time_dt, actor.user.name\nFROM amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0\nWHERE api.operation = 'ConsoleLogin'",
  createdBy: 'user:default/jane',
  createdAt: '2024-04-30T08:00:00.000Z',
  updatedBy: 'user:default/john',
  updatedAt: '2024-05-01T09:00:00.000Z',
};

/** A team's values for a library query. */
export const teamLibraryQuery: TeamQuery = {
  id: 'tsq-2',
  name: 'Changes by deploy-bot',
  ownerRef: 'group:default/platform',
  queryId: 'iam-changes',
  parameters: { principal: 'deploy-bot', limit: 10, region: 'eu-west-1' },
  createdBy: 'user:default/jane',
  createdAt: '2024-04-29T08:00:00.000Z',
  updatedBy: 'user:default/jane',
  updatedAt: '2024-04-29T08:00:00.000Z',
};

export const namedQuery: NamedQuery = {
  id: 'nq-1',
  name: 'Root account use',
  description: 'Calls made with the root user',
  database: 'amazon_security_lake_glue_db_us_east_1',
  workGroup: 'security',
  sql: "SELECT * FROM amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0 WHERE actor.user.type = 'Root'",
};

export function createMockApi(): jest.Mocked<SecurityLakeApi> {
  return {
    getInfo: jest.fn().mockResolvedValue(awsInfo),
    listAccounts: jest.fn().mockResolvedValue(accountList),
    listAccountConflicts: jest.fn().mockResolvedValue({ items: [] }),
    listCoverage: jest.fn().mockResolvedValue(coverageList),
    getAccountCoverage: jest.fn().mockResolvedValue(accountCoverage),
    exportCoverage: jest.fn().mockResolvedValue(new Blob(['account_id\n'])),
    refreshCoverage: jest
      .fn()
      .mockResolvedValue({ requestedAt: '2024-05-01T10:05:00.000Z' }),
    listQueries: jest.fn().mockResolvedValue({ items: savedQueries }),
    getQuery: jest.fn().mockResolvedValue(iamChangesDetail),
    startRun: jest.fn().mockResolvedValue(queuedRun),
    listRuns: jest.fn().mockResolvedValue({ items: [] }),
    getRun: jest.fn().mockResolvedValue(succeededRun),
    getRunResults: jest.fn().mockResolvedValue(resultPage),
    getRunResultsDownloadUrl: jest
      .fn()
      .mockResolvedValue('http://backend/runs/run-1/results.csv'),
    cancelRun: jest
      .fn()
      .mockResolvedValue({ ...runningRun, cancelRequested: true }),
    getFindingsSummary: jest.fn().mockResolvedValue(findingsSummary),
    listFindings: jest.fn().mockResolvedValue(findingList),
    getFindingsTrend: jest.fn().mockResolvedValue(findingsTrend),
    getFinding: jest.fn().mockResolvedValue(cveDetail),
    startFindingContextRuns: jest.fn().mockResolvedValue(contextRuns),
    checkSql: jest.fn().mockResolvedValue({
      valid: true,
      problems: [],
      tables: [],
    }),
    listQueryTables: jest.fn(async region => ({ ...queryTables, region })),
    listTeamSavedQueries: jest
      .fn()
      .mockResolvedValue({ items: [teamSqlQuery, teamLibraryQuery] }),
    getTeamSavedQuery: jest.fn(async (id: string) => {
      const found = [teamSqlQuery, teamLibraryQuery].find(q => q.id === id);
      if (!found) throw new Error(`No saved query ${id}`);
      return found;
    }),
    createTeamSavedQuery: jest.fn(async input => ({
      ...input,
      id: 'tsq-new',
      ownerRef: input.ownerRef ?? 'group:default/payments',
      createdBy: 'user:default/jane',
      createdAt: '2024-05-01T10:00:00.000Z',
      updatedBy: 'user:default/jane',
      updatedAt: '2024-05-01T10:00:00.000Z',
    })),
    updateTeamSavedQuery: jest.fn(async (id, input) => ({
      ...input,
      id,
      ownerRef: input.ownerRef ?? 'group:default/payments',
      createdBy: 'user:default/jane',
      createdAt: '2024-05-01T10:00:00.000Z',
      updatedBy: 'user:default/jane',
      updatedAt: '2024-05-01T10:05:00.000Z',
    })),
    deleteTeamSavedQuery: jest.fn().mockResolvedValue(undefined),
    listNamedQueries: jest.fn().mockResolvedValue({ items: [namedQuery] }),
    createSubscriberRequest: jest.fn().mockResolvedValue(pendingRequest),
    listSubscriberRequests: jest.fn().mockResolvedValue(subscriberRequestList),
    getSubscriberRequest: jest.fn().mockResolvedValue(pendingRequest),
    decideSubscriberRequest: jest.fn().mockResolvedValue(pendingRequest),
  };
}

/** A clipboard whose writes the test can read back (jsdom has none). */
export function mockClipboard(): jest.Mock<Promise<void>, [string]> {
  const writeText = jest.fn<Promise<void>, [string]>(async () => {});
  Object.defineProperty(window.navigator, 'clipboard', {
    value: { writeText },
    configurable: true,
  });
  return writeText;
}
