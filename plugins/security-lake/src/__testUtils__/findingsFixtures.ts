import {
  Finding,
  FindingContextRuns,
  FindingDetail,
  FindingList,
  FindingsSnapshotState,
  FindingsSummary,
  FindingsTrend,
} from '@internal/plugin-security-lake-common';

export const findingsWindow = {
  start: '2024-04-24T10:00:00.000Z',
  end: '2024-05-01T10:00:00.000Z',
  days: 7,
};

export const readySnapshots: FindingsSnapshotState[] = [
  {
    accountId: '111122223333',
    region: 'us-east-1',
    state: 'ready',
    refreshedAt: '2024-05-01T09:58:00.000Z',
  },
  {
    accountId: '111122223333',
    region: 'eu-west-1',
    state: 'ready',
    refreshedAt: '2024-05-01T09:58:00.000Z',
  },
  {
    accountId: '444455556666',
    region: 'ap-southeast-2',
    state: 'ready',
    refreshedAt: '2024-05-01T09:57:00.000Z',
  },
];

export const findingsSummary: FindingsSummary = {
  total: 9,
  bySeverity: { Critical: 2, High: 3, Medium: 4 },
  byStatus: { New: 6, Notified: 2, Resolved: 1 },
  newInWindow: 4,
  window: findingsWindow,
  accounts: [
    {
      accountId: '111122223333',
      total: 7,
      bySeverity: { Critical: 2, High: 1, Medium: 4 },
      byStatus: { New: 5, Notified: 1, Resolved: 1 },
      newInWindow: 3,
    },
    {
      accountId: '444455556666',
      total: 2,
      bySeverity: { High: 2 },
      byStatus: { New: 1, Notified: 1 },
      newInWindow: 1,
    },
  ],
  notCollected: [],
  snapshots: readySnapshots,
};

/** The summary of accounts that had no finding in the window. */
export const noFindingsSummary: FindingsSummary = {
  ...findingsSummary,
  total: 0,
  bySeverity: {},
  byStatus: {},
  newInWindow: 0,
  accounts: [],
};

export const s3Finding: Finding = {
  id: 'arn:aws:securityhub:us-east-1:111122223333:subscription/aws-foundational-security-best-practices/v/1.0.0/S3.8/finding/0a1b',
  accountId: '111122223333',
  region: 'us-east-1',
  title: 'S3 general purpose buckets should block public access',
  severity: 'Critical',
  severityId: 5,
  status: 'New',
  findingType: 'Compliance Finding',
  product: 'Security Hub',
  types: [
    'Software and Configuration Checks/Industry and Regulatory Standards',
  ],
  resourceType: 'AwsS3Bucket',
  resourceUid: 'arn:aws:s3:::payments-exports',
  control: 'S3.8',
  complianceStatus: 'FAILED',
  firstSeen: '2024-04-20T08:00:00.000Z',
  lastSeen: '2024-05-01T08:00:00.000Z',
  reports: 12,
  sourceVersion: '2.0',
};

export const cveFinding: Finding = {
  id: 'arn:aws:inspector2:eu-west-1:111122223333:finding/9f8e',
  accountId: '111122223333',
  region: 'eu-west-1',
  title: 'CVE-2024-3094 - xz-utils',
  severity: 'High',
  severityId: 4,
  status: 'Notified',
  findingType: 'Vulnerability Finding',
  product: 'Inspector',
  types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
  resourceType: 'AwsEc2Instance',
  resourceUid: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc123',
  lastSeen: '2024-04-30T12:00:00.000Z',
  reports: 3,
  sourceVersion: '2.0',
};

export const findingList: FindingList = {
  items: [s3Finding, cveFinding],
  total: 2,
  window: findingsWindow,
  snapshots: readySnapshots,
};

export const findingsTrend: FindingsTrend = {
  window: findingsWindow,
  days: [
    { day: '2024-04-29', counts: { Critical: 1, High: 2 } },
    { day: '2024-04-30', counts: { Critical: 2, High: 3, Medium: 1 } },
    { day: '2024-05-01', counts: { Critical: 2, Medium: 4 } },
  ],
  snapshots: readySnapshots,
};

export const cveDetail: FindingDetail = {
  ...cveFinding,
  description:
    'A backdoor in xz-utils 5.6.0 and 5.6.1 lets a remote attacker run code through sshd.',
  remediation: {
    text: 'Downgrade xz-utils to 5.4.6 or upgrade to 5.6.2.',
    references: ['https://nvd.nist.gov/vuln/detail/CVE-2024-3094'],
  },
  resources: [
    {
      type: 'AwsEc2Instance',
      uid: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc123',
      region: 'eu-west-1',
      labels: ['team=payments'],
      details: '{"Type":"t3.medium"}',
    },
  ],
  compliance: {
    control: 'Inspector.1',
    status: 'FAILED',
    statusDetail: 'A critical package vulnerability is present',
    standards: ['standards/aws-foundational-security-best-practices/v/1.0.0'],
    requirements: ['NIST.800-53.r5 SI-2'],
  },
  vulnerabilities: [
    {
      cve: 'CVE-2024-3094',
      cvssScore: 10,
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
      fixAvailable: true,
      exploitAvailable: true,
      packages: [
        { name: 'xz-utils', version: '5.6.1', fixedInVersion: '5.6.2' },
      ],
      references: ['https://www.openwall.com/lists/oss-security/2024/03/29/4'],
    },
  ],
  consoleUrl:
    'https://eu-west-1.console.aws.amazon.com/securityhub/home?region=eu-west-1#/findings?search=Id%3D9f8e',
  raw: { finding_info: { uid: cveFinding.id, title: cveFinding.title } },
};

export const contextRuns: FindingContextRuns = {
  findingId: cveFinding.id,
  accountId: '111122223333',
  region: 'eu-west-1',
  match: {
    resourceUid: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc123',
    instanceId: 'i-0abc123',
  },
  window: {
    start: '2024-04-30T11:45:00.000Z',
    end: '2024-04-30T12:15:00.000Z',
  },
  runs: [
    {
      source: 'CLOUD_TRAIL_MGMT',
      queryId: 'resource-activity',
      runId: 'run-ct',
      title: 'Activity on a resource',
    },
    {
      source: 'VPC_FLOW',
      queryId: 'instance-traffic',
      runId: 'run-vpc',
      title: 'Traffic of an instance',
    },
  ],
  skipped: [
    {
      source: 'ROUTE53',
      reason: 'Route 53 resolver logs are not collected in eu-west-1',
    },
  ],
};
