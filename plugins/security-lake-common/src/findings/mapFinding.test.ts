import fs from 'node:fs';
import path from 'node:path';
import { mapFindingRecord, ocsfTime, securityHubConsoleUrl } from './mapFinding';

/** A Security Hub finding in source version 2 (OCSF 1.1.0 Vulnerability Finding), as the lake holds it. */
const V2_VULNERABILITY = {
  metadata: {
    product: {
      name: 'Inspector',
      vendor_name: 'AWS',
      feature: { uid: 'Inspector', name: 'Inspector' },
    },
    version: '1.1.0',
  },
  time: 1763884800000,
  time_dt: '2025-11-23 08:00:00.000',
  cloud: { account: { uid: '111111111111' }, region: 'eu-west-1' },
  finding_info: {
    uid: 'arn:aws:inspector2:eu-west-1:111111111111:finding/abc',
    title: 'CVE-2024-6387 - openssh',
    desc: 'A signal handler race condition in sshd.',
    types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
    first_seen_time_dt: '2025-11-20 10:30:00',
    created_time_dt: '2025-11-20 10:00:00',
  },
  remediation: {
    desc: 'Update openssh.',
    references: ['https://ubuntu.com/security/CVE-2024-6387'],
  },
  compliance: null,
  vulnerabilities: [
    {
      cve: {
        uid: 'CVE-2024-6387',
        cvss: [{ base_score: 8.1, vector_string: 'CVSS:3.1/AV:N' }],
        references: ['https://nvd.nist.gov/vuln/detail/CVE-2024-6387'],
      },
      affected_packages: [
        { name: 'openssh', version: '9.3p1', fixed_in_version: '9.8p1' },
      ],
      is_fix_available: true,
      is_exploit_available: false,
      references: [],
    },
  ],
  resources: [
    {
      type: 'AwsEc2Instance',
      uid: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc',
      region: 'eu-west-1',
      labels: ['env=prod'],
      data: '{"InstanceId":"i-0abc"}',
    },
  ],
  class_name: 'Vulnerability Finding',
  class_uid: 2002,
  severity_id: 4,
  severity: 'High',
  status: 'New',
  accountid: '111111111111',
  region: 'eu-west-1',
};

