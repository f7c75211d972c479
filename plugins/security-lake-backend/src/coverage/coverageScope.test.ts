import {
  securityLakeCustomTableName,
  securityLakeDatabaseName,
  securityLakeTableRef,
} from '@internal/plugin-security-lake-common';
import { LogSourceRecord } from '@internal/plugin-security-lake-node';
import request from 'supertest';
import { fakeEngine, FakeLake } from '../__testUtils__/fakeLake';
import { accountEntity, as } from '../__testUtils__/portal';
import { startPortal } from '../__testUtils__/startPortal';

jest.setTimeout(60_000);

const API = '/api/security-lake';
const PAYMENTS_PROD = '111111111111';
const PAYMENTS_DEV = '222222222222';
const CHECKOUT_PROD = '333333333333';

const native = (
  accountId: string,
  region: string,
  source: Extract<LogSourceRecord, { kind?: 'native' }>['source'],
): LogSourceRecord => ({ accountId, region, source, version: '2.0' });

// as in the sample lake: payments-prod alone sends its Okta sign-ins as a custom source, and only
// payments has Route 53 and anything in eu-west-1
const LAKE: FakeLake = {
  logSources: [
    native(PAYMENTS_PROD, 'us-east-1', 'CLOUD_TRAIL_MGMT'),
    native(PAYMENTS_PROD, 'us-east-1', 'ROUTE53'),
    native(PAYMENTS_PROD, 'eu-west-1', 'CLOUD_TRAIL_MGMT'),
    {
      kind: 'custom',
      accountId: PAYMENTS_PROD,
      region: 'us-east-1',
      source: 'okta_sso',
      version: '1.0',
    },
    native(PAYMENTS_DEV, 'us-east-1', 'CLOUD_TRAIL_MGMT'),
    native(CHECKOUT_PROD, 'us-east-1', 'CLOUD_TRAIL_MGMT'),
    native(CHECKOUT_PROD, 'us-east-1', 'SH_FINDINGS'),
  ],
  lastEventHoursAgo: {
    [securityLakeTableRef('us-east-1', 'CLOUD_TRAIL_MGMT', '2.0')]: {
      [PAYMENTS_PROD]: 1,
      [PAYMENTS_DEV]: 1,
      [CHECKOUT_PROD]: 1,
    },
    [securityLakeTableRef('eu-west-1', 'CLOUD_TRAIL_MGMT', '2.0')]: {
      [PAYMENTS_PROD]: 1,
    },
    [securityLakeTableRef('us-east-1', 'ROUTE53', '2.0')]: {
      [PAYMENTS_PROD]: 1,
    },
    [securityLakeTableRef('us-east-1', 'SH_FINDINGS', '2.0')]: {
      [CHECKOUT_PROD]: 1,
    },
    [`"${securityLakeDatabaseName('us-east-1')}"."${securityLakeCustomTableName(
      'us-east-1',
      'okta_sso',
    )}"`]: {
      [PAYMENTS_PROD]: 1,
    },
  },
};

