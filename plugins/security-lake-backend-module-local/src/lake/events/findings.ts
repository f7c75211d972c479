/** Security Hub findings, re-reported daily by uid. */
import {
  EventContext,
  SEVERITIES,
  hex,
  instanceArn,
  observable,
  pick,
  ts,
  workloadInstances,
} from './common';

const FINDING_TEMPLATES = [
  {
    product: 'Security Hub',
    feature: 'Security Hub',
    classUid: 2003,
    className: 'Compliance Finding',
    title: 'S3 general purpose buckets should block public access',
    resourceType: 'AwsS3Bucket',
    types: [
      'Software and Configuration Checks/Industry and Regulatory Standards',
    ],
    control: 'S3.8',
  },
  {
    product: 'Security Hub',
    feature: 'Security Hub',
    classUid: 2003,
    className: 'Compliance Finding',
    title: 'IAM root user access key should not exist',
    resourceType: 'AwsAccount',
    types: [
      'Software and Configuration Checks/Industry and Regulatory Standards',
    ],
    control: 'IAM.4',
  },
  {
    product: 'Security Hub',
    feature: 'Security Hub',
    classUid: 2003,
    className: 'Compliance Finding',
    title: 'Security groups should not allow unrestricted access to port 22',
    resourceType: 'AwsEc2SecurityGroup',
    types: [
      'Software and Configuration Checks/Industry and Regulatory Standards',
    ],
    control: 'EC2.13',
  },
  {
    product: 'GuardDuty',
    feature: 'GuardDuty',
    classUid: 2004,
    className: 'Detection Finding',
    title: 'Credentials for instance role used from an external IP address',
    resourceType: 'AwsEc2Instance',
    types: [
      'TTPs/Initial Access/UnauthorizedAccess:IAMUser-InstanceCredentialExfiltration.OutsideAWS',
    ],
    control: null,
  },
  {
    product: 'GuardDuty',
    feature: 'GuardDuty',
    classUid: 2004,
    className: 'Detection Finding',
    title:
      'EC2 instance is querying a domain associated with cryptocurrency mining',
    resourceType: 'AwsEc2Instance',
    types: ['TTPs/Impact/CryptoCurrency:EC2-BitcoinTool.B!DNS'],
    control: null,
  },
  {
    product: 'Inspector',
    feature: 'Inspector',
    classUid: 2002,
    className: 'Vulnerability Finding',
    title: 'CVE-2024-6387 - openssh',
    resourceType: 'AwsEc2Instance',
    types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
    control: null,
  },
  {
    product: 'Inspector',
    feature: 'Inspector',
    classUid: 2002,
    className: 'Vulnerability Finding',
    title: 'CVE-2023-44487 - nghttp2',
    resourceType: 'AwsEcrContainerImage',
    types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
    control: null,
  },
  {
    product: 'Inspector',
    feature: 'Inspector',
    classUid: 2002,
    className: 'Vulnerability Finding',
    title: 'CVE-0000-0000 - sample-package',
    resourceType: 'AwsLambdaFunction',
    types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
    control: null,
  },
];

/**
 * A finding that lives for a while: the same uid is reported again on later days, as Security Hub does.
 *
 * @internal
 */
export interface FindingSeed {
  uid: string;
  template: number;
  severity: number;
  resourceUid: string;
  firstSeen: number;
  status: string;
}

/** @internal */
export function newFindingSeed(ctx: EventContext, index: number): FindingSeed {
  const { random, accountId, region, time } = ctx;
  const template = Math.floor(random() * FINDING_TEMPLATES.length);
  return {
    uid: `arn:aws:securityhub:${region}:${accountId}:finding/${hex(
      random,
      8,
    )}-${index}`,
    template,
    // every severity appears: the index walks them in turn
    severity: SEVERITIES[index % SEVERITIES.length].id,
    resourceUid:
      FINDING_TEMPLATES[template].resourceType === 'AwsEc2Instance'
        ? instanceArn(
            accountId,
            region,
            pick(random, workloadInstances(accountId, region)),
          )
        : `arn:aws:${FINDING_TEMPLATES[
            template
          ].resourceType.toLowerCase()}:${region}:${accountId}:${hex(
            random,
            10,
          )}`,
    firstSeen: time,
    status: 'New',
  };
}

