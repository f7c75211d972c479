import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from './cli';

jest.setTimeout(60_000);

describe('lake:generate', () => {
  let dir: string;
  let out: jest.SpyInstance;
  let err: jest.SpyInstance;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-lake-cli-'));
    out = jest.spyOn(process.stdout, 'write').mockReturnValue(true);
    err = jest.spyOn(process.stderr, 'write').mockReturnValue(true);
  });
  afterEach(() => {
    out.mockRestore();
    err.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a lake of the asked size and prints what it wrote', async () => {
    const lakeDir = path.join(dir, 'lake');
    await expect(
      main([
        '--dir',
        lakeDir,
        '--accounts',
        '10',
        '--days',
        '2',
        '--events-per-day',
        '5',
        '--end',
        '2026-11-20',
      ]),
    ).resolves.toBe(0);
    const printed = JSON.parse(out.mock.calls[0][0]);
    expect(printed).toMatchObject({
      lakeDir,
      accounts: 10,
      firstDay: '20261119',
      lastDay: '20261120',
    });
    expect(printed.events).toBe(
      Object.values(printed.eventsBySource as Record<string, number>).reduce(
        (a, b) => a + b,
        0,
      ),
    );
    // three extra accounts beyond the seven of the demo organisation, each with CloudTrail somewhere
    const accountDirs = new Set<string>();
    const ctDir = path.join(lakeDir, 'aws', 'CLOUD_TRAIL_MGMT', '2.0');
    for (const region of fs.readdirSync(ctDir)) {
      for (const account of fs.readdirSync(path.join(ctDir, region))) {
        accountDirs.add(account);
      }
    }
    expect(
      [...accountDirs].filter(a => a.startsWith('accountId=8')),
    ).toHaveLength(3);
    expect(
      fs.readdirSync(
        path.join(ctDir, 'region=us-east-1', 'accountId=111111111111'),
      ),
    ).toEqual(['eventDay=20261119', 'eventDay=20261120']);
  });

  it.each([
    [['--accounts', '3'], /--accounts must be at least 7/],
    [
      ['--days', 'two'],
      /--days must be a whole number of at least 1, not 'two'/,
    ],
    [['--events-per-day', '0'], /--events-per-day must be a whole number/],
    [['--end', '2026-13-45'], /--end must be a date like 2026-11-23/],
    [['--colour', 'red'], /Unknown option '--colour'/],
  ])('refuses %p with a message naming the option', async (args, message) => {
    await expect(main(['--dir', path.join(dir, 'bad'), ...args])).resolves.toBe(
      2,
    );
    expect(err.mock.calls[0][0]).toMatch(message);
    expect(fs.existsSync(path.join(dir, 'bad'))).toBe(false);
  });
});
