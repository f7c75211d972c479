/*
 * yarn bench:queries — the query broker against an Athena stand-in, and the local engine on a sample lake.
 * Prints one JSON line per figure: {"metric","value","unit"}.
 *
 * It starts the demo portal's own backend (every plugin, SQLite in a temporary folder) with Athena as its
 * engine, whose SDK clients talk to a local stand-in that answers every call after 50 ms, and measures over
 * HTTP as a user of one of 20 generated teams:
 *   1. broker overhead: from the stand-in's first SUCCEEDED for an execution to the first results page;
 *   2. a 1,000,000-row result downloaded as CSV, against reading it 1,000 rows per GetQueryResults call;
 *   3. 200 runs submitted at once by 20 teams, with 20 slots.
 * Then, with the backend stopped, it times every library query on the local DuckDB engine over a sample lake
 * of more than 10 million events.
 */
import { AthenaClient, paginateGetQueryResults } from '@aws-sdk/client-athena';
import { QueryRun } from '@internal/plugin-security-lake-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Backend,
  BASE,
  createLog,
  emit,
  percentile,
  startBackend,
  tokenFor,
  waitFor,
} from '../shared';
import { AthenaStandIn } from './athenaStandIn';
import { benchLocalEngine } from './localEngine';
import { writeResultCsv } from './resultRows';
import { benchTeams, Team, writeTeamsCatalog } from './teams';

const log = createLog('queries');
const API = `${BASE}/api/security-lake`;
const REGION = 'us-east-1';
const QUERY_ID = 'cloudtrail-iam-changes';

const WARM_UP_RUNS = 3;
const OVERHEAD_RUNS = 50;
const LARGE_ROWS = 1_000_000;
const TEAMS = 20;
const RUNS_PER_TEAM = 10;
const MAX_CONCURRENT = 20;
const LOAD_DEADLINE_MS = 4 * 60_000;

interface Member extends Team {
  token: string;
}

/** Every run gets a window of its own, a minute earlier than the last, so no run is answered by reuse. */
const firstEnd = Math.ceil(Date.now() / 60_000) * 60_000;
let windows = 0;
function nextWindowEnd(): string {
  return new Date(firstEnd - windows++ * 60_000).toISOString();
}

function submit(member: Member): Promise<Response> {
  return fetch(`${API}/runs`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${member.token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      queryId: QUERY_ID,
      accountIds: [member.accountId],
      // named, since the bench's control plane has no coverage to choose a region from
      parameters: { region: REGION, end: nextWindowEnd() },
    }),
  });
}

async function submitted(member: Member): Promise<QueryRun> {
  const res = await submit(member);
  if (res.status !== 202) {
    throw new Error(`POST /runs: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

async function getJson<T>(member: Member, url: string): Promise<T> {
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${member.token}` },
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The run once it has ended, long-polling as the UI does; undefined if still going at the deadline. */
async function ended(
  member: Member,
  runId: string,
  deadline = Date.now() + 60_000,
): Promise<QueryRun | undefined> {
  while (Date.now() < deadline) {
    const run = await getJson<QueryRun>(
      member,
      `${API}/runs/${runId}?waitSeconds=20`,
    );
    if (run.state !== 'QUEUED' && run.state !== 'RUNNING') return run;
  }
  return undefined;
}

async function succeeded(member: Member, runId: string): Promise<QueryRun> {
  const run = await ended(member, runId);
  if (run?.state !== 'SUCCEEDED') {
    throw new Error(
      `run ${runId} did not succeed: ${run?.state} ${run?.stateReason ?? ''}`,
    );
  }
  return run;
}

/** 1. From the stand-in's first SUCCEEDED for an execution to the first results page at the client. */
async function brokerOverhead(standIn: AthenaStandIn, member: Member) {
  standIn.settings = { runningMs: 400, resultRows: 100 };
  const overheads: number[] = [];
  const seen: number[] = [];
  const toSucceeded: number[] = [];
  // the first runs are not counted: they open connections and warm the code paths up
  for (let i = 0; i < WARM_UP_RUNS + OVERHEAD_RUNS; i++) {
    const { id } = await submitted(member);
    await succeeded(member, id);
    const seenAt = performance.now();
    await getJson(member, `${API}/runs/${id}/results`);
    const receivedAt = performance.now();
    const execution = standIn.execution(id)!;
    const succeededAt = execution.succeededAnsweredAt!;
    if (i >= WARM_UP_RUNS) {
      overheads.push(receivedAt - succeededAt);
      seen.push(seenAt - succeededAt);
      toSucceeded.push(succeededAt - execution.startedAt);
    }
  }
  const p50 = (values: number[]) => Math.round(percentile(values, 0.5));
  log(
    `overhead p50 ${p50(overheads)} ms: the run seen as succeeded after ${p50(
      seen,
    )} ms, then the first page; the broker's first SUCCEEDED came ${p50(
      toSucceeded,
    )} ms after the start (p50) of an execution that ran ${
      standIn.settings.runningMs
    } ms`,
  );
  emit('broker_overhead_p50_ms', percentile(overheads, 0.5), 'ms');
  emit('broker_overhead_p95_ms', percentile(overheads, 0.95), 'ms');
  emit('broker_overhead_runs', overheads.length, 'runs');
}

/** Newlines in a response body, i.e. CSV lines, counted as the bytes arrive. */
async function countLines(res: Response): Promise<number> {
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) {
      lines++;
    }
  }
  return lines;
}

