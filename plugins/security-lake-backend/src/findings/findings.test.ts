import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  LogSourceRecord,
  StartQueryRequest,
} from '@internal/plugin-security-lake-node';
import { securityLakeTableRef } from '@internal/plugin-security-lake-common';
import request from 'supertest';
import { FakeLake, volumeAnswer } from '../__testUtils__/fakeLake';
import { accountEntity, as } from '../__testUtils__/portal';
import { remoteEngine } from '../__testUtils__/remoteEngine';
import { startPortal as startTestPortal } from '../__testUtils__/startPortal';

jest.setTimeout(60_000);

const API = '/api/security-lake';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const ENTITIES = [
  accountEntity('payments-prod', '111111111111', 'group:default/team-payments'),
  accountEntity('payments-dev', '222222222222', 'group:default/team-payments'),
  accountEntity('checkout-prod', '333333333333', 'group:default/team-checkout'),
];

const T = securityLakeTableRef;
const source = (
  accountId: string,
  region: string,
  name: LogSourceRecord['source'],
): LogSourceRecord =>
  ({ accountId, region, source: name, version: '2.0' } as LogSourceRecord);

// payments-dev collects no findings; payments-prod collects them in two regions
const LAKE: FakeLake = {
  logSources: [
    source('111111111111', 'us-east-1', 'SH_FINDINGS'),
    source('111111111111', 'us-east-1', 'CLOUD_TRAIL_MGMT'),
    source('111111111111', 'us-east-1', 'VPC_FLOW'),
    source('111111111111', 'eu-west-1', 'SH_FINDINGS'),
    source('222222222222', 'us-east-1', 'CLOUD_TRAIL_MGMT'),
    source('333333333333', 'us-east-1', 'SH_FINDINGS'),
  ],
  lastEventHoursAgo: {
    [T('us-east-1', 'SH_FINDINGS', '2.0')]: {
      '111111111111': 1,
      '333333333333': 1,
    },
    [T('eu-west-1', 'SH_FINDINGS', '2.0')]: { '111111111111': 1 },
    [T('us-east-1', 'CLOUD_TRAIL_MGMT', '2.0')]: {
      '111111111111': 1,
      '222222222222': 1,
    },
    [T('us-east-1', 'VPC_FLOW', '2.0')]: { '111111111111': 1 },
  },
};

const INSTANCE_ARN =
  'arn:aws:ec2:us-east-1:111111111111:instance/i-0123456789abcdef0';

interface Fixture {
  accountId: string;
  region: string;
  uid: string;
  severityId?: number;
  status?: string;
  hoursAgo: number;
  firstSeenDaysAgo?: number;
  reports?: number;
  resource?: string;
  bare?: boolean;
}

const now = Date.now();
const FINDINGS: Fixture[] = [
  {
    accountId: '111111111111',
    region: 'us-east-1',
    uid: 'payments-critical',
    severityId: 5,
    status: 'New',
    hoursAgo: 2,
    firstSeenDaysAgo: 1,
    reports: 3,
    resource: INSTANCE_ARN,
  },
  {
    accountId: '111111111111',
    region: 'us-east-1',
    uid: 'payments-high',
    severityId: 4,
    status: 'Notified',
    hoursAgo: 3,
    firstSeenDaysAgo: 20,
    reports: 9,
    resource: 'arn:aws:s3:::payments-invoices',
  },
  {
    accountId: '111111111111',
    region: 'us-east-1',
    uid: 'payments-low',
    severityId: 2,
    status: 'Resolved',
    hoursAgo: 5,
    firstSeenDaysAgo: 2,
  },
  {
    accountId: '111111111111',
    region: 'us-east-1',
    uid: 'payments-bare',
    hoursAgo: 6,
    bare: true,
  },
  {
    accountId: '111111111111',
    region: 'eu-west-1',
    uid: 'payments-old-medium',
    severityId: 3,
    status: 'New',
    hoursAgo: 10 * 24,
    firstSeenDaysAgo: 12,
  },
  {
    accountId: '333333333333',
    region: 'us-east-1',
    uid: 'checkout-critical',
    severityId: 5,
    status: 'New',
    hoursAgo: 1,
    firstSeenDaysAgo: 1,
  },
];