/** @internal */
export function securityHubFinding(ctx: EventContext, seed: FindingSeed) {
  const { random, accountId, region } = ctx;
  // a finding is never reported before it was first seen
  const time = Math.max(ctx.time, seed.firstSeen);
  const t = FINDING_TEMPLATES[seed.template];
  const severity = SEVERITIES.find(s => s.id === seed.severity)!;
  const isVulnerability = t.classUid === 2002;
  const cve = isVulnerability ? t.title.split(' ')[0] : null;
  const resource = {
    type: t.resourceType,
    uid: seed.resourceUid,
    cloud_partition: 'aws',
    region,
    labels: [],
    data: JSON.stringify({ Id: seed.resourceUid }),
    criticality: null,
  };
  return {
    metadata: {
      log_version: null,
      product: {
        feature: { uid: t.feature, name: t.feature },
        uid: `arn:aws:securityhub:${region}::product/aws/${t.product
          .toLowerCase()
          .replace(/ /g, '')}`,
        name: t.product,
        vendor_name: 'AWS',
        version: '2018-10-08',
      },
      processed_time_dt: ts(time + 60_000),
      profiles: ['cloud', 'datetime'],
      version: '1.1.0',
      extensions: [],
    },
    time,
    time_dt: ts(time),
    confidence_score: Math.floor(random() * 100),
    message: t.title,
    cloud: { account: { uid: accountId }, region, provider: 'AWS' },
    resource,
    finding_info: {
      created_time_dt: ts(seed.firstSeen),
      uid: seed.uid,
      desc: `${t.title}. Detected by ${t.product} in ${region}.`,
      title: t.title,
      modified_time_dt: ts(time),
      first_seen_time_dt: ts(seed.firstSeen),
      last_seen_time_dt: ts(time),
      related_events: [],
      types: t.types,
      src_url: `https://console.aws.amazon.com/securityhub/home?region=${region}#/findings`,
    },
    remediation: {
      desc: t.control
        ? `Follow the ${t.control} remediation guidance.`
        : 'Review the affected resource and rotate credentials if needed.',
      references: t.control
        ? [
            `https://docs.aws.amazon.com/securityhub/latest/userguide/${t.control
              .split('.')[0]
              .toLowerCase()}-controls.html`,
          ]
        : [],
    },
    compliance: t.control
      ? {
          standards: [
            'standards/aws-foundational-security-best-practices/v/1.0.0',
          ],
          requirements: [],
          control: t.control,
          status: seed.severity === 1 ? 'PASSED' : 'FAILED',
          status_detail: null,
          status_code: null,
        }
      : null,
    vulnerabilities: isVulnerability
      ? [
          {
            remediation: {
              desc: 'Update the affected package.',
              references: [],
            },
            cve: {
              cvss: [
                {
                  base_score:
                    Math.round((seed.severity * 2 - random()) * 10) / 10,
                  vector_string: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
                  version: '3.1',
                },
              ],
              uid: cve,
              epss: { score: '0.01' },
              references: [],
              created_time_dt: ts(seed.firstSeen),
              modified_time_dt: ts(time),
            },
            references: [],
            related_vulnerabilities: [],
            vendor_name: 'NVD',
            affected_packages: [
              {
                architecture: 'x86_64',
                epoch: 0,
                path: null,
                fixed_in_version: '9.8p1',
                name: t.title.split(' - ')[1],
                package_manager: 'OS',
                release: '1',
                remediation: { desc: 'Upgrade' },
                version: '9.3p1',
              },
            ],
            cwe: { uid: null },
            affected_code: [],
            is_fix_available: true,
            is_exploit_available: seed.severity >= 4,
          },
        ]
      : null,
    resources: [{ ...resource, owner: { account: { uid: accountId } } }],
    evidences:
      t.classUid === 2004
        ? [
            {
              data: null,
              actor: null,
              api: {
                operation: 'GetCallerIdentity',
                response: null,
                service: { name: 'sts.amazonaws.com' },
              },
              src_endpoint: {
                ip: '203.0.113.10',
                port: null,
                location: { country: 'NL', city: 'Amsterdam' },
              },
              dst_endpoint: null,
              connection_info: null,
              query: null,
            },
          ]
        : null,
    class_name: t.className,
    class_uid: t.classUid,
    category_name: 'Findings',
    category_uid: 2,
    severity_id: severity.id,
    severity: severity.name,
    activity_name: seed.status === 'Resolved' ? 'Close' : 'Update',
    activity_id: seed.status === 'Resolved' ? 3 : 2,
    type_uid: t.classUid * 100 + (seed.status === 'Resolved' ? 3 : 2),
    type_name: `${t.className}: ${
      seed.status === 'Resolved' ? 'Close' : 'Update'
    }`,
    status: seed.status,
    unmapped: { 'Workflow.Status': seed.status.toUpperCase() },
    asl_version: '2.0',
    observables: [
      observable('resource.uid', seed.resourceUid, 'Resource UID', 10),
    ],
  };
}

/** @internal */