describe("coverage names only the sources of the caller's own accounts", () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  const get = (user: string, path: string, query: object = {}) =>
    request(portal.server).get(`${API}${path}`).query(query).set(as(user));

  beforeAll(async () => {
    portal = await startPortal({
      engine: fakeEngine(LAKE),
      lake: LAKE,
      entities: [
        accountEntity(
          'payments-prod',
          PAYMENTS_PROD,
          'group:default/team-payments',
        ),
        accountEntity(
          'payments-dev',
          PAYMENTS_DEV,
          'group:default/team-payments',
        ),
        accountEntity(
          'checkout-prod',
          CHECKOUT_PROD,
          'group:default/team-checkout',
        ),
      ],
    });
  });
  afterAll(async () => portal?.stop());

  it('shows payments its Okta custom source, and platform owners every source and region', async () => {
    const alice = await get('alice', '/coverage');
    expect(alice.status).toBe(200);
    expect(alice.body.sources).toEqual([
      {
        key: 'CLOUD_TRAIL_MGMT',
        kind: 'native',
        name: 'CLOUD_TRAIL_MGMT',
        title: expect.any(String),
      },
      {
        key: 'ROUTE53',
        kind: 'native',
        name: 'ROUTE53',
        title: expect.any(String),
      },
      {
        key: 'ext:okta_sso',
        kind: 'custom',
        name: 'okta_sso',
        title: 'okta_sso (custom)',
      },
    ]);
    expect(alice.body.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(alice.body.items[0].sources['ext:okta_sso'].health).toBe('healthy');
    // and may filter on it: the one column, present in payments-prod only
    const okta = await get('alice', '/coverage', { source: 'ext:okta_sso' });
    expect(okta.status).toBe(200);
    expect(okta.body.sources.map((s: any) => s.key)).toEqual(['ext:okta_sso']);
    expect(
      okta.body.items.map((a: any) => [a.accountId, Object.keys(a.sources)]),
    ).toEqual([
      [PAYMENTS_PROD, ['ext:okta_sso']],
      [PAYMENTS_DEV, []],
    ]);

    const pat = await get('pat', '/coverage');
    expect(pat.body.sources.map((s: any) => s.key)).toEqual([
      'CLOUD_TRAIL_MGMT',
      'SH_FINDINGS',
      'ROUTE53',
      'ext:okta_sso',
    ]);
    expect(pat.body.regions).toEqual(['eu-west-1', 'us-east-1']);
  });

  it("never names payments' custom source, or a source or region only payments has, to checkout", async () => {
    const carol = await get('carol', '/coverage');
    expect(carol.status).toBe(200);
    expect(carol.body.sources.map((s: any) => s.key)).toEqual([
      'CLOUD_TRAIL_MGMT',
      'SH_FINDINGS',
    ]);
    expect(Object.keys(carol.body.summary.bySource)).toEqual([
      'CLOUD_TRAIL_MGMT',
      'SH_FINDINGS',
    ]);
    expect(carol.body.regions).toEqual(['us-east-1']);

    const account = await get('carol', `/coverage/accounts/${CHECKOUT_PROD}`);
    expect(account.status).toBe(200);
    expect(account.body.sources.map((s: any) => s.key)).toEqual([
      'CLOUD_TRAIL_MGMT',
      'SH_FINDINGS',
    ]);
    expect(account.body.regions).toEqual(['us-east-1']);

    const csv = await get('carol', '/coverage.csv');
    expect(csv.status).toBe(200);
    for (const body of [carol.body, account.body, csv.text]) {
      const text = JSON.stringify(body);
      expect(text).not.toMatch(/okta/i);
      expect(text).not.toContain('ROUTE53');
      expect(text).not.toContain('eu-west-1');
    }
  });

  it('answers a source filter outside her accounts with the same 400, whether or not another team has it', async () => {
    const asked = ['ext:okta_sso', 'ext:made_up', 'ROUTE53', 'WAF'];
    const messages: string[] = [];
    for (const source of asked) {
      const res = await get('carol', '/coverage', { source });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      messages.push(res.body.error.message);
    }
    // what she sent, and her own sources: nothing else
    expect(messages).toEqual(
      asked.map(
        source =>
          `source: ${source} is not a source of the accounts you may see; they have CLOUD_TRAIL_MGMT, SH_FINDINGS`,
      ),
    );
    const csv = await get('carol', '/coverage.csv', { source: 'ext:okta_sso' });
    expect(csv.status).toBe(400);
    expect(csv.body.error.message).toBe(messages[0]);
    expect(JSON.stringify(csv.body)).not.toContain('okta_sso (custom)');
  });

  it('tells someone who sees no account with data that their accounts have no sources, naming none', async () => {
    const res = await get('nobody', '/coverage', { source: 'ext:okta_sso' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'source: ext:okta_sso is not a source of the accounts you may see; they have none yet',
    );
    const all = await get('nobody', '/coverage');
    expect(all.body.sources).toEqual([]);
    expect(all.body.regions).toEqual([]);
  });
});
