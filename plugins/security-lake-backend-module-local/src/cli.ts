/*
 * Writes a sample Security Lake of a chosen size without starting a backend (benchmarks, demos):
 *   yarn lake:generate --dir local-lake --accounts 50 --days 30 --events-per-day 200
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { DEMO_ACCOUNTS } from './lake/demoAccounts';
import { generateLake } from './lake/generateLake';

const USAGE = `Usage: lake:generate [--dir DIR] [--accounts N] [--days N] [--events-per-day N] [--seed N] [--end YYYY-MM-DD]
  --dir             folder to write (the Security Lake bucket layout); default local-lake
  --accounts        accounts in all, at least the ${DEMO_ACCOUNTS.length} of the demo organisation; default ${DEMO_ACCOUNTS.length}
  --days            days of data up to the end day; default 30
  --events-per-day  events per source, account, region and day; default 12
  --seed            generator seed; default 42
  --end             last day with data (UTC); default today`;

function positiveInteger(name: string, value: string | undefined) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(
      `--${name} must be a whole number of at least 1, not '${value}'`,
    );
  }
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        dir: { type: 'string', default: 'local-lake' },
        accounts: { type: 'string' },
        days: { type: 'string' },
        'events-per-day': { type: 'string' },
        seed: { type: 'string' },
        end: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const accounts =
      positiveInteger('accounts', args.accounts) ?? DEMO_ACCOUNTS.length;
    if (accounts < DEMO_ACCOUNTS.length) {
      throw new Error(
        `--accounts must be at least ${DEMO_ACCOUNTS.length}: the demo organisation's accounts are always written`,
      );
    }
    const end =
      args.end === undefined ? undefined : new Date(`${args.end}T00:00:00Z`);
    if (
      end &&
      (Number.isNaN(end.getTime()) || !/^\d{4}-\d{2}-\d{2}$/.test(args.end!))
    ) {
      throw new Error(
        `--end must be a date like 2026-11-23, not '${args.end}'`,
      );
    }
    // yarn runs the script in the package folder; paths are the caller's
    const lakeDir = path.resolve(
      process.env.INIT_CWD ?? process.cwd(),
      args.dir!,
    );
    const started = Date.now();
    const result = await generateLake({
      lakeDir,
      extraAccounts: accounts - DEMO_ACCOUNTS.length,
      days: positiveInteger('days', args.days),
      eventsPerDay: positiveInteger('events-per-day', args['events-per-day']),
      seed: positiveInteger('seed', args.seed),
      endDate: end,
    });
    const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `${JSON.stringify({
        lakeDir,
        accounts: result.accounts,
        firstDay: result.firstDay,
        lastDay: result.lastDay,
        events: total,
        eventsBySource: result.rows,
        ms: Date.now() - started,
      })}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
