import { ResponseError } from '@backstage/errors';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { AccountListResponse } from '@internal/plugin-security-lake-common';
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
});