const timestamp = (ms: number) =>
  new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** A row of the latest-findings query as Athena hands it back: every cell text, nested columns as JSON. */
function latestRow(f: Fixture): (string | null)[] {
  const time = now - f.hoursAgo * HOUR;
  if (f.bare) {
    return [
      '1',
      JSON.stringify({ uid: f.uid }),
      null,
      null,
      null,
      null,
      String(time),
      timestamp(time),
      null,
      null,
      f.accountId,
      f.region,
    ];
  }
  return [
    String(f.reports ?? 1),
    JSON.stringify({
      uid: f.uid,
      title: `Finding ${f.uid}`,
      desc: `What ${f.uid} is about`,
      types: ['Software and Configuration Checks'],
      first_seen_time_dt: timestamp(now - (f.firstSeenDaysAgo ?? 0) * DAY),
    }),
    String(f.severityId),
    ['Unknown', 'Informational', 'Low', 'Medium', 'High', 'Critical'][
      f.severityId!
    ],
    f.status!,
    'Detection Finding',
    String(time),
    timestamp(time),
    JSON.stringify([{ type: 'AwsEc2Instance', uid: f.resource, labels: [] }]),
    JSON.stringify({
      desc: `Fix ${f.uid}`,
      references: ['https://docs.aws.amazon.com/securityhub/'],
    }),
    f.accountId,
    f.region,
  ];
}

const LATEST_COLUMNS = [
  'reports',
  'finding_info',
  'severity_id',
  'severity',
  'status',
  'class_name',
  'time',
  'time_dt',
  'resources',
  'remediation',
  'accountid',
  'region',
].map(name => ({ name, type: 'varchar' }));

/** The region of a statement's table, and the accounts it is bound to. */
function target(sql: string, req: StartQueryRequest) {
  const region = /amazon_security_lake_table_([a-z0-9_]+)_sh_findings/
    .exec(sql)![1]
    .replace(/_/g, '-');
  const accounts = (req.parameters ?? []).filter(
    (v): v is string => typeof v === 'string' && /^\d{12}$/.test(v),
  );
  return { region, accounts };
}

/** Athena as a stand-in: coverage reads and the findings reads answered at once, the rest left running. */
function lakeEngine(options?: { hold?: (sql: string) => boolean }) {
  const reads: { kind: 'latest' | 'daily'; region: string }[] = [];
  const athena = remoteEngine({
    answerAtOnce: (sql, req) => {
      if (sql.includes('count_if(')) return volumeAnswer(LAKE)(sql);
      if (options?.hold?.(sql)) return undefined;
      if (sql.includes('report_rank')) {
        const { region, accounts } = target(sql, req);
        reads.push({ kind: 'latest', region });
        return {
          columns: LATEST_COLUMNS,
          rows: FINDINGS.filter(
            f => f.region === region && accounts.includes(f.accountId),
          ).map(latestRow),
        };
      }
      if (sql.includes('count(DISTINCT finding_info.uid)')) {
        const { region, accounts } = target(sql, req);
        reads.push({ kind: 'daily', region });
        const rows = FINDINGS.filter(
          f =>
            f.region === region &&
            accounts.includes(f.accountId) &&
            f.severityId,
        ).map(f => [
          f.accountId,
          new Date(now - f.hoursAgo * HOUR).toISOString().slice(0, 10),
          String(f.severityId),
          '1',
        ]);
        return {
          columns: ['accountid', 'day', 'severity_id', 'findings'].map(
            name => ({ name, type: 'varchar' }),
          ),
          rows,
        };
      }
      return undefined;
    },
  });
  return { athena, reads };
}

function startPortal(options: {
  athena: ReturnType<typeof remoteEngine>;
  knex?: Parameters<typeof mockServices.database.factory>[0];
  findings?: object;
}) {
  return startTestPortal({
    engine: options.athena.engine,
    lake: LAKE,
    entities: ENTITIES,
    securityLake: {
      queries: { pollIntervalMs: 5 },
      findings: { ...options.findings },
    },
    knex: options.knex,
  });
}

