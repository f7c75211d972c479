import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { backendFeatures } from './features';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../../..');

/** The configuration files as the image (or `yarn start`) merges them, with the database made local. */
async function configFrom(files: string[], overrides: object) {
  const { appConfigs } = await loadConfig({
    configRoot: ROOT,
    configTargets: files.map(f => ({ path: path.join(ROOT, f) })),
  });
  return ConfigReader.fromConfigs([
    ...appConfigs,
    { context: 'test', data: overrides },
  ]).get() as object;
}

async function start(data: object) {
  return startTestBackend({
    features: [
      ...backendFeatures,
      mockServices.rootConfig.factory({ data: data as any }),
    ],
  });
}

describe('the backend as the production image configures it', () => {
  const env = { ...process.env };
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-lake-prod-'));
    Object.assign(process.env, {
      POSTGRES_HOST: 'localhost',
      POSTGRES_PORT: '5432',
      POSTGRES_USER: 'u',
      POSTGRES_PASSWORD: 'p',
      SECURITY_LAKE_ADMIN_ACCOUNT_ID: '111111111111',
      SECURITY_LAKE_ANALYTICS_ACCOUNT_ID: '222222222222',
      AUTH_GITHUB_CLIENT_ID: 'client-id',
      AUTH_GITHUB_CLIENT_SECRET: 'client-secret',
    });
  });
  afterAll(() => {
    process.env = env;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const database = {
    backend: { database: { client: 'better-sqlite3', connection: ':memory:' } },
  };

  it('gives no token through the demo or guest sign-in, and offers the real provider', async () => {
    const data = await configFrom(
      ['app-config.yaml', 'app-config.production.yaml'],
      database,
    );
    // even a configuration that names the demo provider cannot switch it on without the demo flag
    const withDemoProvider = {
      ...data,
      auth: {
        ...(data as any).auth,
        providers: { ...(data as any).auth.providers, demo: {}, guest: {} },
      },
    };
    for (const config of [data, withDemoProvider]) {
      const { server, stop } = await start(config).then(b => ({
        server: b.server,
        stop: () => b.stop(),
      }));
      try {
        const demo = await request(server)
          .get('/api/auth/demo/refresh')
          .set('x-demo-user', 'pat')
          .set('x-requested-with', 'XMLHttpRequest');
        expect(demo.status).toBe(404);
        expect(demo.body.backstageIdentity).toBeUndefined();
        const guest = await request(server)
          .get('/api/auth/guest/refresh')
          .set('x-requested-with', 'XMLHttpRequest');
        expect(guest.status).toBe(404);
        expect(guest.body.backstageIdentity).toBeUndefined();
        // the organisation's provider is there: it sends the browser to GitHub
        const github = await request(server).get(
          '/api/auth/github/start?env=production',
        );
        expect(github.status).toBe(302);
        expect(github.headers.location).toMatch(
          /^https:\/\/github\.com\/login\/oauth\/authorize\?.*client_id=client-id/,
        );
      } finally {
        await stop();
      }
    }
  });

  it('signs in demo users with the demo configuration, which the image never loads', async () => {
    const data = await configFrom(['app-config.yaml', 'app-config.demo.yaml'], {
      ...database,
      catalog: { locations: [] },
      securityLake: {
        local: {
          lakeDir: path.join(dir, 'lake'),
          resultsDir: path.join(dir, 'results'),
          generateIfMissing: false,
        },
      },
    });
    const backend = await start(data);
    try {
      // the provider is there and asks for a demo user; signing one in needs them in the catalog
      const res = await request(backend.server)
        .get('/api/auth/demo/refresh')
        .set('x-requested-with', 'XMLHttpRequest');
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/Choose a demo user/);
    } finally {
      await backend.stop();
    }
    const dockerfile = fs.readFileSync(
      path.join(ROOT, 'packages/backend/Dockerfile'),
      'utf8',
    );
    expect(dockerfile).toMatch(
      /"--config", "app-config.yaml", "--config", "app-config.production.yaml"/,
    );
    expect(dockerfile).not.toMatch(/app-config\.demo\.yaml/);
  });
});
