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
  });

  it('refuses to start the demo sign-in in a production build, whatever the configuration says', async () => {
    // everything the demo needs, and its switch: only NODE_ENV differs from the test above
    const data = await configFrom(['app-config.yaml', 'app-config.demo.yaml'], {
      ...database,
      catalog: { locations: [] },
      securityLake: {
        demo: { enabled: true },
        local: {
          lakeDir: path.join(dir, 'lake'),
          resultsDir: path.join(dir, 'results'),
          generateIfMissing: false,
        },
      },
    });
    expect((data as any).securityLake.demo.enabled).toBe(true);
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(start(data)).rejects.toThrow(
        /securityLake\.demo\.enabled is true, but NODE_ENV is production: the demo sign-in and the demo permission policy let anyone in/,
      );
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }

    // `./dev start` runs `yarn start`, with NODE_ENV development (or unset): the demo signs in there
    for (const value of ['development', undefined]) {
      if (value === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = value;
      try {
        const backend = await start(data);
        try {
          const res = await request(backend.server)
            .get('/api/auth/demo/refresh')
            .set('x-requested-with', 'XMLHttpRequest');
          expect({ NODE_ENV: value, status: res.status }).toEqual({
            NODE_ENV: value,
            status: 401,
          });
          expect(res.body.error.message).toMatch(/Choose a demo user/);
        } finally {
          await backend.stop();
        }
      } finally {
        process.env.NODE_ENV = nodeEnv;
      }
    }
  });

  it('builds an image that holds no demo configuration and loads only app-config.yaml and the production file', () => {
    const dockerfile = fs.readFileSync(
      path.join(ROOT, 'packages/backend/Dockerfile'),
      'utf8',
    );
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production$/m);
    expect(dockerfile).toMatch(
      /^CMD \["node", "packages\/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"\]$/m,
    );
    // every source of every COPY, wildcards read as Docker reads them: none may take the demo file
    const sources = dockerfile
      .replace(/\\\n/g, ' ')
      .split('\n')
      .filter(line => /^COPY\s/i.test(line))
      .flatMap(line =>
        line
          .split(/\s+/)
          .slice(1, -1)
          .filter(word => !word.startsWith('--')),
      );
    expect(sources).toContain('app-config.production.yaml');
    const glob = (pattern: string) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')}$`,
      );
    // the context's root copies everything in it, the demo file too
    const takesDemo = (source: string) =>
      ['.', './'].includes(source) || glob(source).test('app-config.demo.yaml');
    expect(sources.filter(takesDemo)).toEqual([]);
    expect(takesDemo('app-config*.yaml')).toBe(true);
    // and the build context leaves it out, so no later COPY can take it either
    const ignored = fs
      .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map(line => line.trim())
      .filter(line => line && !line.startsWith('#'));
    const last = ignored
      .filter(rule => glob(rule.replace(/^!/, '')).test('app-config.demo.yaml'))
      .pop();
    expect(last).toBe('app-config.demo.yaml');
  });
});