describe('findings', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let lake: ReturnType<typeof lakeEngine>;

  beforeEach(async () => {
    lake = lakeEngine();
    portal = await startPortal({ athena: lake.athena });
  });
  afterEach(async () => portal.stop());

  const get = (user: string, path: string) =>
    request(portal.server).get(`${API}${path}`).set(as(user));

  it("counts a team's findings by severity, status and account, and names the accounts without any", async () => {
    const res = await get('alice', '/findings/summary');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      // the eu-west-1 finding was last reported ten days ago: outside the default 7 days
      total: 4,
      bySeverity: { Critical: 1, High: 1, Low: 1, Unknown: 1 },
      byStatus: { New: 1, Notified: 1, Resolved: 1, Unknown: 1 },
      // first seen 1 and 2 days ago; the high one 20 days ago; the bare one doesn't say
      newInWindow: 2,
      window: { days: 7 },
      notCollected: ['222222222222'],
    });
    expect(res.body.accounts).toEqual([
      expect.objectContaining({ accountId: '111111111111', total: 4 }),
    ]);
    expect(res.body.snapshots).toEqual([
      expect.objectContaining({
        accountId: '111111111111',
        region: 'eu-west-1',
        state: 'ready',
      }),
      expect.objectContaining({
        accountId: '111111111111',
        region: 'us-east-1',
        state: 'ready',
      }),
    ]);

    const month = await get('alice', '/findings/summary?windowDays=30');
    expect(month.body.total).toBe(5);
    expect(month.body.bySeverity.Medium).toBe(1);
  });

  it('reads the lake once per region and then answers from the database copy', async () => {
    await get('alice', '/findings/summary').expect(200);
    expect(lake.reads).toEqual(
      expect.arrayContaining([
        { kind: 'latest', region: 'us-east-1' },
        { kind: 'daily', region: 'us-east-1' },
        { kind: 'latest', region: 'eu-west-1' },
        { kind: 'daily', region: 'eu-west-1' },
      ]),
    );
    expect(lake.reads).toHaveLength(4);
    await get('alice', '/findings').expect(200);
    await get('alice', '/findings/trend').expect(200);
    await get('alice', '/findings/summary?accountId=111111111111').expect(200);
    expect(lake.reads).toHaveLength(4);

    // the reads are the portal's own runs, through the broker: not in her history, over her accounts only
    const mine = await get('alice', '/runs?mine=true');
    expect(mine.body.items).toEqual([]);
    const runs = await get('alice', '/runs');
    expect(runs.body.items.map((r: any) => r.title).sort()).toEqual([
      'Findings: distinct findings per day and severity (eu-west-1)',
      'Findings: distinct findings per day and severity (us-east-1)',
      'Findings: the latest report of each finding (eu-west-1)',
      'Findings: the latest report of each finding (us-east-1)',
    ]);
    for (const run of runs.body.items) {
      expect(run.createdBy).toBe('plugin:default/security-lake');
      expect(run.accountIds).toEqual(['111111111111']);
      expect(run.boundValues).toContain('111111111111');
    }
  });

  it('lists findings most severe first, filtered and paged with a cursor', async () => {
    const all = await get('alice', '/findings');
    expect(all.status).toBe(200);
    expect(all.body.items.map((f: any) => f.id)).toEqual([
      'payments-critical',
      'payments-high',
      'payments-low',
      'payments-bare',
    ]);
    expect(all.body.total).toBe(4);
    expect(all.body.items[0]).toMatchObject({
      accountId: '111111111111',
      region: 'us-east-1',
      title: 'Finding payments-critical',
      severity: 'Critical',
      status: 'New',
      findingType: 'Detection Finding',
      resourceUid: INSTANCE_ARN,
      reports: 3,
      sourceVersion: '2.0',
    });
    // a record with nothing but a uid is shown, not dropped
    expect(all.body.items[3]).toMatchObject({
      id: 'payments-bare',
      title: 'payments-bare',
      severity: 'Unknown',
      status: 'Unknown',
    });

    const critical = await get('alice', '/findings?severity=Critical,High');
    expect(critical.body.items.map((f: any) => f.id)).toEqual([
      'payments-critical',
      'payments-high',
    ]);
    const resolved = await get('alice', '/findings?status=Resolved');
    expect(resolved.body.items.map((f: any) => f.id)).toEqual(['payments-low']);
    const eu = await get('alice', '/findings?region=eu-west-1&windowDays=30');
    expect(eu.body.items.map((f: any) => f.id)).toEqual([
      'payments-old-medium',
    ]);
    const detection = await get(
      'alice',
      '/findings?findingType=Detection%20Finding&resourceType=AwsEc2Instance',
    );
    expect(detection.body.total).toBe(3);

    const first = await get('alice', '/findings?limit=3');
    expect(first.body.items).toHaveLength(3);
    expect(first.body.total).toBe(4);
    const second = await get(
      'alice',
      `/findings?limit=3&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((f: any) => f.id)).toEqual(['payments-bare']);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('refuses bad filters with a 400 naming the field', async () => {
    const cursor = await get('alice', '/findings?cursor=not-a-cursor');
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.message).toMatch(/cursor/);
    const window = await get('alice', '/findings/summary?windowDays=60');
    expect(window.status).toBe(400);
    expect(window.body.error.message).toMatch(/windowDays/);
    const severity = await get('alice', '/findings?severity=Dire');
    expect(severity.status).toBe(400);
    expect(severity.body.error.message).toMatch(/severity/);
  });

  it("shows one finding in full, and another team's as not found", async () => {
    const res = await get(
      'alice',
      `/findings/${encodeURIComponent('payments-critical')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'payments-critical',
      description: 'What payments-critical is about',
      remediation: {
        text: 'Fix payments-critical',
        references: ['https://docs.aws.amazon.com/securityhub/'],
      },
      resources: [{ type: 'AwsEc2Instance', uid: INSTANCE_ARN, labels: [] }],
      consoleUrl: expect.stringContaining(
        'https://us-east-1.console.aws.amazon.com/securityhub/home?region=us-east-1#/findings',
      ),
      raw: expect.objectContaining({
        accountid: '111111111111',
        severity_id: 5,
      }),
    });

    const theirs = await get('alice', '/findings/checkout-critical');
    expect(theirs.status).toBe(404);
    const mine = await get('carol', '/findings/payments-critical');
    expect(mine.status).toBe(404);
    expect(mine.body.error.message).not.toMatch(/111111111111/);
    const owner = await get('pat', '/findings/checkout-critical');
    expect(owner.status).toBe(200);
  });

  it("never shows another team's findings, on any endpoint", async () => {
    const summary = await get('carol', '/findings/summary');
    expect(summary.body.accounts.map((a: any) => a.accountId)).toEqual([
      '333333333333',
    ]);
    expect(summary.body.total).toBe(1);
    const list = await get('carol', '/findings');
    expect(list.body.items.map((f: any) => f.id)).toEqual([
      'checkout-critical',
    ]);
    const trend = await get('carol', '/findings/trend');
    const counted = trend.body.days.reduce(
      (sum: number, d: any) => sum + (d.counts.Critical ?? 0),
      0,
    );
    expect(counted).toBe(1);
    expect(JSON.stringify([summary.body, list.body, trend.body])).not.toContain(
      '111111111111',
    );

    for (const path of [
      '/findings/summary?accountId=111111111111',
      '/findings?accountId=111111111111',
      '/findings/trend?accountId=111111111111',
    ]) {
      const res = await get('carol', path);
      expect(res.status).toBe(404);
    }
    // an entity of another team narrows carol's accounts to none
    const entity = await get(
      'carol',
      `/findings?entityRef=${encodeURIComponent(
        'resource:default/payments-prod',
      )}`,
    );
    expect(entity.status).toBe(200);
    expect(entity.body.items).toEqual([]);

    const refused = await request(portal.server)
      .post(`${API}/findings/payments-critical/context-runs`)
      .set(as('carol'))
      .send({});
    expect(refused.status).toBe(404);

    const everyone = await get('pat', '/findings/summary');
    expect(everyone.body.accounts.map((a: any) => a.accountId)).toEqual([
      '111111111111',
      '333333333333',
    ]);
  });

  it('draws the daily trend by severity over every day of the window', async () => {
    const res = await get('alice', '/findings/trend?windowDays=30');
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(31);
    expect(res.body.days[0].day).toBe(res.body.window.start.slice(0, 10));
    const total = (severity: string) =>
      res.body.days.reduce(
        (sum: number, d: any) => sum + (d.counts[severity] ?? 0),
        0,
      );
    expect([total('Critical'), total('High'), total('Medium')]).toEqual([
      1, 1, 1,
    ]);
    const week = await get('alice', '/findings/trend');
    expect(week.body.days).toHaveLength(8);
  });

  it('starts the logs around a finding as library runs on its resource and instance, in a window around it', async () => {
    const res = await request(portal.server)
      .post(`${API}/findings/payments-critical/context-runs`)
      .set(as('alice'))
      .send({ minutesAround: 30 });
    expect(res.status).toBe(202);
    const at = now - 2 * HOUR;
    expect(res.body).toMatchObject({
      findingId: 'payments-critical',
      accountId: '111111111111',
      region: 'us-east-1',
      match: { resourceUid: INSTANCE_ARN, instanceId: 'i-0123456789abcdef0' },
      window: {
        start: new Date(at - 30 * 60_000).toISOString(),
        end: new Date(at + 30 * 60_000).toISOString(),
      },
      skipped: [
        {
          source: 'ROUTE53',
          reason: 'ROUTE53 is not collected for 111111111111 in us-east-1',
        },
      ],
    });
    expect(res.body.runs.map((r: any) => [r.source, r.queryId])).toEqual([
      ['CLOUD_TRAIL_MGMT', 'cloudtrail-resource-activity'],
      ['VPC_FLOW', 'vpcflow-instance-traffic'],
    ]);
    const [trail, flows] = await Promise.all(
      res.body.runs.map(
        async (r: any) => (await get('alice', `/runs/${r.runId}`)).body,
      ),
    );
    expect(trail).toMatchObject({
      accountIds: ['111111111111'],
      region: 'us-east-1',
      parameters: {
        resource: INSTANCE_ARN,
        start: new Date(at - 30 * 60_000).toISOString(),
        end: new Date(at + 30 * 60_000).toISOString(),
      },
    });
    expect(trail.boundValues).toContain(INSTANCE_ARN);
    expect(trail.sql).toContain('any_match(resources, r -> r.uid = ?)');
    expect(flows.parameters.instance).toBe('i-0123456789abcdef0');
    expect(flows.boundValues).toEqual(
      expect.arrayContaining([
        timestamp(at - 30 * 60_000),
        timestamp(at + 30 * 60_000),
        '111111111111',
        'i-0123456789abcdef0',
      ]),
    );
    expect(portal.auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'query-run',
        meta: expect.objectContaining({
          queryId: 'vpcflow-instance-traffic',
          findingId: 'payments-critical',
        }),
      }),
    );

    // the default is an hour either side; a finding naming no resource has nothing to match
    const hour = await request(portal.server)
      .post(`${API}/findings/payments-critical/context-runs`)
      .set(as('alice'));
    expect(hour.body.window.start).toBe(new Date(at - HOUR).toISOString());
    const bare = await request(portal.server)
      .post(`${API}/findings/payments-bare/context-runs`)
      .set(as('alice'))
      .send({});
    expect(bare.status).toBe(202);
    expect(bare.body.runs).toEqual([]);
    expect(bare.body.skipped.map((s: any) => s.reason)).toEqual([
      'the finding names no resource',
      'the finding names no EC2 instance',
      'the finding names no EC2 instance',
    ]);
    const tooWide = await request(portal.server)
      .post(`${API}/findings/payments-critical/context-runs`)
      .set(as('alice'))
      .send({ minutesAround: 5000 });
    expect(tooWide.status).toBe(400);
    expect(tooWide.body.error.message).toMatch(/minutesAround/);
  });
});

