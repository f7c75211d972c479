import { ResponseError } from '@backstage/errors';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import {
  AccountListResponse,
  QueryRun,
} from '@internal/plugin-security-lake-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SecurityLakeClient } from './SecurityLakeClient';

const baseUrl = 'http://localhost:7007/api/security-lake';

const accounts: AccountListResponse = {
  items: [
    {
      accountId: '111122223333',
      title: 'Payments production',
      entityRefs: ['resource:default/payments-prod'],
      owners: ['group:default/payments'],
      inCatalog: true,
      regions: ['us-east-1'],
      sources: [
        { source: 'CLOUD_TRAIL_MGMT', version: '2.0', regions: ['us-east-1'] },
      ],
    },
  ],
  refreshedAt: '2024-05-01T10:00:00.000Z',
};

const run: QueryRun = {
  id: 'run/1',
  queryId: 'iam-changes',
  title: 'IAM changes',
  sql: 'SELECT 1 WHERE accountid IN (?)',
  boundValues: ['111122223333'],
  parameters: { region: 'us-east-1' },
  accountIds: ['111122223333'],
  region: 'us-east-1',
  sourceVersion: '2.0',
  engine: 'athena',
  state: 'QUEUED',
  createdBy: 'user:default/jane',
  createdAt: '2024-05-01T10:00:00.000Z',
  cancelRequested: false,
};

function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

