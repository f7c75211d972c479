import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalControlPlane } from './LocalControlPlane';

describe('LocalControlPlane', () => {
  let lakeDir: string;
  beforeEach(() => {
    lakeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cp-'));
    for (const p of [
      'aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=111111111111/eventDay=20261101',
      'aws/CLOUD_TRAIL_MGMT/2.0/region=eu-west-1/accountId=111111111111/eventDay=20261101',
      'aws/VPC_FLOW/1.0/region=us-east-1/accountId=222222222222/eventDay=20261101',
      'aws/NOT_A_SOURCE/2.0/region=us-east-1/accountId=333333333333',
      'aws/ROUTE53/2.0/region=moon-1/accountId=333333333333',
      'aws/ROUTE53/2.0/region=us-east-1/accountId=not-an-account',
    ]) {
      fs.mkdirSync(path.join(lakeDir, p), { recursive: true });
    }
  });
  afterEach(() => fs.rmSync(lakeDir, { recursive: true, force: true }));

  it('derives configured sources from the partitions in the lake folder', async () => {
    const cp = new LocalControlPlane({ lakeDir });
    await expect(cp.listLogSources()).resolves.toEqual(
      expect.arrayContaining([
        {
          accountId: '111111111111',
          region: 'us-east-1',
          source: 'CLOUD_TRAIL_MGMT',
          version: '2.0',
        },
        {
          accountId: '111111111111',
          region: 'eu-west-1',
          source: 'CLOUD_TRAIL_MGMT',
          version: '2.0',
        },
        {
          accountId: '222222222222',
          region: 'us-east-1',
          source: 'VPC_FLOW',
          version: '1.0',
        },
      ]),
    );
    expect(await cp.listLogSources()).toHaveLength(3);
    expect(await cp.listDataLakeRegions()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('adds custom sources, configured sources without data, statuses and exceptions from control-plane.json', async () => {
    fs.mkdirSync(
      path.join(
        lakeDir,
        'ext/okta_sso/1.0/region=us-east-1/accountId=111111111111/eventDay=20261101',
      ),
      { recursive: true },
    );
    const exception = {
      region: 'us-east-1',
      exception: 'VPC_FLOW for account 222222222222: AccessDenied',
      remediation: 'Fix the role',
      timestamp: '2026-11-01T10:00:00.000Z',
    };
    fs.writeFileSync(
      path.join(lakeDir, 'control-plane.json'),
      JSON.stringify({
        configured: [
          {
            accountId: '333333333333',
            region: 'us-east-1',
            source: 'WAF',
            version: '2.0',
          },
        ],
        statuses: [
          {
            accountId: '333333333333',
            region: 'us-east-1',
            source: 'WAF',
            status: 'NOT_COLLECTING',
          },
          {
            accountId: '222222222222',
            region: 'us-east-1',
            source: 'VPC_FLOW',
            status: 'MISCONFIGURED',
          },
          // a status for a source nobody configured is ignored
          {
            accountId: '999999999999',
            region: 'us-east-1',
            source: 'WAF',
            status: 'COLLECTING',
          },
        ],
        exceptions: [exception],
      }),
    );
    const cp = new LocalControlPlane({ lakeDir });

    const sources = await cp.listLogSources();
    expect(sources).toContainEqual({
      kind: 'custom',
      accountId: '111111111111',
      region: 'us-east-1',
      source: 'okta_sso',
      version: '1.0',
    });
    expect(sources).toContainEqual({
      accountId: '333333333333',
      region: 'us-east-1',
      source: 'WAF',
      version: '2.0',
    });
    expect(sources).toHaveLength(5);

    expect(
      (await cp.listSourceStatuses()).sort((a, b) =>
        `${a.accountId}${a.region}${a.source}`.localeCompare(
          `${b.accountId}${b.region}${b.source}`,
        ),
      ),
    ).toEqual([
      {
        accountId: '111111111111',
        region: 'eu-west-1',
        source: 'CLOUD_TRAIL_MGMT',
        status: 'COLLECTING',
      },
      {
        accountId: '111111111111',
        region: 'us-east-1',
        source: 'CLOUD_TRAIL_MGMT',
        status: 'COLLECTING',
      },
      {
        accountId: '222222222222',
        region: 'us-east-1',
        source: 'VPC_FLOW',
        status: 'MISCONFIGURED',
      },
      {
        accountId: '333333333333',
        region: 'us-east-1',
        source: 'WAF',
        status: 'NOT_COLLECTING',
      },
    ]);
    expect(await cp.listDataLakeExceptions()).toEqual([exception]);
  });

  it('answers with nothing for a lake that does not exist yet', async () => {
    const cp = new LocalControlPlane({
      lakeDir: path.join(lakeDir, 'missing'),
    });
    expect(await cp.listLogSources()).toEqual([]);
    expect(await cp.listSourceStatuses()).toEqual([]);
    expect(await cp.listDataLakeExceptions()).toEqual([]);
  });
});
