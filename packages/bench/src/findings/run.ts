/*
 * yarn bench:findings — Security Hub findings through the portal, on the local engine over a sample lake of
 * 200,000 findings in 50 accounts. Prints one JSON line per figure: {"metric","value","unit"}.
 *
 * It writes the lake once (kept in the temporary folder for later runs), starts the demo portal's own
 * backend on it (every plugin, SQLite in a temporary folder, DuckDB reading the lake), waits for the coverage
 * refresh, then measures over HTTP what the findings tab asks for:
 *   1. cold: the summary and the first list page of one account, asked together as the page does, with
 *      nothing read yet (the portal reads the lake through the query broker), for five accounts;
 *   2. cached: the same two requests again, twenty times;
 *   3. context: "show logs around this finding" for an instance finding, until every run's first page;
 *   4. the whole organisation's summary for a platform owner, every account read at once.
 */
import { generateLake } from '@internal/plugin-security-lake-backend-module-local';
import {
  FindingContextRuns,
  FindingList,
  FindingsSummary,
  QueryRun,
} from '@internal/plugin-security-lake-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BASE,
  createLog,
  emit,
  percentile,
  startBackend,
  tokenFor,
  waitFor,
} from '../shared';

const log = createLog('findings');
const API = `${BASE}/api/security-lake`;

/**
 * 50 accounts (the demo organisation's 7 and 43 more) over 30 days. About 80 account-regions collect
 * findings; 85 new ones a day each makes some 200,000. Half are resolved the day after they are reported,
 * the rest are reported again daily until they are, as Security Hub does: the copy has reports to de-duplicate.
 */
const LAKE = {
  accounts: 50,
  days: 30,
  eventsPerDay: 24,
  findingsPerDay: 85,
  findingResolveRate: 0.5,
};
const COLD_ACCOUNTS = 5;
const CACHED_ROUNDS = 20;
/** payments-prod, alice's: findings in two regions, and CloudTrail, VPC Flow and Route 53 beside them. */
const ACCOUNT = '111111111111';

interface LakeMarker {
  params: typeof LAKE;
  writtenOn: string;
  reports: number;
}

function ensureLake(): Promise<{ lakeDir: string; marker: LakeMarker }> {
  const home = path.join(
    os.tmpdir(),
    `bench-findings-lake-a${LAKE.accounts}-f${LAKE.findingsPerDay}`,
  );
  const lakeDir = path.join(home, 'lake');
  const markerFile = path.join(home, 'lake.json');
  const today = new Date().toISOString().slice(0, 10);
  if (fs.existsSync(markerFile)) {
    const marker: LakeMarker = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
    // the window is the last 30 days: a lake written today keeps every finding in it
    if (
      JSON.stringify(marker.params) === JSON.stringify(LAKE) &&
      marker.writtenOn === today
    ) {
      log(`using the sample lake in ${home}`);
      return Promise.resolve({ lakeDir, marker });
    }
  }
  return (async () => {
    fs.rmSync(home, { recursive: true, force: true });
    const started = Date.now();
    log('writing the sample lake (a minute or two)');
    const result = await generateLake({
      lakeDir,
      days: LAKE.days,
      extraAccounts: LAKE.accounts - 7,
      eventsPerDay: LAKE.eventsPerDay,
      findingsPerDay: LAKE.findingsPerDay,
      findingResolveRate: LAKE.findingResolveRate,
    });
    const marker: LakeMarker = {
      params: LAKE,
      writtenOn: today,
      reports: result.rows.SH_FINDINGS ?? 0,
    };
    log(
      `wrote ${marker.reports} finding reports in ${Math.round(
        (Date.now() - started) / 1000,
      )} s`,
    );
    fs.writeFileSync(markerFile, JSON.stringify(marker));
    return { lakeDir, marker };
  })();
}