describe('SecurityLakeClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new SecurityLakeClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });

  it('reads the backend info', async () => {
    server.use(
      http.get(`${baseUrl}/info`, () =>
        HttpResponse.json({
          engine: 'duckdb',
          controlPlane: 'local',
          localMode: true,
        }),
      ),
    );

    await expect(client.getInfo()).resolves.toEqual({
      engine: 'duckdb',
      controlPlane: 'local',
      localMode: true,
    });
  });

  it('lists all accounts without a query string', async () => {
    const requested: string[] = [];
    server.use(
      http.get(`${baseUrl}/accounts`, ({ request }) => {
        requested.push(request.url);
        return HttpResponse.json(accounts);
      }),
    );

    await expect(client.listAccounts()).resolves.toEqual(accounts);
    expect(requested).toEqual([`${baseUrl}/accounts`]);
  });

  it('reads the disputed accounts', async () => {
    const conflicts = {
      items: [
        {
          accountId: '111122223333',
          claims: [
            { entityRef: 'resource:default/a', owners: ['group:default/a'] },
            { entityRef: 'resource:default/b', owners: ['group:default/b'] },
          ],
        },
      ],
    };
    const requested: string[] = [];
    server.use(
      http.get(`${baseUrl}/accounts/conflicts`, ({ request }) => {
        requested.push(request.url);
        return HttpResponse.json(conflicts);
      }),
    );
    await expect(client.listAccountConflicts()).resolves.toEqual(conflicts);
    expect(requested).toEqual([`${baseUrl}/accounts/conflicts`]);
  });

  it('encodes the entity ref in the query', async () => {
    const requested: URL[] = [];
    server.use(
      http.get(`${baseUrl}/accounts`, ({ request }) => {
        requested.push(new URL(request.url));
        return HttpResponse.json({ items: [] });
      }),
    );

    await expect(
      client.listAccounts({ entityRef: 'system:default/payments & billing' }),
    ).resolves.toEqual({ items: [] });
    expect(requested).toHaveLength(1);
    expect(requested[0].search).toBe(
      '?entityRef=system%3Adefault%2Fpayments%20%26%20billing',
    );
    expect(requested[0].searchParams.get('entityRef')).toBe(
      'system:default/payments & billing',
    );
  });

  it('maps backend errors to a ResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/accounts`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Not allowed' },
            request: { method: 'GET', url: '/api/security-lake/accounts' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );

    const error = await client.listAccounts().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error).toEqual({
      name: 'NotAllowedError',
      message: 'Not allowed',
    });
    expect(error.cause).toMatchObject({
      name: 'NotAllowedError',
      message: 'Not allowed',
    });
  });

  it('maps non-JSON failures to a ResponseError', async () => {
    server.use(
      http.get(
        `${baseUrl}/info`,
        () => new HttpResponse('upstream unavailable', { status: 502 }),
      ),
    );

    const error = await client.getInfo().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
  });

  it('sends coverage filters and paging as query parameters', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${baseUrl}/coverage`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({ items: [] });
      }),
    );
    await client.listCoverage(
      {
        health: ['stale', 'absent'],
        source: ['VPC_FLOW', 'ext:okta_sso'],
        region: 'eu-west-1',
        q: 'pay ments',
        entityRef: 'system:default/payments',
      },
      { cursor: 'abc', limit: 50 },
    );
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      health: 'stale,absent',
      source: 'VPC_FLOW,ext:okta_sso',
      region: 'eu-west-1',
      q: 'pay ments',
      entityRef: 'system:default/payments',
      cursor: 'abc',
      limit: '50',
    });
  });

  it('encodes the account id and surfaces a 404 as a ResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/coverage/accounts/:id`, ({ params }) =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: `No coverage for account ${params.id}`,
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await expect(
      client.getAccountCoverage('333333333333'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      body: {
        error: { message: 'No coverage for account 333333333333' },
      },
    });
  });

  it('downloads the CSV and posts a refresh request', async () => {
    let method: string | undefined;
    server.use(
      http.get(
        `${baseUrl}/coverage.csv`,
        () =>
          new HttpResponse('account_id\n111122223333\n', {
            headers: { 'Content-Type': 'text/csv' },
          }),
      ),
      http.post(`${baseUrl}/coverage/refresh`, ({ request }) => {
        method = request.method;
        return HttpResponse.json(
          { requestedAt: '2026-11-20T10:00:00.000Z' },
          { status: 202 },
        );
      }),
    );
    const csv = await client.exportCoverage({ health: ['stale'] });
    expect(await csv.text()).toBe('account_id\n111122223333\n');
    await expect(client.refreshCoverage()).resolves.toEqual({
      requestedAt: '2026-11-20T10:00:00.000Z',
    });
    expect(method).toBe('POST');
  });

  describe('saved queries and runs', () => {
    it('lists the library with its filters, and without a query string when there are none', async () => {
      const urls: URL[] = [];
      server.use(
        http.get(`${baseUrl}/queries`, ({ request }) => {
          urls.push(new URL(request.url));
          return HttpResponse.json({ items: [] });
        }),
      );
      await client.listQueries();
      await client.listQueries({
        q: 'iam users',
        source: 'CLOUD_TRAIL_MGMT',
        tag: '',
      });
      expect(urls[0].search).toBe('');
      expect(Object.fromEntries(urls[1].searchParams)).toEqual({
        q: 'iam users',
        source: 'CLOUD_TRAIL_MGMT',
      });
    });

    it('reads one query by its encoded id', async () => {
      let path: string | undefined;
      server.use(
        http.get(`${baseUrl}/queries/:id`, ({ request }) => {
          path = new URL(request.url).pathname;
          return HttpResponse.json({ query: { id: 'a b' }, availability: [] });
        }),
      );
      await expect(client.getQuery('a b')).resolves.toEqual({
        query: { id: 'a b' },
        availability: [],
      });
      expect(path).toBe('/api/security-lake/queries/a%20b');
    });

    it('posts a run request as JSON', async () => {
      let received:
        | { method: string; type: string | null; body: unknown }
        | undefined;
      server.use(
        http.post(`${baseUrl}/runs`, async ({ request }) => {
          received = {
            method: request.method,
            type: request.headers.get('content-type'),
            body: await request.json(),
          };
          return HttpResponse.json(run, { status: 202 });
        }),
      );
      const request = {
        queryId: 'iam-changes',
        parameters: {
          region: 'us-east-1',
          start: '2024-05-01T09:00:00.000Z',
          limit: 10,
        },
        accountIds: ['111122223333'],
        entityRef: 'system:default/payments',
      };
      await expect(client.startRun(request)).resolves.toEqual(run);
      expect(received).toEqual({
        method: 'POST',
        type: 'application/json',
        body: request,
      });
    });

    it("throws the server's message when a run is refused", async () => {
      server.use(
        http.post(`${baseUrl}/runs`, () =>
          errorResponse(
            403,
            'NotAllowedError',
            'accountIds: you may not query account 333333333333',
          ),
        ),
      );
      const error = await client
        .startRun({ queryId: 'iam-changes', accountIds: ['333333333333'] })
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(403);
      expect(error.body.error.message).toBe(
        'accountIds: you may not query account 333333333333',
      );
      expect(error.cause.message).toBe(
        'accountIds: you may not query account 333333333333',
      );
    });

    it('lists runs by owner, entity and query with a cursor', async () => {
      const urls: URL[] = [];
      server.use(
        http.get(`${baseUrl}/runs`, ({ request }) => {
          urls.push(new URL(request.url));
          return HttpResponse.json({ items: [run], nextCursor: 'next' });
        }),
      );
      await expect(client.listRuns({ mine: true })).resolves.toEqual({
        items: [run],
        nextCursor: 'next',
      });
      await client.listRuns(
        {
          entityRef: 'system:default/payments',
          queryId: 'iam-changes',
          mine: false,
        },
        { cursor: 'c1', limit: 10 },
      );
      expect(urls[0].search).toBe('?mine=true');
      expect(Object.fromEntries(urls[1].searchParams)).toEqual({
        entityRef: 'system:default/payments',
        queryId: 'iam-changes',
        cursor: 'c1',
        limit: '10',
      });
    });

    it('reads a run, optionally waiting for it, and surfaces a 404', async () => {
      const urls: URL[] = [];
      server.use(
        http.get(`${baseUrl}/runs/:id`, ({ request, params }) => {
          urls.push(new URL(request.url));
          return params.id === 'gone'
            ? errorResponse(404, 'NotFoundError', 'No query run gone')
            : HttpResponse.json(run);
        }),
      );
      await expect(client.getRun('run/1')).resolves.toEqual(run);
      await client.getRun('run/1', { waitSeconds: 20 });
      expect(urls[0].pathname).toBe('/api/security-lake/runs/run%2F1');
      expect(urls[0].search).toBe('');
      expect(urls[1].search).toBe('?waitSeconds=20');
      await expect(client.getRun('gone')).rejects.toMatchObject({
        statusCode: 404,
        body: { error: { message: 'No query run gone' } },
      });
    });

    it('pages through results with the cursor, and says why there are none yet', async () => {
      const urls: URL[] = [];
      server.use(
        http.get(`${baseUrl}/runs/:id/results`, ({ request, params }) => {
          urls.push(new URL(request.url));
          return params.id === 'r2'
            ? errorResponse(
                409,
                'ConflictError',
                'Run r2 is running; its results come once it has succeeded',
              )
            : HttpResponse.json({
                columns: [{ name: 'n', type: 'integer' }],
                rows: [['1'], [null]],
              });
        }),
      );
      await expect(
        client.getRunResults('r1', { cursor: 'tok/en+', limit: 500 }),
      ).resolves.toEqual({
        columns: [{ name: 'n', type: 'integer' }],
        rows: [['1'], [null]],
      });
      expect(urls[0].searchParams.get('cursor')).toBe('tok/en+');
      expect(urls[0].searchParams.get('limit')).toBe('500');
      await expect(client.getRunResults('r2')).rejects.toMatchObject({
        statusCode: 409,
        body: {
          error: {
            message:
              'Run r2 is running; its results come once it has succeeded',
          },
        },
      });
    });

    it('sets the auth cookie before giving the CSV link, and posts a cancel', async () => {
      let cancelled: { method: string; path: string } | undefined;
      let cookieAsked = 0;
      server.use(
        http.get(`${baseUrl}/.backstage/auth/v1/cookie`, () => {
          cookieAsked++;
          return HttpResponse.json({ expiresAt: '2026-11-23T12:00:00Z' });
        }),
        http.post(`${baseUrl}/runs/:id/cancel`, ({ request }) => {
          cancelled = {
            method: request.method,
            path: new URL(request.url).pathname,
          };
          return HttpResponse.json(
            { ...run, cancelRequested: true },
            { status: 202 },
          );
        }),
      );
      expect(await client.getRunResultsDownloadUrl('r/1')).toBe(
        `${baseUrl}/runs/r%2F1/results.csv`,
      );
      expect(cookieAsked).toBe(1);
      await expect(client.cancelRun('run/1')).resolves.toMatchObject({
        cancelRequested: true,
      });
      expect(cancelled).toEqual({
        method: 'POST',
        path: '/api/security-lake/runs/run%2F1/cancel',
      });
    });

    it("throws the server's message when a cancel comes too late", async () => {
      server.use(
        http.post(`${baseUrl}/runs/:id/cancel`, () =>
          errorResponse(
            409,
            'ConflictError',
            'Run r1 has already ended (SUCCEEDED)',
          ),
        ),
      );
      await expect(client.cancelRun('r1')).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 409,
        cause: { message: 'Run r1 has already ended (SUCCEEDED)' },
      });
    });
  });
  describe('ad-hoc SQL, team saved queries and named queries', () => {
    type Received = {
      method: string;
      path: string;
      type: string | null;
      body: unknown;
    };
    async function receive(request: Request): Promise<Received> {
      const url = new URL(request.url);
      const text = await request.text();
      return {
        method: request.method,
        path: `${url.pathname}${url.search}`,
        type: request.headers.get('content-type'),
        body: text ? JSON.parse(text) : undefined,
      };
    }

    const saved = {
      id: 'sq/1',
      name: 'Console logins',
      ownerRef: 'group:default/payments',
      sql: 'SELECT 1',
      createdBy: 'user:default/jane',
      createdAt: '2024-05-01T10:00:00.000Z',
      updatedBy: 'user:default/jane',
      updatedAt: '2024-05-01T10:00:00.000Z',
    };

    it('posts the SQL to check as JSON and reads its problems', async () => {
      const received: Received[] = [];
      const result = {
        valid: false,
        problems: [{ message: 'syntax error', line: 2, column: 6 }],
        tables: [],
      };
      server.use(
        http.post(`${baseUrl}/sql/check`, async ({ request }) => {
          received.push(await receive(request));
          return HttpResponse.json(result);
        }),
      );
      await expect(
        client.checkSql({ sql: 'SELECT *\nFORM t', region: 'us-east-1' }),
      ).resolves.toEqual(result);
      expect(received).toEqual([
        {
          method: 'POST',
          path: '/api/security-lake/sql/check',
          type: 'application/json',
          body: { sql: 'SELECT *\nFORM t', region: 'us-east-1' },
        },
      ]);
    });

    it("lists a region's tables with the region in the query", async () => {
      const urls: URL[] = [];
      server.use(
        http.get(`${baseUrl}/query-tables`, ({ request }) => {
          urls.push(new URL(request.url));
          return HttpResponse.json({ region: 'eu-west-1', items: [] });
        }),
      );
      await expect(client.listQueryTables('eu-west-1')).resolves.toEqual({
        region: 'eu-west-1',
        items: [],
      });
      expect(urls[0].search).toBe('?region=eu-west-1');
    });

    it('posts an ad-hoc run with its window, region and title as given', async () => {
      const received: Received[] = [];
      server.use(
        http.post(`${baseUrl}/runs`, async ({ request }) => {
          received.push(await receive(request));
          return HttpResponse.json(run, { status: 202 });
        }),
      );
      const request = {
        sql: 'SELECT 1',
        window: {
          start: '2024-05-01T09:00:00.000Z',
          end: '2024-05-01T10:00:00.000Z',
        },
        parameters: { region: 'us-east-1' },
        accountIds: ['111122223333'],
        title: 'Ad-hoc SQL',
      };
      await client.startRun(request);
      expect(received).toEqual([
        {
          method: 'POST',
          path: '/api/security-lake/runs',
          type: 'application/json',
          body: request,
        },
      ]);
    });

    it('lists, reads, creates, replaces and deletes team saved queries', async () => {
      const received: Received[] = [];
      const answer = async (request: Request, status = 200) => {
        received.push(await receive(request));
        return status === 204
          ? new HttpResponse(null, { status })
          : HttpResponse.json(
              request.method === 'GET' &&
                new URL(request.url).pathname.endsWith('/saved-queries')
                ? { items: [saved] }
                : saved,
              { status },
            );
      };
      server.use(
        http.get(`${baseUrl}/saved-queries`, ({ request }) => answer(request)),
        http.post(`${baseUrl}/saved-queries`, ({ request }) =>
          answer(request, 201),
        ),
        http.get(`${baseUrl}/saved-queries/:id`, ({ request }) =>
          answer(request),
        ),
        http.put(`${baseUrl}/saved-queries/:id`, ({ request }) =>
          answer(request),
        ),
        http.delete(`${baseUrl}/saved-queries/:id`, ({ request }) =>
          answer(request, 204),
        ),
      );
      await expect(client.listTeamSavedQueries()).resolves.toEqual({
        items: [saved],
      });
      await expect(client.getTeamSavedQuery('sq/1')).resolves.toEqual(saved);
      const input = {
        name: 'Console logins',
        description: 'Who signed in',
        ownerRef: 'group:default/payments',
        sql: 'SELECT 1',
      };
      await expect(client.createTeamSavedQuery(input)).resolves.toEqual(saved);
      const library = {
        name: 'IAM changes by deploy-bot',
        ownerRef: 'group:default/payments',
        queryId: 'iam-changes',
        parameters: { principal: 'deploy-bot', limit: 10 },
      };
      await client.updateTeamSavedQuery('sq/1', library);
      await expect(client.deleteTeamSavedQuery('sq/1')).resolves.toBe(
        undefined,
      );
      expect(received).toEqual([
        {
          method: 'GET',
          path: '/api/security-lake/saved-queries',
          type: null,
          body: undefined,
        },
        {
          method: 'GET',
          path: '/api/security-lake/saved-queries/sq%2F1',
          type: null,
          body: undefined,
        },
        {
          method: 'POST',
          path: '/api/security-lake/saved-queries',
          type: 'application/json',
          body: input,
        },
        {
          method: 'PUT',
          path: '/api/security-lake/saved-queries/sq%2F1',
          type: 'application/json',
          body: library,
        },
        {
          method: 'DELETE',
          path: '/api/security-lake/saved-queries/sq%2F1',
          type: null,
          body: undefined,
        },
      ]);
    });

    it("throws the server's message when a name is taken", async () => {
      server.use(
        http.post(`${baseUrl}/saved-queries`, () =>
          errorResponse(
            409,
            'ConflictError',
            'name: payments already has a query called Console logins',
          ),
        ),
      );
      await expect(
        client.createTeamSavedQuery({
          name: 'Console logins',
          sql: 'SELECT 1',
        }),
      ).rejects.toMatchObject({
        statusCode: 409,
        cause: {
          message: 'name: payments already has a query called Console logins',
        },
      });
    });

    it('lists the Athena named queries', async () => {
      const named = {
        items: [
          {
            id: 'nq-1',
            name: 'Root logins',
            workGroup: 'primary',
            sql: 'SELECT 1',
          },
        ],
      };
      const paths: string[] = [];
      server.use(
        http.get(`${baseUrl}/named-queries`, ({ request }) => {
          paths.push(new URL(request.url).pathname);
          return HttpResponse.json(named);
        }),
      );
      await expect(client.listNamedQueries()).resolves.toEqual(named);
      expect(paths).toEqual(['/api/security-lake/named-queries']);
    });
  });

  describe('findings', () => {
    const snapshots = [
      { accountId: '111122223333', region: 'us-east-1', state: 'ready' },
    ];

    it('asks for the summary and the trend with the scope only, and no query string without one', async () => {
      const urls: URL[] = [];
      server.use(
        http.get(`${baseUrl}/findings/summary`, ({ request }) => {
          urls.push(new URL(request.url));
          return HttpResponse.json({ total: 3, snapshots });
        }),
        http.get(`${baseUrl}/findings/trend`, ({ request }) => {
          urls.push(new URL(request.url));
          return HttpResponse.json({ days: [], snapshots });
        }),
      );
      await expect(client.getFindingsSummary({})).resolves.toEqual({
        total: 3,
        snapshots,
      });
      const filter = {
        accountId: '111122223333',
        entityRef: 'system:default/payments & billing',
        windowDays: 30,
        // the list's filters: neither endpoint takes them
        severity: ['Critical' as const],
        status: ['New'],
        region: 'us-east-1',
      };
      await client.getFindingsSummary(filter, { waitSeconds: 0 });
      await client.getFindingsTrend(filter, { waitSeconds: 5 });
      expect(urls.map(u => `${u.pathname}${u.search}`)).toEqual([
        '/api/security-lake/findings/summary',
        '/api/security-lake/findings/summary?accountId=111122223333&entityRef=system%3Adefault%2Fpayments+%26+billing&windowDays=30&waitSeconds=0',
        '/api/security-lake/findings/trend?accountId=111122223333&entityRef=system%3Adefault%2Fpayments+%26+billing&windowDays=30&waitSeconds=5',
      ]);
      expect(urls[1].searchParams.get('entityRef')).toBe(
        'system:default/payments & billing',
      );
    });

    it('lists findings with every filter, the severities and statuses comma-separated, and the cursor', async () => {
      const urls: URL[] = [];
      server.use(
        http.get(`${baseUrl}/findings`, ({ request }) => {
          urls.push(new URL(request.url));
          return HttpResponse.json({ items: [], total: 0, snapshots });
        }),
      );
      await client.listFindings({});
      await client.listFindings(
        {
          entityRef: 'system:default/payments',
          windowDays: 7,
          severity: ['Critical', 'High'],
          status: ['New', 'Notified'],
          findingType: 'Compliance Finding',
          product: 'Security Hub',
          resourceType: 'AwsS3Bucket',
          region: 'eu-west-1',
          cursor: 'tok/en+',
          limit: 50,
        },
        { waitSeconds: 2 },
      );
      expect(urls[0].search).toBe('');
      expect(urls[1].search).toBe(
        '?entityRef=system%3Adefault%2Fpayments&windowDays=7&waitSeconds=2&severity=Critical%2CHigh&status=New%2CNotified&findingType=Compliance+Finding&product=Security+Hub&resourceType=AwsS3Bucket&region=eu-west-1&cursor=tok%2Fen%2B&limit=50',
      );
      expect(Object.fromEntries(urls[1].searchParams)).toMatchObject({
        severity: 'Critical,High',
        status: 'New,Notified',
        cursor: 'tok/en+',
      });
    });

    it('reads one finding by its encoded uid, and surfaces a 404', async () => {
      const uid =
        'arn:aws:securityhub:us-east-1:111122223333:subscription/aws-foundational-security-best-practices/v/1.0.0/S3.8/finding/0a1b';
      const paths: string[] = [];
      server.use(
        http.get(`${baseUrl}/findings/:id`, ({ request, params }) => {
          const url = new URL(request.url);
          paths.push(`${url.pathname}${url.search}`);
          return params.id === 'gone'
            ? errorResponse(404, 'NotFoundError', 'No finding gone')
            : HttpResponse.json({ id: params.id });
        }),
      );
      await expect(client.getFinding(uid)).resolves.toEqual({ id: uid });
      await client.getFinding('a b', { waitSeconds: 10 });
      expect(paths).toEqual([
        `/api/security-lake/findings/${encodeURIComponent(uid)}`,
        '/api/security-lake/findings/a%20b?waitSeconds=10',
      ]);
      expect(paths[0]).toContain('arn%3Aaws%3Asecurityhub');
      expect(paths[0]).not.toContain('/finding/0a1b');
      await expect(client.getFinding('gone')).rejects.toMatchObject({
        statusCode: 404,
        body: { error: { message: 'No finding gone' } },
      });
    });

    it('posts the minutes around a finding as JSON, and an empty body without them', async () => {
      const received: { path: string; type: string | null; body: unknown }[] =
        [];
      const started = {
        findingId: 'f/1',
        accountId: '111122223333',
        region: 'us-east-1',
        match: { resourceUid: 'i-0abc', instanceId: 'i-0abc' },
        window: {
          start: '2024-05-01T09:00:00.000Z',
          end: '2024-05-01T11:00:00.000Z',
        },
        runs: [
          {
            source: 'CLOUD_TRAIL_MGMT',
            queryId: 'resource-activity',
            runId: 'run-9',
            title: 'Activity on a resource',
          },
        ],
        skipped: [],
      };
      server.use(
        http.post(
          `${baseUrl}/findings/:id/context-runs`,
          async ({ request }) => {
            received.push({
              path: new URL(request.url).pathname,
              type: request.headers.get('content-type'),
              body: await request.json(),
            });
            return HttpResponse.json(started, { status: 202 });
          },
        ),
      );
      await expect(
        client.startFindingContextRuns('f/1', { minutesAround: 15 }),
      ).resolves.toEqual(started);
      await client.startFindingContextRuns('f/1');
      expect(received).toEqual([
        {
          path: '/api/security-lake/findings/f%2F1/context-runs',
          type: 'application/json',
          body: { minutesAround: 15 },
        },
        {
          path: '/api/security-lake/findings/f%2F1/context-runs',
          type: 'application/json',
          body: {},
        },
      ]);
    });

    it("throws the server's message when the logs around a finding may not be run", async () => {
      server.use(
        http.post(`${baseUrl}/findings/:id/context-runs`, () =>
          errorResponse(
            403,
            'NotAllowedError',
            'You may not run queries on account 111122223333',
          ),
        ),
      );
      await expect(
        client.startFindingContextRuns('f1', { minutesAround: 60 }),
      ).rejects.toMatchObject({
        statusCode: 403,
        cause: { message: 'You may not run queries on account 111122223333' },
      });
    });
  });

  describe('subscriber requests', () => {
    const detail = {
      id: 'sr/1',
      subscriberName: 'payments-analytics',
      state: 'pending',
      actions: ['approve', 'reject'],
    };

    async function receive(request: Request) {
      const url = new URL(request.url);
      const text = await request.text();
      return {
        method: request.method,
        path: `${url.pathname}${url.search}`,
        type: request.headers.get('content-type'),
        body: text ? JSON.parse(text) : undefined,
      };
    }

    it('posts a request, lists by state, reads one, and posts each decision to its path', async () => {
      const received: unknown[] = [];
      server.use(
        http.post(`${baseUrl}/subscriber-requests`, async ({ request }) => {
          received.push(await receive(request));
          return HttpResponse.json(detail, { status: 201 });
        }),
        http.get(`${baseUrl}/subscriber-requests`, async ({ request }) => {
          received.push(await receive(request));
          return HttpResponse.json({ items: [detail] });
        }),
        http.get(`${baseUrl}/subscriber-requests/:id`, async ({ request }) => {
          received.push(await receive(request));
          return HttpResponse.json(detail);
        }),
        http.post(
          `${baseUrl}/subscriber-requests/:id/:action`,
          async ({ request }) => {
            received.push(await receive(request));
            return HttpResponse.json(detail);
          },
        ),
      );
      const input = {
        subscriberName: 'payments-analytics',
        principal: '999988887777',
        externalId: 'ext-1',
        ownerRef: 'group:default/payments',
        accountIds: ['111122223333'],
        sources: [
          { source: 'CLOUD_TRAIL_MGMT' as const, version: '2.0' as const },
        ],
        regions: ['us-east-1'],
        accessType: 'LAKEFORMATION' as const,
        scope: 'team' as const,
        justification: 'Fraud analytics over our own CloudTrail',
      };
      await expect(client.createSubscriberRequest(input)).resolves.toEqual(
        detail,
      );
      await expect(client.listSubscriberRequests()).resolves.toEqual({
        items: [detail],
      });
      await client.listSubscriberRequests({ state: 'pending' });
      await expect(client.getSubscriberRequest('sr/1')).resolves.toEqual(
        detail,
      );
      await client.decideSubscriberRequest('sr/1', 'approve', {
        comment: 'Fine',
        widenToAllAccounts: true,
      });
      await client.decideSubscriberRequest('sr/1', 'reject', {
        comment: 'Use team scope',
      });
      await client.decideSubscriberRequest('sr/1', 'revoke');
      await expect(
        client.decideSubscriberRequest('sr/1', 'retry', {}),
      ).resolves.toEqual(detail);

      const json = 'application/json';
      const path = '/api/security-lake/subscriber-requests';
      expect(received).toEqual([
        { method: 'POST', path, type: json, body: input },
        { method: 'GET', path, type: null, body: undefined },
        {
          method: 'GET',
          path: `${path}?state=pending`,
          type: null,
          body: undefined,
        },
        {
          method: 'GET',
          path: `${path}/sr%2F1`,
          type: null,
          body: undefined,
        },
        {
          method: 'POST',
          path: `${path}/sr%2F1/approve`,
          type: json,
          body: { comment: 'Fine', widenToAllAccounts: true },
        },
        {
          method: 'POST',
          path: `${path}/sr%2F1/reject`,
          type: json,
          body: { comment: 'Use team scope' },
        },
        { method: 'POST', path: `${path}/sr%2F1/revoke`, type: json, body: {} },
        { method: 'POST', path: `${path}/sr%2F1/retry`, type: json, body: {} },
      ]);
    });

    it("throws the server's message naming the field it refuses", async () => {
      server.use(
        http.post(`${baseUrl}/subscriber-requests`, () =>
          errorResponse(
            400,
            'InputError',
            'externalId: must be 2–1224 characters of letters, digits and + = , . @ : / _ -',
          ),
        ),
        http.post(`${baseUrl}/subscriber-requests/:id/approve`, () =>
          errorResponse(
            409,
            'ConflictError',
            'The request is no longer pending',
          ),
        ),
      );
      await expect(
        client.createSubscriberRequest({
          subscriberName: 'x',
          principal: '999988887777',
          externalId: '!',
          accountIds: ['111122223333'],
          sources: [{ source: 'CLOUD_TRAIL_MGMT', version: '2.0' }],
          regions: ['us-east-1'],
          accessType: 'LAKEFORMATION',
          justification: 'Fraud analytics',
        }),
      ).rejects.toMatchObject({
        statusCode: 400,
        cause: {
          message:
            'externalId: must be 2–1224 characters of letters, digits and + = , . @ : / _ -',
        },
      });
      await expect(
        client.decideSubscriberRequest('sr-1', 'approve'),
      ).rejects.toMatchObject({
        statusCode: 409,
        cause: { message: 'The request is no longer pending' },
      });
    });
  });
});