describe('findings cache', () => {
  it('reads the lake again once the copy has expired', async () => {
    const lake = lakeEngine();
    const portal = await startPortal({
      athena: lake.athena,
      findings: { cacheSeconds: 0 },
    });
    try {
      await request(portal.server)
        .get(`${API}/findings/summary?accountId=333333333333`)
        .set(as('carol'))
        .expect(200);
      expect(lake.reads).toHaveLength(2);
      await request(portal.server)
        .get(`${API}/findings/summary?accountId=333333333333`)
        .set(as('carol'))
        .expect(200);
      expect(lake.reads).toHaveLength(4);
    } finally {
      await portal.stop();
    }
  });

  it('shows a failed read with its error, and the rest of the findings', async () => {
    const lake = lakeEngine({
      hold: sql => sql.includes('report_rank') && sql.includes('eu_west_1'),
    });
    const portal = await startPortal({ athena: lake.athena });
    try {
      const pending = request(portal.server)
        .get(`${API}/findings/summary?windowDays=30`)
        .set(as('alice'));
      const response = pending.then(r => r);
      let held: { id: string } | undefined;
      for (let i = 0; i < 200 && !held; i++) {
        held = lake.athena.running()[0];
        await new Promise(r => setTimeout(r, 10));
      }
      lake.athena.fail(
        held!.id,
        'TABLE_NOT_FOUND: amazon_security_lake_table_eu_west_1_sh_findings_2_0',
      );
      const res = await response;
      expect(res.status).toBe(200);
      expect(res.body.snapshots).toEqual([
        expect.objectContaining({
          region: 'eu-west-1',
          state: 'failed',
          error: expect.stringContaining('TABLE_NOT_FOUND'),
        }),
        expect.objectContaining({ region: 'us-east-1', state: 'ready' }),
      ]);
      expect(res.body.total).toBe(4);
    } finally {
      await portal.stop();
    }
  });

  it('reads the lake in the scheduled refresh, not in the request: a request that does not wait is answered at once, and the read goes on', async () => {
    const lake = lakeEngine({
      hold: sql => sql.includes('report_rank') && sql.includes('eu_west_1'),
    });
    const portal = await startPortal({ athena: lake.athena });
    try {
      const first = await request(portal.server)
        .get(`${API}/findings/summary?windowDays=30&waitSeconds=0`)
        .set(as('alice'));
      expect(first.status).toBe(200);
      expect(first.body.snapshots).toContainEqual(
        expect.objectContaining({ region: 'eu-west-1', state: 'refreshing' }),
      );
      expect(portal.scheduler.scheduleTask).toHaveBeenCalledWith(
        expect.objectContaining({
          id: 'security-lake-findings-refresh',
          scope: 'local',
        }),
      );
      expect(portal.scheduler.triggerTask).toHaveBeenCalledWith(
        'security-lake-findings-refresh',
      );
      let held: { id: string } | undefined;
      for (let i = 0; i < 200 && !held; i++) {
        held = lake.athena.running()[0];
        await new Promise(r => setTimeout(r, 10));
      }
      // the request has long been answered; the refresh finishes the read it started
      lake.athena.succeed(held!.id, { columns: LATEST_COLUMNS, rows: [] });
      const later = await request(portal.server)
        .get(`${API}/findings/summary?windowDays=30`)
        .set(as('alice'));
      expect(later.body.snapshots).toEqual([
        expect.objectContaining({ region: 'eu-west-1', state: 'ready' }),
        expect.objectContaining({ region: 'us-east-1', state: 'ready' }),
      ]);
      // one read of each, by the first request's refresh: the second found it under way
      expect(lake.reads.filter(r => r.region === 'eu-west-1')).toEqual([
        { kind: 'daily', region: 'eu-west-1' },
      ]);
      expect(later.body.total).toBe(4);
    } finally {
      await portal.stop();
    }
  });

  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'is shared by two backends on one database (%s): one read, whoever asks first',
    async databaseId => {
      const knex = { knex: await databases.init(databaseId) };
      const lake = lakeEngine();
      const a = await startPortal({ athena: lake.athena, knex });
      const b = await startPortal({ athena: lake.athena, knex });
      try {
        const [fromA, fromB] = await Promise.all([
          request(a.server).get(`${API}/findings`).set(as('alice')),
          request(b.server).get(`${API}/findings`).set(as('bob')),
        ]);
        expect(fromA.status).toBe(200);
        expect(fromB.body.items).toEqual(fromA.body.items);
        expect(fromA.body.items).toHaveLength(4);
        // two regions, two reads each, once
        expect(lake.reads).toHaveLength(4);
        const again = await request(b.server)
          .get(`${API}/findings/summary`)
          .set(as('alice'));
        expect(again.body.total).toBe(4);
        expect(lake.reads).toHaveLength(4);
      } finally {
        await a.stop();
        await b.stop();
      }
    },
  );
});
