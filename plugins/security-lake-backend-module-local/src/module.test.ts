import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import securityLakePlugin from '@internal/plugin-security-lake-backend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { generateLake } from './lake/generateLake';
import { securityLakeModuleLocal } from './module';

jest.setTimeout(120_000);

const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'payments-dev',
      annotations: { 'amazonaws.com/account-id': '222222222222' },
    },
    spec: { type: 'cloud-account', owner: 'group:default/team-payments' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-payments' }],
  },
];

describe('the local module', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-lake-local-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function start(securityLake: object, { refreshNow = true } = {}) {
    let refresh: () => Promise<void> = async () => {};
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: jest.fn(async task => {
        // the coverage refresh, not the other scheduled tasks
        if (task.id !== 'security-lake-coverage-refresh') return;
        refresh = async () => task.fn(new AbortController().signal);
      }),
    });
    const backend = await startTestBackend({
      features: [
        securityLakePlugin,
        securityLakeModuleLocal,
        catalogServiceMock.factory({ entities: ENTITIES }),
        scheduler.factory,
        // everything allowed: the local module changes what answers, not who may see it
        mockServices.permissions.mock({
          authorizeConditional: async queries =>
            queries.map(() => ({ result: AuthorizeResult.ALLOW })),
        }).factory,
        mockServices.rootConfig.factory({ data: { securityLake } }),
      ],
    });
    if (refreshNow) await refresh();
    return { server: backend.server, stop: () => backend.stop() };
  }

  it('serves the demo from DuckDB and the local control plane over the lake folder', async () => {
    const lakeDir = path.join(dir, 'lake');
    // long enough for checkout-dev, which stopped six days ago, to be stale
    await generateLake({ lakeDir, days: 8 });
    const { server, stop } = await start({
      local: { lakeDir, resultsDir: path.join(dir, 'results') },
    });
    const as = {
      Authorization: mockCredentials.user.header('user:default/pat'),
    };

    const info = await request(server).get('/api/security-lake/info').set(as);
    expect(info.body).toEqual({
      engine: 'duckdb',
      controlPlane: 'local',
      localMode: true,
    });

    const accounts = await request(server)
      .get('/api/security-lake/accounts')
      .set(as);
    const byId = new Map<string, any>(
      accounts.body.items.map((a: any) => [a.accountId, a]),
    );
    // the sample lake's deliberate gaps, read from the folder
    expect(byId.get('222222222222')).toMatchObject({
      inCatalog: true,
      title: 'payments-dev',
    });
    expect(
      byId.get('222222222222').sources.map((s: any) => s.source),
    ).not.toContain('ROUTE53');
    expect(
      byId.get('111111111111').sources.map((s: any) => s.source),
    ).toContain('ROUTE53');
    expect(byId.get('777777777777')).toMatchObject({ inCatalog: false });

    // coverage from the control plane and one DuckDB aggregate per table: the sample lake's gaps
    const coverage = await request(server)
      .get('/api/security-lake/coverage')
      .set(as);
    expect(coverage.status).toBe(200);
    const row = (id: string) =>
      coverage.body.items.find((a: any) => a.accountId === id);
    expect(coverage.body.sources.map((s: any) => s.key)).toEqual([
      'CLOUD_TRAIL_MGMT',
      'SH_FINDINGS',
      'VPC_FLOW',
      'ROUTE53',
      'S3_DATA',
      'LAMBDA_EXECUTION',
      'EKS_AUDIT',
      'WAF',
      'ext:okta_sso',
    ]);
    expect(row('111111111111').sources.VPC_FLOW).toMatchObject({
      health: 'healthy',
      regionCount: 2,
      healthyRegions: 2,
    });
    expect(
      row('111111111111')
        .sources.VPC_FLOW.volume.slice(-2)
        .every((n: number) => n > 0),
    ).toBe(true);
    expect(row('111111111111').sources['ext:okta_sso']).toMatchObject({
      health: 'healthy',
      regionCount: 1,
    });
    expect(row('222222222222').sources.ROUTE53).toBeUndefined();
    expect(row('333333333333').sources.VPC_FLOW).toMatchObject({
      health: 'misconfigured',
      exceptionCount: 1,
    });
    expect(row('333333333333').sources.ROUTE53).toMatchObject({
      health: 'absent',
      regionCount: 3,
      healthyRegions: 2,
    });
    expect(row('666666666666').sources.CLOUD_TRAIL_MGMT).toMatchObject({
      health: 'not_collecting',
      regionCount: 2,
      healthyRegions: 1,
    });
    // log-archive still writes source version 1 in us-east-1, and its events are counted there
    const logArchive = await request(server)
      .get('/api/security-lake/coverage/accounts/666666666666')
      .set(as);
    expect(logArchive.body.cells).toContainEqual(
      expect.objectContaining({
        region: 'us-east-1',
        source: 'CLOUD_TRAIL_MGMT',
        version: '1.0',
        health: 'healthy',
      }),
    );
    // filtered to one region, each cell answers for that region
    const sydney = await request(server)
      .get('/api/security-lake/coverage')
      .query({ region: 'ap-southeast-2', source: 'ROUTE53' })
      .set(as);
    expect(
      sydney.body.items.find((a: any) => a.accountId === '333333333333').sources
        .ROUTE53,
    ).toMatchObject({ health: 'absent', regionCount: 1, healthyRegions: 0 });
    expect(coverage.body.regionExceptions).toEqual([
      expect.objectContaining({
        region: 'eu-west-1',
        remediation: expect.stringMatching(/Glue API quota/),
      }),
    ]);

    // gaps only: a custom source is not missing where it was never meant to be
    const gaps = await request(server)
      .get('/api/security-lake/coverage')
      .query({ health: 'stale,misconfigured,not_collecting,absent' })
      .set(as);
    expect(gaps.body.items.map((a: any) => a.accountId)).toEqual([
      '222222222222',
      '333333333333',
      '444444444444',
      '666666666666',
      '777777777777',
    ]);

    const stale = await request(server)
      .get('/api/security-lake/coverage')
      .query({ health: 'stale' })
      .set(as);
    expect(stale.body.items.map((a: any) => a.accountId)).toEqual([
      '444444444444',
    ]);
    await stop();
  });

  it('generates the sample lake on first start when the folder has none', async () => {
    const lakeDir = path.join(dir, 'fresh');
    const { stop } = await start({
      local: { lakeDir, resultsDir: path.join(dir, 'fresh-results') },
    });
    expect(fs.readdirSync(path.join(lakeDir, 'aws')).sort()).toEqual([
      'CLOUD_TRAIL_MGMT',
      'EKS_AUDIT',
      'LAMBDA_EXECUTION',
      'ROUTE53',
      'S3_DATA',
      'SH_FINDINGS',
      'VPC_FLOW',
      'WAF',
    ]);
    await stop();
  });

  it('stays idle when configuration asks for AWS', async () => {
    const lakeDir = path.join(dir, 'never');
    const { server, stop } = await start(
      {
        engine: 'athena',
        controlPlane: 'aws',
        athena: { workGroup: 'wg' },
        aws: { regions: ['us-east-1'] },
        local: { lakeDir },
      },
      { refreshNow: false },
    );
    const info = await request(server)
      .get('/api/security-lake/info')
      .set({ Authorization: mockCredentials.user.header() });
    expect(info.body).toMatchObject({ engine: 'athena', controlPlane: 'aws' });
    expect(fs.existsSync(lakeDir)).toBe(false);
    await stop();
  });

  it('runs every library query through the API on DuckDB, and takes no parameter as SQL', async () => {
    const lakeDir = path.join(dir, 'queries-lake');
    await generateLake({ lakeDir, days: 2, eventsPerDay: 4 });
    const before = listFiles(lakeDir);
    const { server, stop } = await start({
      local: { lakeDir, resultsDir: path.join(dir, 'queries-results') },
    });
    const as = {
      Authorization: mockCredentials.user.header('user:default/pat'),
    };
    const api = '/api/security-lake';
    const waitFor = async (id: string) =>
      (await request(server).get(`${api}/runs/${id}?waitSeconds=20`).set(as))
        .body;
    try {
      const { body } = await request(server).get(`${api}/queries`).set(as);
      const sample = (p: any, value?: string | number) =>
        value ?? p.default ?? p.placeholder;
      for (const query of body.items) {
        const parameters = Object.fromEntries(
          query.parameters.map((p: any) => [p.name, sample(p)]),
        );
        const res = await request(server)
          .post(`${api}/runs`)
          .set(as)
          .send({
            queryId: query.id,
            accountIds: ['111111111111'],
            parameters,
          });
        expect({ id: query.id, status: res.status }).toEqual({
          id: query.id,
          status: 202,
        });
        const run = await waitFor(res.body.id);
        expect({
          id: query.id,
          state: run.state,
          reason: run.stateReason,
        }).toEqual({ id: query.id, state: 'SUCCEEDED', reason: undefined });

        for (const parameter of query.parameters) {
          for (const value of [
            "x' OR '1'='1",
            '1; DROP TABLE t; --',
            '1 /* c */ OR 1=1',
            'x\u02bc OR 1=1 --',
            'x\uff07 OR 1=1',
            'x\u200b',
            'x'.repeat(3000),
          ]) {
            const attempt = await request(server)
              .post(`${api}/runs`)
              .set(as)
              .send({
                queryId: query.id,
                accountIds: ['111111111111'],
                parameters: { ...parameters, [parameter.name]: value },
              });
            // refused at the door with a message naming the field, or accepted only as a bound value
            const refused = attempt.status === 400;
            expect({
              answered: [400, 202].includes(attempt.status),
              names: refused
                ? new RegExp(`parameters[./]${parameter.name}`).test(
                    attempt.body.error.message,
                  )
                : !attempt.body.sql.includes(value),
              state: refused
                ? 'refused'
                : (await waitFor(attempt.body.id)).state,
            }).toEqual({
              answered: true,
              names: true,
              state: refused ? 'refused' : 'SUCCEEDED',
            });
          }
        }
      }
      expect(listFiles(lakeDir)).toEqual(before);
    } finally {
      await stop();
    }
  });
});

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => {
      const file = path.join(entry.parentPath, entry.name);
      return `${path.relative(dir, file)}:${fs.statSync(file).size}`;
    })
    .sort();
}
