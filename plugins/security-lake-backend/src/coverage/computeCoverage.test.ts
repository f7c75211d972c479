import { computeCoverage, exceptionTargets, worstHealth } from './computeCoverage';

const now = new Date('2026-11-20T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const days = (n: number) => new Array(3).fill(n);

describe('computeCoverage', () => {
  const { cells, rollups } = computeCoverage({
    now,
    volumeDays: 3,
    staleAfterMs: key => (key === 'VPC_FLOW' ? 2 * 3_600_000 : 24 * 3_600_000),
    logSources: [
      { accountId: '111111111111', region: 'us-east-1', source: 'CLOUD_TRAIL_MGMT', version: '2.0' },
      { accountId: '111111111111', region: 'eu-west-1', source: 'CLOUD_TRAIL_MGMT', version: '2.0' },
      { accountId: '111111111111', region: 'us-east-1', source: 'VPC_FLOW', version: '2.0' },
      // moving from 1.0 to 2.0 in Ireland: the new version arrives
      { accountId: '111111111111', region: 'eu-west-1', source: 'VPC_FLOW', version: '1.0' },
      { accountId: '111111111111', region: 'eu-west-1', source: 'VPC_FLOW', version: '2.0' },
      { accountId: '222222222222', region: 'us-east-1', source: 'SH_FINDINGS', version: '2.0' },
      { accountId: '222222222222', region: 'us-east-1', source: 'ROUTE53', version: '2.0' },
      { kind: 'custom', accountId: '111111111111', region: 'us-east-1', source: 'okta_sso', version: '1.0' },
    ],
    statuses: [
      { accountId: '222222222222', region: 'us-east-1', source: 'SH_FINDINGS', status: 'MISCONFIGURED' },
      { accountId: '222222222222', region: 'us-east-1', source: 'ROUTE53', status: 'NOT_COLLECTING' },
    ],
    volume: [
      { accountId: '111111111111', region: 'us-east-1', sourceKey: 'CLOUD_TRAIL_MGMT', version: '2.0', days: days(5), lastEventAt: hoursAgo(1) },
      { accountId: '111111111111', region: 'eu-west-1', sourceKey: 'CLOUD_TRAIL_MGMT', version: '2.0', days: days(2), lastEventAt: hoursAgo(30) },
      // VPC_FLOW's threshold is two hours
      { accountId: '111111111111', region: 'us-east-1', sourceKey: 'VPC_FLOW', version: '2.0', days: days(1), lastEventAt: hoursAgo(3) },
      { accountId: '111111111111', region: 'eu-west-1', sourceKey: 'VPC_FLOW', version: '2.0', days: days(1), lastEventAt: hoursAgo(1) },
      { accountId: '111111111111', region: 'us-east-1', sourceKey: 'ext:okta_sso', version: '1.0', days: days(4), lastEventAt: hoursAgo(2) },
      // data nobody configured
      { accountId: '333333333333', region: 'us-east-1', sourceKey: 'WAF', version: '2.0', days: days(7), lastEventAt: hoursAgo(1) },
    ],
    exceptions: [
      { region: 'us-east-1', exception: 'SH_FINDINGS for account 222222222222: AccessDenied' },
      { region: 'us-east-1', exception: 'Account 222222222222 cannot be reached' },
      { region: 'us-east-1', exception: 'The Glue crawler failed' },
    ],
  });
  const cell = (a: string, r: string, s: string, v = '2.0') =>
    cells.find(c => c.accountId === a && c.region === r && c.sourceKey === s && c.version === v);
  const rollup = (a: string, s: string) =>
    rollups.find(r => r.accountId === a && r.sourceKey === s);

  it('judges each configured cell by status, then freshness against its source threshold', () => {
    expect(cell('111111111111', 'us-east-1', 'CLOUD_TRAIL_MGMT')?.health).toBe('healthy');
    expect(cell('111111111111', 'eu-west-1', 'CLOUD_TRAIL_MGMT')?.health).toBe('stale');
    expect(cell('111111111111', 'us-east-1', 'VPC_FLOW')?.health).toBe('stale');
    expect(cell('111111111111', 'eu-west-1', 'VPC_FLOW', '1.0')).toMatchObject({
      health: 'stale',
      volume: [0, 0, 0],
    });
    expect(cell('222222222222', 'us-east-1', 'SH_FINDINGS')).toMatchObject({
      health: 'misconfigured',
      status: 'MISCONFIGURED',
      configured: true,
    });
    expect(cell('222222222222', 'us-east-1', 'ROUTE53')?.health).toBe('not_collecting');
    expect(cell('111111111111', 'us-east-1', 'ext:okta_sso', '1.0')).toMatchObject({
      health: 'healthy',
      version: '1.0',
      volume: [4, 4, 4],
    });
  });

  it('shows data that arrives for a source nobody configured as absent, with its volume', () => {
    expect(cell('333333333333', 'us-east-1', 'WAF')).toMatchObject({
      configured: false,
      health: 'absent',
      volume: [7, 7, 7],
    });
  });

  it('rolls up the best version within a region and the worst region, counting missing regions as absent', () => {
    expect(rollup('111111111111', 'VPC_FLOW')).toMatchObject({
      health: 'stale',
      regions: { 'eu-west-1': 'healthy', 'us-east-1': 'stale' },
      volume: [2, 2, 2],
      lastEventAt: hoursAgo(1),
    });
    // a custom source counts only where it is configured
    expect(rollup('111111111111', 'ext:okta_sso')).toMatchObject({
      health: 'healthy',
      regions: { 'us-east-1': 'healthy' },
    });
    expect(rollup('222222222222', 'SH_FINDINGS')).toMatchObject({
      health: 'misconfigured',
      exceptionCount: 2,
    });
    expect(rollup('222222222222', 'ROUTE53')?.exceptionCount).toBe(1);
  });
});

describe('exceptionTargets', () => {
  it('reads the accounts and native sources an exception names', () => {
    expect(
      exceptionTargets({
        region: 'us-east-1',
        exception: 'VPC_FLOW and ROUTE53 for accounts 111111111111, 222222222222 (VPC_FLOWS is not one)',
      }),
    ).toEqual({
      accountIds: ['111111111111', '222222222222'],
      sourceKeys: ['VPC_FLOW', 'ROUTE53'],
    });
  });
});

describe('worstHealth', () => {
  it('orders misconfigured, not collecting, stale, absent, healthy', () => {
    expect(worstHealth(['healthy', 'absent', 'stale'])).toBe('stale');
    expect(worstHealth(['not_collecting', 'misconfigured'])).toBe('misconfigured');
    expect(worstHealth([])).toBe('healthy');
  });
});