/** 2. A 1,000,000-row result as CSV through the backend, and read the naive way from the stand-in. */
async function largeResult(
  standIn: AthenaStandIn,
  standInUrl: string,
  member: Member,
  backend: Backend,
  dir: string,
) {
  const file = path.join(dir, 'result.csv');
  await writeResultCsv(file, LARGE_ROWS);
  log(
    `wrote a ${LARGE_ROWS}-row result object of ${Math.round(
      fs.statSync(file).size / 1e6,
    )} MB`,
  );
  standIn.serveCsvFile(LARGE_ROWS, file);
  standIn.settings = { runningMs: 300, resultRows: LARGE_ROWS };
  const { id } = await submitted(member);
  await succeeded(member, id);

  /**
   * The run's CSV through the backend, every line counted as it arrives; answers the seconds it took.
   * Plain, as curl asks for it, or gzipped, as a browser does (fetch unzips it here, on the same 2 cores).
   */
  const download = async (encoding: 'identity' | 'gzip' = 'identity') => {
    const started = performance.now();
    const res = await fetch(`${API}/runs/${id}/results.csv`, {
      headers: {
        Authorization: `Bearer ${member.token}`,
        'Accept-Encoding': encoding,
      },
    });
    if (
      res.headers.get('content-encoding') !==
      (encoding === 'gzip' ? 'gzip' : null)
    ) {
      throw new Error(
        `results.csv came ${res.headers.get(
          'content-encoding',
        )}, not ${encoding}`,
      );
    }
    if (!res.ok) {
      throw new Error(`results.csv: ${res.status} ${await res.text()}`);
    }
    const lines = await countLines(res);
    if (lines !== LARGE_ROWS + 1) {
      throw new Error(
        `the CSV download had ${lines} lines, not ${LARGE_ROWS} rows and a header`,
      );
    }
    return (performance.now() - started) / 1000;
  };

  const before = backend.rssMb();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, backend.rssMb());
  }, 50);
  // the first download warms the code paths up and is not timed (the backend spends about twice the CPU
  // on it); the RSS growth counts every download, from before the first
  const coldSeconds = await download();
  const csvSeconds = await download();
  const gzipSeconds = await download('gzip');
  clearInterval(sampler);
  peak = Math.max(peak, backend.rssMb());
  log(
    `CSV: ${LARGE_ROWS + 1} lines in ${csvSeconds.toFixed(
      2,
    )} s plain (the first download ${coldSeconds.toFixed(
      2,
    )} s), ${gzipSeconds.toFixed(2)} s gzipped, backend RSS ${Math.round(
      before,
    )} -> ${Math.round(peak)} MB`,
  );
  emit('csv_rows_per_s', LARGE_ROWS / csvSeconds, 'rows/s');
  emit('csv_gzip_rows_per_s', LARGE_ROWS / gzipSeconds, 'rows/s');
  emit('csv_rss_growth_mb', peak - before, 'MB');

  // the naive way: every row through GetQueryResults, 1,000 a call, straight from the stand-in
  const client = new AthenaClient({
    region: REGION,
    endpoint: standInUrl,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const naiveStarted = performance.now();
  let rows = 0;
  let calls = 0;
  for await (const page of paginateGetQueryResults(
    { client, pageSize: 1000 },
    { QueryExecutionId: standIn.execution(id)!.id },
  )) {
    rows += page.ResultSet?.Rows?.length ?? 0;
    calls++;
  }
  const naiveSeconds = (performance.now() - naiveStarted) / 1000;
  client.destroy();
  if (rows !== LARGE_ROWS + 1) {
    throw new Error(
      `GetQueryResults gave ${rows} rows, not ${LARGE_ROWS} and a header`,
    );
  }
  log(`naive: ${calls} GetQueryResults calls in ${naiveSeconds.toFixed(1)} s`);
  emit('csv_vs_naive_ratio', naiveSeconds / csvSeconds, 'x');
}

/** 3. Every team submits its runs at once; all of them must end, fairly started and within the cap. */
async function load(standIn: AthenaStandIn, members: Member[]) {
  standIn.settings = { runningMs: 300, resultRows: 10 };
  standIn.maxRunning = standIn.running;
  const startsBefore = standIn.executions.length;
  const started = performance.now();

  const answers = await Promise.all(
    members.flatMap(member =>
      Array.from({ length: RUNS_PER_TEAM }, async () => {
        const res = await submit(member);
        const body = await res.text();
        return {
          member,
          status: res.status,
          run: res.status === 202 ? (JSON.parse(body) as QueryRun) : undefined,
          body,
        };
      }),
    ),
  );
  const rejected = answers.filter(a => !a.run);
  if (rejected.length > 0) {
    log(`rejected, e.g.: ${rejected[0].status} ${rejected[0].body}`);
  }

  // each team's member watches its runs in turn, as the UI would
  const deadline = Date.now() + LOAD_DEADLINE_MS;
  const finals = await Promise.all(
    members.map(async member => {
      const states: string[] = [];
      for (const { run } of answers.filter(a => a.member === member)) {
        if (!run) continue;
        states.push(
          (await ended(member, run.id, deadline))?.state ?? 'NOT ENDED',
        );
      }
      return states;
    }),
  );
  const states = finals.flat();
  const lost = states.filter(s => s !== 'SUCCEEDED').length;
  log(
    `load: ${
      answers.length - rejected.length
    } accepted, all ended after ${Math.round(
      (performance.now() - started) / 1000,
    )} s; not succeeded: ${JSON.stringify(
      states.filter(s => s !== 'SUCCEEDED'),
    )}`,
  );

  // rounds of 20 by the order the stand-in received the starts; a team is known by its account
  const teamOf = new Map(members.map(m => [`'${m.accountId}'`, m.group]));
  const firstRound = new Map<string, number>();
  standIn.executions.slice(startsBefore).forEach((execution, i) => {
    const team = execution.parameters.map(p => teamOf.get(p)).find(Boolean);
    if (team && !firstRound.has(team)) {
      firstRound.set(team, Math.floor(i / MAX_CONCURRENT) + 1);
    }
  });
  if (firstRound.size !== members.length) {
    throw new Error(
      `only ${firstRound.size} of ${members.length} teams had a run started`,
    );
  }

  emit('load_rejected', rejected.length, 'runs');
  emit('load_lost', lost, 'runs');
  emit('load_max_concurrent', standIn.maxRunning, 'executions');
  emit('load_first_run_max_round', Math.max(...firstRound.values()), 'round');
}

/** Until the catalog has read every team's account with its owner, so the account directory's first read is whole. */
async function waitForCatalog(member: Member, teams: Team[]) {
  await waitFor(
    "the teams' accounts in the catalog",
    async () => {
      const { items } = await getJson<{ items: any[] }>(
        member,
        `${BASE}/api/catalog/entities/by-query?filter=kind=resource,spec.type=cloud-account&limit=100`,
      );
      const owned = items.filter(e =>
        e.relations?.some((r: { type: string }) => r.type === 'ownedBy'),
      );
      return owned.length >= teams.length ? true : undefined;
    },
    180_000,
  );
}

async function benchBroker() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-queries-'));
  const standIn = new AthenaStandIn();
  const standInUrl = await standIn.start();
  const teams = benchTeams(TEAMS);
  const catalogFile = path.join(dir, 'teams.yaml');
  writeTeamsCatalog(catalogFile, teams);

  log('starting the backend');
  let backend: Backend | undefined;
  try {
    backend = await startBackend({
      script: path.join(__dirname, 'backend.ts'),
      config: {
        // in place of the demo organisation
        catalog: { locations: [{ type: 'file', target: catalogFile }] },
        securityLake: {
          engine: 'athena',
          controlPlane: 'bench',
          athena: {
            region: REGION,
            workGroup: 'bench',
            endpoint: standInUrl,
            s3Endpoint: standInUrl,
          },
          queries: { maxConcurrent: MAX_CONCURRENT },
          // the control plane has no sources, and the first refresh comes after the bench anyway
          schedules: {
            coverage: {
              frequency: { hours: 24 },
              timeout: { minutes: 15 },
              initialDelay: { hours: 1 },
            },
          },
        },
      },
      // the SDK's default credential chain finds these first; nothing goes to AWS
      env: {
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    const members: Member[] = [];
    for (const team of teams) {
      members.push({ ...team, token: await tokenFor(team.user) });
    }
    await waitForCatalog(members[0], teams);

    log('broker overhead');
    await brokerOverhead(standIn, members[0]);
    log('large result');
    await largeResult(standIn, standInUrl, members[1], backend, dir);
    log('load');
    await load(standIn, members);
    log(`stand-in calls: ${JSON.stringify(Object.fromEntries(standIn.calls))}`);
  } finally {
    await backend?.stop();
    await standIn.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const started = Date.now();
  await benchBroker();
  log('local engine');
  await benchLocalEngine();
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
