/*
 * The local engine on a sample lake of more than ten million events: every library query, as the portal
 * would run it for one account over the whole lake, on DuckDB with the local module's default memory and
 * threads.
 */
// the library is -node's, as the backend plugin runs it; the bench runs it on the local module's engine
import { DuckDbQueryEngine } from '@internal/plugin-security-lake-backend-module-local';
import {
  renderLibraryQuery,
  runToCompletion,
  LIBRARY_QUERIES,
} from '@internal/plugin-security-lake-node';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLog, emit, ROOT } from '../shared';

const log = createLog('queries');

/** 10 accounts (the demo organisation's 7 and 3 more), 30 days, about 10.5 million events. */
const LAKE = { accounts: 10, days: 30, eventsPerDay: 3600 };
/**
 * Written three days at a time, each slice by its own run of the CLI, and the slices' day partitions moved
 * into one folder: one run of this size takes about 6 minutes and 5 GB at its peak (DuckDB turning the
 * events into parquet), which would leave the rest of the bench too little of its 10 minutes.
 */
const SLICE_DAYS = 3;
const DAY_MS = 86_400_000;
/** payments-prod: it collects every source in us-east-1. */
const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

interface LakeMarker {
  accounts: number;
  days: number;
  eventsPerDay: number;
  events: number;
  firstDay: string;
  lastDay: string;
}

function dayText(ms: number) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Moves everything below `from` into `to`, folder by folder; what `to` already has stays. */
function moveInto(from: string, to: string) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from)) {
    const source = path.join(from, entry);
    const target = path.join(to, entry);
    if (!fs.existsSync(target)) {
      fs.renameSync(source, target);
    } else if (fs.statSync(source).isDirectory()) {
      moveInto(source, target);
    }
  }
}

/** `yarn lake:generate` with these arguments; answers what it prints. */
function generate(args: string[]): {
  events: number;
  firstDay: string;
  lastDay: string;
} {
  const result = spawnSync(
    process.execPath,
    [
      path.join(ROOT, '.yarn/releases/yarn-4.13.0.cjs'),
      'lake:generate',
      ...args,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`yarn lake:generate ${args.join(' ')} failed`);
  }
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

/**
 * The sample lake, written once into the temporary folder and used again by later runs while its marker
 * says it was written with the same sizes (its days then end on an earlier day, which the window follows).
 */
function ensureLake(): { lakeDir: string; marker: LakeMarker } {
  const home = path.join(
    os.tmpdir(),
    `bench-queries-lake-a${LAKE.accounts}-d${LAKE.days}-e${LAKE.eventsPerDay}`,
  );
  const lakeDir = path.join(home, 'lake');
  const markerFile = path.join(home, 'lake.json');
  if (fs.existsSync(markerFile)) {
    const marker: LakeMarker = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
    if (
      marker.accounts === LAKE.accounts &&
      marker.days === LAKE.days &&
      marker.eventsPerDay === LAKE.eventsPerDay
    ) {
      log(`using the sample lake in ${home} (${marker.events} events)`);
      return { lakeDir, marker };
    }
  }
  fs.rmSync(home, { recursive: true, force: true });
  const started = Date.now();
  const today = Date.parse(dayText(Date.now()));
  let events = 0;
  let firstDay = '';
  let lastDay = '';
  for (let offset = 0; offset < LAKE.days; offset += SLICE_DAYS) {
    const days = Math.min(SLICE_DAYS, LAKE.days - offset);
    const slice = path.join(home, `slice-${offset}`);
    log(
      `writing the sample lake: days ${offset + 1}-${offset + days} of ${
        LAKE.days
      } back`,
    );
    const args = [
      '--dir',
      slice,
      '--accounts',
      String(LAKE.accounts),
      '--days',
      String(days),
      '--events-per-day',
      String(LAKE.eventsPerDay),
    ];
    // the newest slice ends now; an older one ends on its last day (whose events the CLI puts in its
    // first minute, as the generation time of a lake ending that day)
    if (offset > 0) args.push('--end', dayText(today - offset * DAY_MS));
    const result = generate(args);
    events += result.events;
    firstDay = result.firstDay;
    lastDay ||= result.lastDay;
    // the newest slice moves first, so its control-plane.json is the one kept
    moveInto(slice, lakeDir);
    fs.rmSync(slice, { recursive: true, force: true });
  }
  const marker: LakeMarker = { ...LAKE, events, firstDay, lastDay };
  fs.writeFileSync(markerFile, `${JSON.stringify(marker)}\n`);
  log(
    `wrote ${events} events in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return { lakeDir, marker };
}

/** `20261123` as the time that day starts. */
function dayStart(day: string): number {
  return Date.parse(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`);
}

export async function benchLocalEngine() {
  const { lakeDir, marker } = ensureLake();
  if (marker.events < 10_000_000) {
    throw new Error(
      `the sample lake has ${marker.events} events, fewer than 10 million`,
    );
  }
  const resultsDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'bench-queries-results-'),
  );
  // the local module's defaults: no memoryLimit (1GB), no threads (2)
  const engine = new DuckDbQueryEngine({ lakeDir, resultsDir });
  // the lake's whole window: its first day to the end of its last, 30 days
  const start = new Date(dayStart(marker.firstDay));
  const end = new Date(dayStart(marker.lastDay) + DAY_MS);
  try {
    const run = async (query: (typeof LIBRARY_QUERIES)[number]) => {
      const { sql, values } = renderLibraryQuery({
        query,
        version: '2.0',
        region: REGION,
        accountIds: [ACCOUNT],
        start,
        end,
        values: Object.fromEntries(
          query.parameters.map(p => [p.name, p.default ?? p.placeholder!]),
        ),
      });
      const started = performance.now();
      const status = await runToCompletion(engine, { sql, parameters: values });
      const ms = performance.now() - started;
      if (status.state !== 'SUCCEEDED') {
        throw new Error(
          `${query.id}: ${status.state} ${status.stateChangeReason ?? ''}`,
        );
      }
      return { ms, rows: status.rowCount };
    };

    // warm-up, not measured: the first query opens DuckDB and registers a view per table of the lake
    await run(LIBRARY_QUERIES[0]);
    let max = 0;
    for (const query of LIBRARY_QUERIES) {
      const { ms, rows } = await run(query);
      log(`${query.id}: ${Math.round(ms)} ms, ${rows} rows`);
      emit('local_query_ms', ms, 'ms', { query: query.id });
      max = Math.max(max, ms);
    }
    emit('local_query_max_ms', max, 'ms');
    emit('local_lake_events', marker.events, 'events');
  } finally {
    await engine.close();
    fs.rmSync(resultsDir, { recursive: true, force: true });
  }
}
