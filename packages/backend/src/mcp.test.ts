import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { generateLake } from '@internal/plugin-security-lake-backend-module-local';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { backendFeatures } from './features';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '../../..');
const ALICE = ['111111111111', '222222222222'];
const CAROL = ['333333333333', '444444444444'];
const SERVICE_TOKEN = 'assistant-static-token-0123456789';
const AUDITOR_TOKEN = 'auditor-static-token-0123456789';

/** Every twelve-digit account id a text names. */
const accountIdsIn = (value: unknown) =>
  new Set(JSON.stringify(value).match(/\b\d{12}\b/g) ?? []);

/**
 * The demo portal as `./dev start` runs it (both configuration files, every backend feature, the MCP actions
 * backend among them, the demo sign-in and the DuckDB lake), driven by a real MCP client over Streamable
 * HTTP with each demo user's own Backstage token.
 */
describe('Security Lake tools over MCP, as the demo portal serves them', () => {
  let dir: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let baseUrl: string;
  const tokens = new Map<string, string>();
  const clients: Client[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-lake-mcp-'));
    // eight days, so that checkout-dev (which stopped sending six days ago) has data to be stale from
    await generateLake({ lakeDir: path.join(dir, 'lake'), days: 8 });
    const { appConfigs } = await loadConfig({
      configRoot: ROOT,
      configTargets: ['app-config.yaml', 'app-config.demo.yaml'].map(f => ({
        path: path.join(ROOT, f),
      })),
    });
    const data = ConfigReader.fromConfigs([
      ...appConfigs,
      {
        context: 'test',
        data: {
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
            // an assistant without a user: a static token, as an organisation might hand one out
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: { token: SERVICE_TOKEN, subject: 'assistant' },
                },
                {
                  type: 'static',
                  options: { token: AUDITOR_TOKEN, subject: 'auditor' },
                },
              ],
            },
          },
          catalog: {
            locations: ['org.yaml', 'entities.yaml'].map(f => ({
              type: 'file',
              target: path.join(ROOT, 'examples', f),
            })),
          },
          securityLake: {
            // the one service caller configuration names, and the account it may read
            actions: {
              serviceReaders: [
                { subject: 'auditor', accountIds: ['333333333333'] },
              ],
            },
            local: {
              lakeDir: path.join(dir, 'lake'),
              resultsDir: path.join(dir, 'results'),
              generateIfMissing: false,
            },
          },
        },
      },
    ]).get();
    backend = await startTestBackend({
      features: [
        ...backendFeatures,
        // tokens, the registry and the actions client as a real backend has them: the demo sign-in's user
        // tokens, verified; actions invoked over HTTP between plugins, on the user's behalf
        authServiceFactory,
        httpAuthServiceFactory,
        userInfoServiceFactory,
        // and the scheduler that runs the catalog's reads and the coverage refresh at start
        schedulerServiceFactory,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        mockServices.rootConfig.factory({ data: data as any }),
      ],
    });
    baseUrl = `http://localhost:${
      (backend.server.address() as AddressInfo).port
    }`;
    // the demo users' tokens, from the demo sign-in as the portal's sign-in page gets them; the catalog
    // reads the users in the background, so a first attempt may find none yet
    for (const user of ['alice', 'carol', 'pat']) {
      for (;;) {
        const res = await request(backend.server)
          .get('/api/auth/demo/refresh')
          .set('x-requested-with', 'XMLHttpRequest')
          .set('x-demo-user', user);
        if (res.status === 200) {
          tokens.set(user, res.body.backstageIdentity.token);
          break;
        }
        await new Promise(resolve => setTimeout(resolve, 200));
      }
    }
  });

  beforeAll(async () => {
    // the catalog reads the example entities and the coverage refresh reads the lake in the background:
    // the tools answer from both, so wait until a platform owner sees every demo account read
    for (;;) {
      const res = await request(backend.server)
        .get('/api/security-lake/coverage')
        .set('Authorization', `Bearer ${tokens.get('pat')}`);
      const accounts = new Set<string>(
        (res.body.items ?? []).map((a: { accountId: string }) => a.accountId),
      );
      if (
        res.body.refresh?.refreshedAt &&
        [...ALICE, ...CAROL].every(id => accounts.has(id))
      ) {
        break;
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** An MCP client configured as the README says: the server URL and a bearer token. */
  async function connect(token: string) {
    const client = new Client({ name: 'security-lake-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`${baseUrl}/api/mcp-actions/v1`),
        {
          requestInit: { headers: { Authorization: `Bearer ${token}` } },
        },
      ),
    );
    clients.push(client);
    return client;
  }
  const as = (user: string) => connect(tokens.get(user)!);

  async function call(client: Client, name: string, args: object) {
    const result = (await client.callTool({
      name: `security-lake.${name}`,
      arguments: args as Record<string, unknown>,
    })) as {
      isError?: boolean;
      content: { type: string; text: string }[];
      structuredContent?: any;
    };
    return {
      isError: Boolean(result.isError),
      text: result.content.map(c => c.text).join('\n'),
      output: result.structuredContent,
    };
  }

  it('lists the Security Lake tools with what each does and whether it only reads', async () => {
    const { tools } = await (await as('alice')).listTools();
    const ours = tools.filter(t => t.name.startsWith('security-lake.'));
    expect(ours.map(t => t.name).sort()).toEqual([
      'security-lake.check-sql',
      'security-lake.get-finding',
      'security-lake.get-run',
      'security-lake.list-coverage-gaps',
      'security-lake.list-findings',
      'security-lake.list-library-queries',
      'security-lake.run-library-query',
      'security-lake.run-sql',
      'security-lake.start-finding-logs',
    ]);
    const byName = new Map(ours.map(t => [t.name, t]));
    expect(byName.get('security-lake.list-findings')?.annotations).toEqual(
      expect.objectContaining({
        readOnlyHint: true,
        idempotentHint: true,
        destructiveHint: false,
      }),
    );
    expect(byName.get('security-lake.run-library-query')?.annotations).toEqual(
      expect.objectContaining({ readOnlyHint: false, destructiveHint: false }),
    );
    expect(
      byName.get('security-lake.list-findings')?.inputSchema.properties,
    ).toHaveProperty('severity');
    // every tool says what it is for
    for (const tool of ours) {
      expect(tool.description!.length).toBeGreaterThan(80);
    }
  });

  it("answers each user with their own accounts' findings and nothing of the other team's", async () => {
    /** A user's findings of the last three days, checked to be of their own accounts only. */
    const findingsOf = async (
      user: string,
      own: string[] | 'every account',
      others: string[],
    ) => {
      const result = await call(await as(user), 'list-findings', {
        windowDays: 3,
        limit: 100,
      });
      expect(result.isError).toBe(false);
      expect(result.output.refreshing).toEqual([]);
      expect(result.output.findings.length).toBeGreaterThan(0);
      const outside = result.output.findings.filter(
        (f: { accountId: string }) =>
          own !== 'every account' && !own.includes(f.accountId),
      );
      expect(outside).toEqual([]);
      for (const id of others)
        expect(accountIdsIn(result.output).has(id)).toBe(false);
      return result.output.findings as { id: string; accountId: string }[];
    };
    const alice = await findingsOf('alice', ALICE, CAROL);
    const carol = await findingsOf('carol', CAROL, ALICE);
    // the platform owners see both teams'
    const pat = new Set(
      (await findingsOf('pat', 'every account', [])).map(f => f.accountId),
    );
    expect(ALICE.some(id => pat.has(id))).toBe(true);
    expect(CAROL.some(id => pat.has(id))).toBe(true);

    // one finding in full, with its remediation; another team's finding is not found
    const one = await call(await as('alice'), 'get-finding', {
      findingId: alice[0].id,
    });
    expect(one.isError).toBe(false);
    expect(one.output).toMatchObject({
      id: alice[0].id,
      link: expect.stringContaining('/security-lake?tab=findings&finding='),
      remediation: { text: expect.any(String), references: expect.any(Array) },
    });
    const theirs = await call(await as('alice'), 'get-finding', {
      findingId: carol[0].id,
    });
    expect(theirs.isError).toBe(true);
    expect(theirs.text).toMatch(/^NotFoundError: No finding/);
  });

  it("runs a library query for the user's account and answers with its rows, never another team's", async () => {
    const alice = await as('alice');
    const { output: library } = await call(alice, 'list-library-queries', {
      source: 'CLOUD_TRAIL_MGMT',
    });
    expect(library.queries.map((q: any) => q.id)).toContain(
      'cloudtrail-iam-changes',
    );

    const run = await call(alice, 'run-library-query', {
      queryId: 'cloudtrail-iam-changes',
      accountIds: ['111111111111'],
      waitSeconds: 60,
      maxRows: 5,
    });
    expect(run.isError).toBe(false);
    expect(run.output).toMatchObject({
      state: 'SUCCEEDED',
      accountIds: ['111111111111'],
      rowCount: expect.any(Number),
      link: expect.stringContaining(`/security-lake?tab=queries&run=`),
    });
    expect(run.output.rows.length).toBeGreaterThan(0);
    expect(run.output.rows.length).toBeLessThanOrEqual(5);
    for (const id of [...CAROL, '222222222222']) {
      expect(accountIdsIn(run.output.rows).has(id)).toBe(false);
    }

    // the run is the user's: they page it; the other team cannot see it
    const page = await call(alice, 'get-run', {
      runId: run.output.runId,
      cursor: run.output.nextCursor,
      maxRows: 5,
    });
    expect(page.output.state).toBe('SUCCEEDED');
    const carolReads = await call(await as('carol'), 'get-run', {
      runId: run.output.runId,
    });
    expect(carolReads.isError).toBe(true);
    expect(carolReads.text).toMatch(/^NotFoundError: No query run/);

    // naming the other team's account is refused before anything runs
    const theirs = await call(alice, 'run-library-query', {
      queryId: 'cloudtrail-iam-changes',
      accountIds: ['333333333333'],
    });
    expect(theirs.isError).toBe(true);
    expect(theirs.text).toMatch(/333333333333/);
  });

  it("bounds ad-hoc SQL to the user's accounts whatever it names, and offers it only to those allowed", async () => {
    const alice = await as('alice');
    const sql =
      "SELECT accountid, count(*) AS calls FROM amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0 WHERE accountid IN ('111111111111', '333333333333') GROUP BY 1";
    const check = await call(alice, 'check-sql', { sql });
    expect(check.output).toMatchObject({ valid: true });
    const run = await call(alice, 'run-sql', {
      sql,
      accountIds: ['111111111111'],
      region: 'us-east-1',
      waitSeconds: 60,
    });
    expect(run.output.state).toBe('SUCCEEDED');
    expect(run.output.rows.map((r: any) => r[0])).toEqual(['111111111111']);

    // checkout may not write SQL: the tools are not offered, and a call is refused
    const carol = await as('carol');
    const names = (await carol.listTools()).tools.map(t => t.name);
    expect(names).toContain('security-lake.list-findings');
    expect(names).not.toContain('security-lake.run-sql');
    const refused = await call(carol, 'run-sql', {
      sql,
      accountIds: ['333333333333'],
    });
    expect(refused.isError).toBe(true);
  });

  it('lists the coverage gaps of the user’s accounts with what to do about each', async () => {
    const { output, isError } = await call(
      await as('carol'),
      'list-coverage-gaps',
      {},
    );
    expect(isError).toBe(false);
    expect(output.accounts).toBe(2);
    expect(output.gaps.length).toBeGreaterThan(0);
    for (const gap of output.gaps) {
      expect(CAROL).toContain(gap.accountId);
      expect(gap.remediation.length).toBeGreaterThan(20);
    }
    // checkout-dev stopped sending six days ago: stale, as the coverage matrix shows it
    expect(output.gaps).toContainEqual(
      expect.objectContaining({ accountId: '444444444444', health: 'stale' }),
    );
  });

  it('answers a bad value with an error that names the field, and starts nothing', async () => {
    const alice = await as('alice');
    const cases: [string, object, RegExp][] = [
      [
        'list-findings',
        { severity: ['Severe'] },
        /severity: "Severe" is not one of/,
      ],
      [
        'list-findings',
        { windowDays: 0 },
        /windowDays: must be a whole number/,
      ],
      [
        'list-findings',
        { accountId: '333333333333' },
        /No account 333333333333/,
      ],
      [
        'list-coverage-gaps',
        { health: ['broken'] },
        /health: "broken" is not one of/,
      ],
      [
        'list-coverage-gaps',
        { limit: 500 },
        /limit: must be a whole number from 1 to 50/,
      ],
      [
        'run-library-query',
        { queryId: 'no-such-query' },
        /queryId: no library query no-such-query/,
      ],
      [
        'run-library-query',
        {
          queryId: 'cloudtrail-iam-changes',
          accountIds: ['111111111111'],
          waitSeconds: 600,
        },
        /waitSeconds: must be a whole number from 0 to 60/,
      ],
      [
        'run-library-query',
        { queryId: 'cloudtrail-iam-changes', accountIds: ['1111'] },
        /accountIds/,
      ],
      [
        'run-sql',
        { sql: 'DROP TABLE x', accountIds: ['111111111111'] },
        /sql/i,
      ],
      [
        'start-finding-logs',
        { findingId: 'x', minutesAround: 2 },
        /minutesAround: must be a whole number from 5 to 1440/,
      ],
      // a wrong JSON type is refused by the registry against the schema the tool lists
      ['list-findings', { severity: 'Critical' }, /Invalid input/],
    ];
    const runs = async () =>
      (
        await request(backend.server)
          .get('/api/security-lake/runs?limit=100')
          .set('Authorization', `Bearer ${tokens.get('alice')}`)
      ).body.items.length;
    const before = await runs();
    for (const [name, args, message] of cases) {
      const result = await call(alice, name, args);
      expect({ name, isError: result.isError }).toEqual({
        name,
        isError: true,
      });
      expect(result.text).toMatch(message);
    }
    expect(await runs()).toBe(before);
  });

  it('gives a caller without a user no account data, unless configuration names its accounts', async () => {
    const assistant = await connect(SERVICE_TOKEN);
    const findings = await call(assistant, 'list-findings', {});
    expect(findings.isError).toBe(false);
    expect(findings.output).toMatchObject({ total: 0, findings: [] });
    const gaps = await call(assistant, 'list-coverage-gaps', {});
    expect(gaps.output).toMatchObject({ accounts: 0, gaps: [] });
    // a run is a person's: refused, whatever the accounts
    const run = await call(assistant, 'run-library-query', {
      queryId: 'cloudtrail-iam-changes',
      accountIds: ['111111111111'],
    });
    expect(run.isError).toBe(true);
    expect(run.text).toMatch(/acts for a signed-in user/);
    expect(accountIdsIn(run.text).has('111111111111')).toBe(false);

    // through the MCP server every caller without a user arrives as the MCP plugin itself (Backstage
    // issues the plugin's own token on a service's behalf), so a reader is named by its own subject only
    // where it calls the actions registry directly: the auditor may read checkout-prod, and nothing else
    const invoke = (action: string, input: object) =>
      request(backend.server)
        .post(
          `/api/security-lake/.backstage/actions/v1/actions/security-lake:${action}/invoke`,
        )
        .set('Authorization', `Bearer ${AUDITOR_TOKEN}`)
        .send(input);
    const theirs = await invoke('list-findings', { windowDays: 3, limit: 100 });
    expect(theirs.status).toBe(200);
    expect(theirs.body.output.findings.length).toBeGreaterThan(0);
    expect([...accountIdsIn(theirs.body.output)]).toEqual(['333333333333']);
    const auditorGaps = await invoke('list-coverage-gaps', {});
    expect(auditorGaps.body.output.accounts).toBe(1);
    const other = await invoke('list-findings', { accountId: '111111111111' });
    expect(other.status).toBe(404);
    const auditorRun = await invoke('run-library-query', {
      queryId: 'cloudtrail-iam-changes',
      accountIds: ['333333333333'],
    });
    expect(auditorRun.status).toBe(403);
  });
});