async function api<T>(
  token: string,
  pathAndQuery: string,
  init?: RequestInit,
): Promise<T> {
  const res = await fetch(`${API}${pathAndQuery}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
  });
  if (!res.ok) {
    throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as T;
}

/** The findings tab's first paint: the summary and the first page, asked at once. */
async function firstPaint(token: string, accountId: string) {
  const started = performance.now();
  const [summary, list] = await Promise.all([
    api<FindingsSummary>(token, `/findings/summary?accountId=${accountId}`),
    api<FindingList>(token, `/findings?accountId=${accountId}&limit=50`),
  ]);
  const ms = performance.now() - started;
  const notReady = [...summary.snapshots, ...list.snapshots].filter(
    s => s.state !== 'ready',
  );
  if (notReady.length > 0) {
    throw new Error(
      `findings of ${accountId} not read: ${JSON.stringify(notReady)}`,
    );
  }
  return { ms, summary, list };
}

async function main() {
  const { lakeDir, marker } = await ensureLake();
  const resultsDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'bench-findings-results-'),
  );
  const backend = await startBackend({
    script: path.join(__dirname, 'backend.ts'),
    config: {
      securityLake: {
        demo: { enabled: true },
        engine: 'duckdb',
        controlPlane: 'local',
        local: { lakeDir, resultsDir },
      },
    },
  });
  try {
    const pat = await tokenFor('pat');
    // findings are read for the account-regions coverage knows to collect them
    await waitFor(
      'the coverage refresh',
      async () => {
        backend.assertRunning();
        const accounts = await api<{ refreshedAt?: string }>(pat, '/accounts');
        return accounts.refreshedAt ? true : undefined;
      },
      300_000,
    );

    // cold: each account's first read, on a database that has read none
    const alice = await tokenFor('alice');
    const restarted = { backend, alice, pat };
    const coldAccounts = [
      ACCOUNT,
      ...Array.from({ length: COLD_ACCOUNTS - 1 }, (_, i) =>
        String(800000000000 + i),
      ),
    ];
    const colds: number[] = [];
    for (const accountId of coldAccounts) {
      const token = accountId === ACCOUNT ? restarted.alice : restarted.pat;
      const { ms, summary } = await firstPaint(token, accountId);
      colds.push(ms);
      log(
        `cold ${accountId}: ${Math.round(ms)} ms (${
          summary.total
        } findings in the last 7 days)`,
      );
    }
    // where a cold read's time went, as the backend logged it
    for (const line of restarted.backend.output) {
      if (/Read \d+ findings of/.test(line)) log(line.trim());
    }
    emit('findings_cold_ms', percentile(colds, 0.5), 'ms', {
      max: Math.round(Math.max(...colds)),
      accounts: colds.length,
      goal: 1500,
    });

    const cached: number[] = [];
    let listed: FindingList | undefined;
    for (let i = 0; i < CACHED_ROUNDS; i++) {
      const { ms, list } = await firstPaint(restarted.alice, ACCOUNT);
      cached.push(ms);
      listed = list;
    }
    emit('findings_cached_ms', percentile(cached, 0.5), 'ms', {
      p95: Math.round(percentile(cached, 0.95)),
      rounds: cached.length,
      goal: 50,
    });
    log(`cached: ${cached.map(Math.round).join(', ')} ms`);

    const instanceFinding = (
      await api<FindingList>(
        restarted.alice,
        `/findings?accountId=${ACCOUNT}&resourceType=AwsEc2Instance&region=us-east-1&limit=1`,
      )
    ).items[0];
    if (!instanceFinding || !listed) throw new Error('no instance finding');
    const started = performance.now();
    const context = await api<FindingContextRuns>(
      restarted.alice,
      `/findings/${encodeURIComponent(instanceFinding.id)}/context-runs`,
      { method: 'POST', body: '{}' },
    );
    const firstPages = await Promise.all(
      context.runs.map(async ({ runId }) => {
        let run: QueryRun;
        do {
          run = await api<QueryRun>(
            restarted.alice,
            `/runs/${runId}?waitSeconds=20`,
          );
        } while (run.state === 'QUEUED' || run.state === 'RUNNING');
        if (run.state !== 'SUCCEEDED') {
          throw new Error(`${run.title}: ${run.state} ${run.stateReason}`);
        }
        return api<{ rows: unknown[] }>(
          restarted.alice,
          `/runs/${runId}/results?limit=100`,
        );
      }),
    );
    const contextMs = performance.now() - started;
    emit('context_ms', contextMs, 'ms', {
      runs: context.runs.length,
      rows: firstPages.map(p => p.rows.length),
      goal: 2000,
    });
    log(
      `logs around ${instanceFinding.id}: ${context.runs
        .map(r => r.source)
        .join(', ')} in ${Math.round(contextMs)} ms`,
    );
    // last, the whole organisation for a platform owner: every account's copy read at once
    const orgStarted = performance.now();
    const everyone = await api<FindingsSummary>(
      pat,
      '/findings/summary?windowDays=30&waitSeconds=60',
    );
    emit('findings_org_cold_ms', performance.now() - orgStarted, 'ms', {
      accounts: everyone.accounts.length,
    });
    const inLake = everyone.total;
    emit('findings_in_lake', inLake, 'findings', {
      reports: marker.reports,
      accounts: everyone.accounts.length,
    });
    log(
      `${inLake} findings (${marker.reports} reports) in ${everyone.accounts.length} accounts`,
    );
  } finally {
    await backend.stop();
    fs.rmSync(resultsDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`bench:findings failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
