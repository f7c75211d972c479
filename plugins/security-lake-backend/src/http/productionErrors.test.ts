import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { FakeLake, fakeEngine } from '../__testUtils__/fakeLake';
import { accountEntity, as } from '../__testUtils__/portal';
import { startPortal } from '../__testUtils__/startPortal';

jest.setTimeout(60_000);

const API = '/api/security-lake';

const LAKE: FakeLake = {
  logSources: [
    {
      accountId: '111111111111',
      region: 'us-east-1',
      source: 'CLOUD_TRAIL_MGMT',
      version: '2.0',
    },
  ],
  exceptions: [],
  lastEventHoursAgo: {},
};

/** What a stack trace or a server path in a body looks like. */
const LEAKS = /\bat .+\(|\/work\/|node_modules|\.ts:\d+|\.js:\d+|"stack"/;

describe('errors a production backend shows', () => {
  const nodeEnv = process.env.NODE_ENV;
  let portal: Awaited<ReturnType<typeof startPortal>>;

  beforeAll(async () => {
    // Backstage's error handler decides at start whether bodies carry stacks: in production they must not
    process.env.NODE_ENV = 'production';
    const engine = fakeEngine(LAKE);
    engine.listTables = async () => {
      throw new Error(
        'Glue said no at /work/main/plugins/security-lake-backend/src/aws/AthenaQueryEngine.ts:178',
      );
    };
    portal = await startPortal({
      engine,
      lake: LAKE,
      entities: [
        accountEntity(
          'payments-prod',
          '111111111111',
          'group:default/team-payments',
        ),
      ],
    });
  });
  afterAll(async () => {
    await portal.stop();
    process.env.NODE_ENV = nodeEnv;
  });

  it('answers a failure inside with a 500 that names it, without a stack trace', async () => {
    const res = await request(portal.server)
      .get(`${API}/query-tables?region=us-east-1`)
      .set(as('alice'));
    expect(res.status).toBe(500);
    expect(res.body.error.name).toBe('Error');
    expect(res.body.error.stack).toBeUndefined();
    expect(
      JSON.stringify(res.body).replace(/Glue said no at \S+/, ''),
    ).not.toMatch(LEAKS);
  });

  it('answers what is not there, or not the caller’s, and bad input without a stack trace', async () => {
    const missing = await request(portal.server)
      .get(`${API}/runs/00000000-0000-4000-8000-000000000000`)
      .set(as('alice'));
    expect(missing.status).toBe(404);
    const invalid = await request(portal.server)
      .get(`${API}/coverage/accounts/not-an-account`)
      .set(as('alice'));
    expect(invalid.status).toBe(400);
    // the test backend takes a request without a header for a mock user: this is "no token"
    const anonymous = await request(portal.server)
      .get(`${API}/accounts`)
      .set({ Authorization: mockCredentials.none.header() });
    expect(anonymous.status).toBe(401);
    for (const res of [missing, invalid, anonymous]) {
      expect(res.body.error.message).toEqual(expect.any(String));
      expect(res.body.error.stack).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toMatch(LEAKS);
    }
  });
});
