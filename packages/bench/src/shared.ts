/*
 * What every benchmark shares: the JSON lines it prints, the demo portal's backend started as a child
 * process with a generated app-config, and sign-in through the demo provider.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const PORT = 7017;
export const BASE = `http://localhost:${PORT}`;

/** Prints one figure as a JSON line on stdout: {"metric","value","unit"} and anything in `extra`. */
export function emit(metric: string, value: number, unit: string, extra = {}) {
  process.stdout.write(
    `${JSON.stringify({
      metric,
      value: Math.round(value * 10) / 10,
      unit,
      ...extra,
    })}\n`,
  );
}

/** A log line on stderr, prefixed with the benchmark's name. */
export function createLog(name: string) {
  return (message: string) =>
    process.stderr.write(`bench:${name}: ${message}\n`);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))
  ];
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** An error that ends a wait at once. */
export class Fatal extends Error {}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      // a refused connection means not yet; a stopped backend or a failed refresh means never
      if (error instanceof Fatal) throw error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

export interface Backend {
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
  /** Resident memory of the backend process now (VmRSS). */
  rssMb(): number;
  /** Peak resident memory of the backend process so far (VmHWM). */
  peakRssMb(): number;
  /** Throws a Fatal error with the backend's last words if it has stopped. */
  assertRunning(): void;
}

function procStatusMb(pid: number | undefined, field: string): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) / 1024;
}

/**
 * Starts `script` (a backend entry point in the bench package) on port 7017 with app-config.yaml,
 * app-config.demo.yaml and a generated override: SQLite in a temporary folder, then the top-level keys of
 * `config` (which replace the demo's keys of the same name). Resolves once /api/security-lake/health answers.
 */
export async function startBackend(options: {
  script: string;
  config: Record<string, unknown>;
  env?: Record<string, string>;
}): Promise<Backend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-backend-'));
  const override = path.join(dir, 'app-config.bench.yaml');
  fs.writeFileSync(
    override,
    JSON.stringify({
      app: { baseUrl: BASE },
      backend: {
        baseUrl: BASE,
        listen: { port: PORT },
        cors: { origin: BASE },
        database: {
          client: 'better-sqlite3',
          connection: { directory: path.join(dir, 'sqlite') },
        },
      },
      ...options.config,
    }),
  );
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      options.script,
      '--config',
      path.join(ROOT, 'app-config.yaml'),
      '--config',
      path.join(ROOT, 'app-config.demo.yaml'),
      '--config',
      override,
    ],
    {
      cwd: path.join(ROOT, 'packages/backend'),
      env: { ...process.env, ...options.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const collect = (chunk: Buffer) =>
    output.push(...chunk.toString().split('\n'));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const backend: Backend = {
    child,
    output,
    rssMb: () => procStatusMb(child.pid, 'VmRSS'),
    peakRssMb: () => procStatusMb(child.pid, 'VmHWM'),
    assertRunning() {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Fatal(
          `the backend stopped:\n${output.slice(-30).join('\n')}`,
        );
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise(resolve => child.once('exit', resolve));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(
      'the backend',
      async () => {
        backend.assertRunning();
        return (await fetch(`${BASE}/api/security-lake/health`)).ok
          ? true
          : undefined;
      },
      180_000,
    );
  } catch (error) {
    await backend.stop();
    throw error;
  }
  return backend;
}

/** A Backstage token for a catalog user, signed in through the demo provider. */
export async function tokenFor(user: string): Promise<string> {
  return waitFor(
    `a token for ${user}`,
    async () => {
      const res = await fetch(
        `${BASE}/api/auth/demo/refresh?optional&env=development`,
        {
          headers: {
            'x-demo-user': user,
            'x-requested-with': 'XMLHttpRequest',
          },
        },
      );
      // until the catalog has read the user, the sign-in finds nobody
      return res.ok ? (await res.json())?.backstageIdentity?.token : undefined;
    },
    180_000,
  );
}
