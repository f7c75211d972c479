/*
 * yarn bench:coverage — the coverage API and page at 5,000 accounts x 17 regions x 8 sources, and the
 * org-wide API again at 20,000 accounts. Prints one JSON line per figure: {"metric","value","unit"}.
 *
 * It starts the demo portal's own backend (every plugin, SQLite in a temporary folder, the production build
 * of the app served by app-backend) with a control plane and engine double of that size in place of the
 * local lake, lets the scheduled refresh fill the store, then measures over HTTP and in Chromium.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  BASE,
  createLog,
  emit,
  Fatal,
  percentile,
  ROOT,
  startBackend,
  tokenFor,
  waitFor,
} from '../shared';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const log = createLog('coverage');

/** The app's production build, which app-backend serves. */
function ensureAppBuild() {
  const dist = path.join(ROOT, 'packages/app/dist/index.html');
  if (fs.existsSync(dist) && !process.env.BENCH_REBUILD_APP) return;
  log('building the app for production');
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, '.yarn/releases/yarn-4.13.0.cjs'), 'backstage-cli', 'package', 'build'],
    { cwd: path.join(ROOT, 'packages/app'), stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (result.status !== 0) throw new Error('the app build failed');
}

/** The demo portal's backend with the bench lake of `accounts` accounts in place of the local one. */
function startCoverageBackend(accounts: number) {
  return startBackend({
    script: path.join(__dirname, 'backend.ts'),
    config: {
      securityLake: {
        engine: 'bench',
        controlPlane: 'bench',
        schedules: {
          coverage: {
            frequency: { hours: 24 },
            timeout: { minutes: 15 },
            initialDelay: { seconds: 1 },
          },
        },
      },
    },
    env: { BENCH_ACCOUNTS: String(accounts) },
  });
}

async function time(url: string, token: string, runs: number) {
  const durations: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    const body = await res.arrayBuffer();
    durations.push(performance.now() - started);
    if (!res.ok) throw new Error(`${url}: ${res.status} ${Buffer.from(body).toString()}`);
    bytes = body.byteLength;
  }
  return { durations, bytes };
}

async function measure(accounts: number, full: boolean) {
  log(`starting the backend with ${accounts} accounts`);
  const backend = await startCoverageBackend(accounts);
  try {
    const refreshLine = await waitFor(
      'the first coverage refresh',
      async () => {
        backend.assertRunning();
        return backend.output.find(l => /Coverage: \d+ cells/.test(l)) ??
          (backend.output.some(l => /Coverage refresh failed/.test(l))
            ? (() => {
                throw new Fatal(backend.output.filter(l => /Coverage/.test(l)).join('\n'));
              })()
            : undefined);
      },
      540_000,
    );
    const [, cells, refreshMs] = /Coverage: (\d+) cells .* in (\d+) ms/.exec(refreshLine)!;
    log(`refresh wrote ${cells} cells in ${refreshMs} ms`);

    const pat = await tokenFor('pat');
    const org = `${BASE}/api/security-lake/coverage?limit=100`;
    await time(org, pat, 5); // warm-up: the first request loads the roll-ups into the replica
    const orgTimes = await time(org, pat, 60);
    if (!full) {
      emit(`org_p95_ms_${accounts}`, percentile(orgTimes.durations, 0.95), 'ms');
      emit(`backend_peak_rss_mb_${accounts}`, backend.peakRssMb(), 'MB');
      return;
    }
    emit('refresh_ms', Number(refreshMs), 'ms', { cells: Number(cells) });
    emit('org_p50_ms', percentile(orgTimes.durations, 0.5), 'ms');
    emit('org_p95_ms', percentile(orgTimes.durations, 0.95), 'ms');
    emit('org_bytes', orgTimes.bytes, 'bytes');

    const carol = await tokenFor('carol');
    const account = `${BASE}/api/security-lake/coverage/accounts/333333333333`;
    await time(account, carol, 5);
    const accountTimes = await time(account, carol, 200);
    emit('account_p50_ms', percentile(accountTimes.durations, 0.5), 'ms');
    emit('account_p95_ms', percentile(accountTimes.durations, 0.95), 'ms');

    emit('page_interactive_ms', await pageInteractive(), 'ms');
    emit('backend_peak_rss_mb', backend.peakRssMb(), 'MB');
  } finally {
    await backend.stop();
  }
}

/** Navigation to the coverage page until its matrix is drawn and answers a click, in Chromium. */
async function pageInteractive(): Promise<number> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(BASE);
    await page.getByRole('button', { name: 'Sign in as Pat Platform' }).click();
    await page.getByRole('link', { name: 'Security Lake' }).first().waitFor();
    const runs: number[] = [];
    const drawn: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await page.goto(`${BASE}/security-lake`);
      const matrix = page.getByRole('table', { name: 'Coverage by account and source' });
      await matrix.getByRole('button').first().waitFor();
      drawn.push(performance.now() - started);
      await page.getByLabel('Gaps only').check();
      await page.getByRole('button', { name: /^Stale: /, pressed: true }).waitFor();
      runs.push(performance.now() - started);
    }
    log(`matrix drawn after ${Math.round(percentile(drawn, 0.5))} ms (median of 5)`);
    return percentile(runs, 0.5);
  } finally {
    await browser.close();
  }
}

async function main() {
  ensureAppBuild();
  await measure(5000, true);
  await measure(20000, false);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