describe('mapFindingRecord', () => {
  it('maps a source version 2 vulnerability finding', () => {
    const finding = mapFindingRecord(V2_VULNERABILITY, {
      reports: 3,
      sourceVersion: '2.0',
    });
    expect(finding).toMatchObject({
      id: 'arn:aws:inspector2:eu-west-1:111111111111:finding/abc',
      accountId: '111111111111',
      region: 'eu-west-1',
      title: 'CVE-2024-6387 - openssh',
      severity: 'High',
      severityId: 4,
      status: 'New',
      findingType: 'Vulnerability Finding',
      product: 'Inspector',
      resourceType: 'AwsEc2Instance',
      resourceUid: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc',
      firstSeen: '2025-11-20T10:30:00.000Z',
      lastSeen: '2025-11-23T08:00:00.000Z',
      reports: 3,
      sourceVersion: '2.0',
      description: 'A signal handler race condition in sshd.',
      remediation: {
        text: 'Update openssh.',
        references: ['https://ubuntu.com/security/CVE-2024-6387'],
      },
      vulnerabilities: [
        {
          cve: 'CVE-2024-6387',
          cvssScore: 8.1,
          fixAvailable: true,
          exploitAvailable: false,
          packages: [
            { name: 'openssh', version: '9.3p1', fixedInVersion: '9.8p1' },
          ],
          references: ['https://nvd.nist.gov/vuln/detail/CVE-2024-6387'],
        },
      ],
    });
    expect(finding.compliance).toBeUndefined();
    expect(finding.resources[0].labels).toEqual(['env=prod']);
    expect(finding.raw).toBe(V2_VULNERABILITY);
  });

  it('maps a compliance finding with its control and status', () => {
    const finding = mapFindingRecord({
      ...V2_VULNERABILITY,
      class_name: 'Compliance Finding',
      vulnerabilities: null,
      compliance: {
        control: 'S3.8',
        status: 'FAILED',
        standards: ['standards/aws-foundational-security-best-practices'],
        requirements: [],
      },
    });
    expect(finding.control).toBe('S3.8');
    expect(finding.complianceStatus).toBe('FAILED');
    expect(finding.compliance).toEqual({
      control: 'S3.8',
      status: 'FAILED',
      statusDetail: undefined,
      standards: ['standards/aws-foundational-security-best-practices'],
      requirements: [],
    });
    expect(finding.vulnerabilities).toEqual([]);
  });

  it('shows a record with nothing optional instead of dropping it', () => {
    const finding = mapFindingRecord({
      finding_info: { uid: 'bare-finding' },
      accountid: 'not-an-account',
      time: 1763884800000,
    });
    expect(finding).toMatchObject({
      id: 'bare-finding',
      accountId: 'not-an-account',
      region: 'unknown',
      title: 'bare-finding',
      severity: 'Unknown',
      severityId: 0,
      status: 'Unknown',
      resources: [],
      vulnerabilities: [],
      lastSeen: '2025-11-23T08:00:00.000Z',
    });
    expect(finding.remediation).toBeUndefined();
    expect(finding.resourceUid).toBeUndefined();
    expect(finding.consoleUrl).toMatch(
      /^https:\/\/console\.aws\.amazon\.com\/securityhub\/home#/,
    );
  });

  it('names a severity from its text when the id is missing', () => {
    expect(
      mapFindingRecord({ finding_info: { uid: 'x' }, severity: 'critical' }),
    ).toMatchObject({ severity: 'Critical', severityId: 5 });
  });

  const samples = path.resolve(
    __dirname,
    '../../../../../shared/ocsf/samples/sh_findings/ocsf-validation/samples/1.0.0-rc.2/SH_FINDINGS',
  );
  const withSamples = fs.existsSync(samples) ? it : it.skip;

  withSamples(
    "maps AWS's real source version 1 Security Hub samples",
    () => {
      const records = fs
        .readdirSync(samples)
        .filter(f => f.endsWith('.derived.jsonl'))
        .sort()
        .map(f =>
          JSON.parse(
            fs.readFileSync(path.join(samples, f), 'utf8').split('\n')[0],
          ),
        );
      expect(records).toHaveLength(4);
      const findings = records.map(r =>
        mapFindingRecord(r, { sourceVersion: '1.0' }),
      );
      // the four samples are reports of one finding in different states
      expect(new Set(findings.map(f => f.id))).toEqual(
        new Set([
          'arn:aws:securityhub:us-east-1:123456789100:subscription/cis-aws-foundations-benchmark/v/1.2.0/3.9/finding/randomsample',
        ]),
      );
      expect(findings.map(f => [f.severity, f.status])).toEqual([
        ['Informational', 'Suppressed'],
        ['Informational', 'In Progress'],
        ['Medium', 'Resolved'],
        ['Critical', 'Suppressed'],
      ]);
      const [first] = findings;
      expect(first).toMatchObject({
        accountId: '123456789100',
        region: 'us-east-1',
        title:
          'EC2.19 Security groups should not allow unrestricted access to ports with high risk',
        findingType: 'Security Finding',
        product: 'Security Hub',
        resourceType: 'AwsEc2SecurityGroup',
        resourceUid:
          'arn:aws:ec2:us-east-1:123456789100:security-group/sg-1234567899900',
        firstSeen: new Date(1635449619417).toISOString(),
        lastSeen: new Date(1659636559100).toISOString(),
        sourceVersion: '1.0',
        remediation: {
          text: 'For directions on how to fix this issue, consult the AWS Security Hub Foundational Security Best Practices documentation.',
          references: [
            'https://docs.aws.amazon.com/console/securityhub/EC2.19/remediation',
          ],
        },
        compliance: {
          status: 'PASSED',
          requirements: ['PCI1.2'],
          statusDetail: 'CloudWatch alarms do not exist in the account',
        },
      });
      expect(first.vulnerabilities[0]).toMatchObject({
        cve: 'CVE-2020-12345',
        cvssScore: expect.closeTo(4.7, 5),
        packages: [
          { name: 'openssl', version: '1.0.2k' },
          { name: 'yaml', version: '4.3.2' },
        ],
        references: [
          'http://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2019-12418',
          'https://alas.aws.amazon.com/ALAS-2020-1337.html',
        ],
      });
      // the last sample's compliance block is all nulls: no compliance, not an empty one
      expect(findings[3].compliance).toBeUndefined();
    },
  );
});

describe('ocsfTime', () => {
  it('reads epoch milliseconds and both engines’ timestamp text as UTC', () => {
    expect(ocsfTime(1763884800000)).toBe('2025-11-23T08:00:00.000Z');
    expect(ocsfTime('2025-11-23 08:00:00')).toBe('2025-11-23T08:00:00.000Z');
    expect(ocsfTime('2025-11-23 08:00:00.123')).toBe(
      '2025-11-23T08:00:00.123Z',
    );
    expect(ocsfTime('2025-11-23T08:00:00Z')).toBe('2025-11-23T08:00:00.000Z');
    expect(ocsfTime('yesterday')).toBeUndefined();
    expect(ocsfTime(null)).toBeUndefined();
  });
});

describe('securityHubConsoleUrl', () => {
  it('opens the finding in its region, its uid encoded inside the fragment', () => {
    expect(securityHubConsoleUrl('arn:aws:x/y', 'eu-west-1')).toBe(
      'https://eu-west-1.console.aws.amazon.com/securityhub/home?region=eu-west-1#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Aarn%253Aaws%253Ax%252Fy',
    );
  });
});
