import { mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLocalLake } from './localLake';
import { generateLake } from './lake/generateLake';

jest.setTimeout(60_000);

describe('ensureLocalLake', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-lake-ensure-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const small: typeof generateLake = options =>
    generateLake({ ...options, days: 1, eventsPerDay: 1 });

  it('lets one of two replicas write the lake while the other waits for it', async () => {
    const lakeDir = path.join(dir, 'lake');
    const generate = jest.fn(small);
    const logger = mockServices.logger.mock();
    await Promise.all([
      ensureLocalLake({ lakeDir, generateIfMissing: true, logger, generate }),
      ensureLocalLake({ lakeDir, generateIfMissing: true, logger, generate }),
    ]);
    expect(generate).toHaveBeenCalledTimes(1);
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
    // no lock or staging folder left behind
    expect(fs.readdirSync(dir)).toEqual(['lake']);
  });

  it('takes over a lock left by a replica that died, and leaves no half-written lake', async () => {
    const lakeDir = path.join(dir, 'lake');
    const lock = `${lakeDir}.lock`;
    fs.mkdirSync(lock);
    const old = new Date(Date.now() - 11 * 60_000);
    fs.utimesSync(lock, old, old);
    const logger = mockServices.logger.mock();
    const failing = jest.fn(async () => {
      throw new Error('disk full');
    });
    await expect(
      ensureLocalLake({
        lakeDir,
        generateIfMissing: true,
        logger,
        generate: failing,
      }),
    ).rejects.toThrow('disk full');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/Taking over the stale sample lake lock/),
    );
    expect(fs.existsSync(path.join(lakeDir, 'aws'))).toBe(false);
    expect(fs.existsSync(lock)).toBe(false);

    await ensureLocalLake({
      lakeDir,
      generateIfMissing: true,
      logger,
      generate: small,
    });
    expect(fs.existsSync(path.join(lakeDir, 'aws', 'VPC_FLOW'))).toBe(true);
  });

  it("writes today's lake over one it generated on an earlier day, and never over someone else's", async () => {
    const lakeDir = path.join(dir, 'lake');
    const logger = mockServices.logger.mock();
    const generate = jest.fn(small);
    const monday = () => new Date('2026-11-23T10:00:00Z');
    const tuesday = () => new Date('2026-11-24T08:00:00Z');
    await ensureLocalLake({
      lakeDir,
      generateIfMissing: true,
      logger,
      generate,
      now: monday,
    });
    await ensureLocalLake({
      lakeDir,
      generateIfMissing: true,
      logger,
      generate,
      now: monday,
    });
    expect(generate).toHaveBeenCalledTimes(1);

    await ensureLocalLake({
      lakeDir,
      generateIfMissing: true,
      logger,
      generate,
      now: tuesday,
    });
    expect(generate).toHaveBeenCalledTimes(2);
    expect(generate.mock.calls[1][0].endDate).toEqual(tuesday());
    const days = fs.readdirSync(
      path.join(
        lakeDir,
        'aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=111111111111',
      ),
    );
    expect(days).toEqual(['eventDay=20261124']);
    expect(fs.readdirSync(dir)).toEqual(['lake']);

    // today's lake from an older generator (fewer sources) is written again
    const marker = path.join(lakeDir, '.sample-lake.json');
    fs.writeFileSync(marker, JSON.stringify({ generatedOn: '2026-11-24' }));
    await ensureLocalLake({
      lakeDir,
      generateIfMissing: true,
      logger,
      generate,
      now: tuesday,
    });
    expect(generate).toHaveBeenCalledTimes(3);

    // a lake without the marker is the user's own
    fs.rmSync(path.join(lakeDir, '.sample-lake.json'));
    await ensureLocalLake({
      lakeDir,
      generateIfMissing: true,
      logger,
      generate,
      now: () => new Date('2026-12-01T00:00:00Z'),
    });
    expect(generate).toHaveBeenCalledTimes(3);
  });

  it('writes nothing when generation is switched off', async () => {
    const logger = mockServices.logger.mock();
    await ensureLocalLake({
      lakeDir: path.join(dir, 'lake'),
      generateIfMissing: false,
      logger,
    });
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/No sample lake/),
    );
  });
});
