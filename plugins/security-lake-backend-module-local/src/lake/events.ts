/**
 * Builders of OCSF 1.1.0 (source version 2) events in the shape of the Security Lake tables. Each takes a
 * seeded random source so the sample lake is the same on every machine.
 */

/** @internal */
export type Random = () => number;

/** @internal */
export function seededRandom(seed: number): Random {
  // mulberry32: small, fast and good enough for sample data
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function hex(random: Random, length: number): string {
  let out = '';
  while (out.length < length) {
    out += Math.floor(random() * 16).toString(16);
  }
  return out;
}

function uuid(random: Random): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20)}`;
}

/** Formats a time the way DuckDB reads a TIMESTAMP from JSON. */
function ts(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** @internal */
export interface EventContext {
  random: Random;
  accountId: string;
  region: string;
  /** Epoch milliseconds of the event. */
  time: number;
}

const SEVERITIES = [
  { id: 1, name: 'Informational' },
  { id: 2, name: 'Low' },
  { id: 3, name: 'Medium' },
  { id: 4, name: 'High' },
  { id: 5, name: 'Critical' },
];

function observable(name: string, value: string, type: string, typeId: number) {
  return { name, value, type, type_id: typeId };
}

// Addresses the AWS example queries look for appear now and then, so those queries find something.
const SOURCE_IPS = [
  '192.0.2.1',
  '192.0.2.2',
  '198.51.100.7',
  '198.51.100.23',
  '203.0.113.10',
  '10.0.1.15',
  '10.0.2.31',
  '172.16.4.9',
];

const CLOUDTRAIL_CALLS = [
  {
    service: 'iam.amazonaws.com',
    operation: 'CreateUser',
    classUid: 3001,
    className: 'Account Change',
    activityId: 1,
    activityName: 'Create',
  },
  {
    service: 'iam.amazonaws.com',
    operation: 'AttachRolePolicy',
    classUid: 3001,
    className: 'Account Change',
    activityId: 7,
    activityName: 'Attach Policy',
  },
  {
    service: 'iam.amazonaws.com',
    operation: 'DeleteRole',
    classUid: 3001,
    className: 'Account Change',
    activityId: 6,
    activityName: 'Delete',
  },
  {
    service: 'signin.amazonaws.com',
    operation: 'ConsoleLogin',
    classUid: 3002,
    className: 'Authentication',
    activityId: 1,
    activityName: 'Logon',
  },
  {
    service: 'sts.amazonaws.com',
    operation: 'AssumeRole',
    classUid: 3002,
    className: 'Authentication',
    activityId: 1,
    activityName: 'Logon',
  },
  {
    service: 'ec2.amazonaws.com',
    operation: 'DescribeInstances',
    classUid: 6003,
    className: 'API Activity',
    activityId: 2,
    activityName: 'Read',
  },
  {
    service: 'ec2.amazonaws.com',
    operation: 'AuthorizeSecurityGroupIngress',
    classUid: 6003,
    className: 'API Activity',
    activityId: 3,
    activityName: 'Update',
  },
  {
    service: 's3.amazonaws.com',
    operation: 'GetBucketAcl',
    classUid: 6003,
    className: 'API Activity',
    activityId: 2,
    activityName: 'Read',
  },
  {
    service: 'kms.amazonaws.com',
    operation: 'Decrypt',
    classUid: 6003,
    className: 'API Activity',
    activityId: 2,
    activityName: 'Read',
  },
  {
    service: 'lambda.amazonaws.com',
    operation: 'UpdateFunctionCode',
    classUid: 6003,
    className: 'API Activity',
    activityId: 3,
    activityName: 'Update',
  },
];

const ERRORS = [
  'AccessDenied',
  'Client.UnauthorizedOperation',
  'Client.InvalidPermission.NotFound',
  'Client.OperationNotPermitted',
];

const USERS = ['alice', 'bob', 'deploy-bot', 'ci-runner', 'break-glass'];

/** @internal */
export function cloudTrailEvent(ctx: EventContext) {
  const { random, accountId, region, time } = ctx;
  const call = pick(random, CLOUDTRAIL_CALLS);
  const failed = random() < 0.15;
  const status = failed ? 'Failure' : 'Success';
  const error = failed ? pick(random, ERRORS) : null;
  const user = pick(random, USERS);
  const ip = pick(random, SOURCE_IPS);
  const credential =
    random() < 0.1
      ? 'AIDACKCEVSQ6C2EXAMPLE'
      : `ASIA${hex(random, 16).toUpperCase()}`;
  const userArn = `arn:aws:iam::${accountId}:user/${user}`;
  const isIam = call.service === 'iam.amazonaws.com';
  const target = isIam ? `svc-${hex(random, 6)}` : null;
  return {
    metadata: {
      product: {
        version: '1.09',
        name: 'CloudTrail',
        vendor_name: 'AWS',
        feature: { name: 'Management' },
      },
      event_code: 'AwsApiCall',
      uid: uuid(random),
      profiles: ['cloud', 'datetime'],
      version: '1.1.0',
    },
    time,
    time_dt: ts(time),
    cloud: { region, provider: 'AWS' },
    api: {
      response: {
        error,
        message: error
          ? `User: ${userArn} is not authorized to perform: ${call.operation}`
          : null,
        data: null,
      },
      operation: call.operation,
      version: null,
      service: { name: call.service },
      request: {
        data: isIam ? JSON.stringify({ userName: target }) : null,
        uid: uuid(random),
      },
    },
    dst_endpoint: { svc_name: call.service },
    actor: {
      user: {
        type: 'IAMUser',
        name: user,
        uid_alt: `AIDA${hex(random, 16).toUpperCase()}`,
        uid: userArn,
        account: { uid: accountId },
        credential_uid: credential,
      },
      session: {
        created_time_dt: ts(time - 600_000),
        is_mfa: random() < 0.6,
        issuer: null,
      },
      invoked_by: null,
      idp: { name: null },
    },
    http_request: {
      user_agent: pick(random, [
        'aws-cli/2.15.30',
        'Boto3/1.34.0',
        'console.amazonaws.com',
        'terraform/1.7.5',
      ]),
    },
    src_endpoint: { uid: null, ip, domain: null },
    session: {
      uid: null,
      uid_alt: null,
      credential_uid: credential,
      issuer: null,
    },
    policy: { uid: null },
    resources: target
      ? [
          {
            uid: `arn:aws:iam::${accountId}:user/${target}`,
            owner: { account: { uid: accountId } },
            type: 'AWS::IAM::User',
          },
        ]
      : [],
    class_name: call.className,
    class_uid: call.classUid,
    category_name:
      call.classUid === 6003
        ? 'Application Activity'
        : 'Identity & Access Management',
    category_uid: call.classUid === 6003 ? 6 : 3,
    severity_id: 1,
    severity: 'Informational',
    user: target ? { uid_alt: null, uid: null, name: target } : null,
    activity_name: call.activityName,
    activity_id: call.activityId,
    type_uid: call.classUid * 100 + call.activityId,
    type_name: `${call.className}: ${call.activityName}`,
    status,
    is_mfa: null,
    unmapped: { recipientAccountId: accountId, eventCategory: 'Management' },
    asl_version: '2.0',
    observables: [
      observable('src_endpoint.ip', ip, 'IP Address', 2),
      observable('actor.user.uid', userArn, 'Resource UID', 10),
    ],
  };
}

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
    resourceUid: `arn:aws:${FINDING_TEMPLATES[
      template
    ].resourceType.toLowerCase()}:${region}:${accountId}:${hex(random, 10)}`,
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
export function vpcFlowEvent(ctx: EventContext) {
  const { random, accountId, region, time } = ctx;
  const inbound = random() < 0.5;
  const external = pick(random, SOURCE_IPS);
  const internal = `10.0.${Math.floor(random() * 8)}.${
    Math.floor(random() * 250) + 2
  }`;
  const pairTraffic = random() < 0.05;
  let [src, dst] = inbound ? [external, internal] : [internal, external];
  if (pairTraffic) {
    [src, dst] = ['192.0.2.1', '192.0.2.2'];
  }
  const dstPort = pick(random, [443, 443, 443, 22, 80, 53, 5432, 3389]);
  const srcPort =
    dstPort === 22 && random() < 0.3 ? 22 : 1024 + Math.floor(random() * 60000);
  const denied = random() < 0.2;
  const packets = 1 + Math.floor(random() * 400);
  const eni = `eni-${hex(random, 17)}`;
  const vpc = `vpc-${hex(random, 8)}`;
  const endpoint = (ip: string, port: number) => ({
    port,
    svc_name: null,
    ip,
    intermediate_ips: null,
    interface_uid: eni,
    vpc_uid: vpc,
    instance_uid: `i-${hex(random, 17)}`,
    subnet_uid: `subnet-${hex(random, 8)}`,
  });
  return {
    metadata: {
      product: {
        version: '5',
        name: 'Amazon VPC',
        feature: { name: 'Flowlogs' },
        vendor_name: 'AWS',
      },
      profiles: ['cloud', 'security_control', 'datetime'],
      version: '1.1.0',
    },
    cloud: {
      account: { uid: accountId },
      region,
      zone: `${region}a`,
      provider: 'AWS',
    },
    src_endpoint: endpoint(src, srcPort),
    dst_endpoint: endpoint(dst, dstPort),
    connection_info: {
      protocol_num: dstPort === 53 ? 17 : 6,
      tcp_flags: 2,
      protocol_ver: 'IPv4',
      boundary_id: 99,
      boundary: 'Other',
      direction_id: inbound ? 1 : 2,
      direction: inbound ? 'Inbound' : 'Outbound',
    },
    traffic: { packets, bytes: packets * (60 + Math.floor(random() * 1400)) },
    time,
    time_dt: ts(time),
    start_time_dt: ts(time),
    end_time_dt: ts(time + 60_000),
    status_code: 'OK',
    severity_id: 1,
    severity: 'Informational',
    class_name: 'Network Activity',
    class_uid: 4001,
    category_name: 'Network Activity',
    category_uid: 4,
    activity_name: 'Traffic',
    activity_id: 6,
    action: denied ? 'Denied' : 'Allowed',
    action_id: denied ? 2 : 1,
    disposition: denied ? 'Blocked' : 'Allowed',
    type_uid: 400106,
    type_name: 'Network Activity: Traffic',
    unmapped: { 'flow-direction': inbound ? 'ingress' : 'egress' },
    asl_version: '2.0',
    observables: [
      observable('src_endpoint.ip', src, 'IP Address', 2),
      observable('dst_endpoint.ip', dst, 'IP Address', 2),
    ],
  };
}

const HOSTNAMES = [
  's3.amazonaws.com.',
  'api.example.com.',
  'internal.payments.corp.',
  'updates.vendor.example.',
  'pool.minexmr.example.',
  'nonexistent.corp.',
];

/** @internal */
export function route53Event(ctx: EventContext) {
  const { random, accountId, region, time } = ctx;
  const hostname = pick(random, HOSTNAMES);
  const nxdomain = hostname === 'nonexistent.corp.' || random() < 0.05;
  const answerIp =
    random() < 0.2
      ? '192.0.2.1'
      : `198.51.100.${Math.floor(random() * 250) + 1}`;
  const srcIp = `10.0.${Math.floor(random() * 8)}.${
    Math.floor(random() * 250) + 2
  }`;
  const blocked = hostname.startsWith('pool.minexmr');
  return {
    metadata: {
      product: {
        version: '1.100000',
        name: 'Route 53',
        feature: { name: 'Resolver Query Logs' },
        vendor_name: 'AWS',
      },
      profiles: ['cloud', 'security_control', 'datetime'],
      version: '1.1.0',
    },
    cloud: { account: { uid: accountId }, region, provider: 'AWS' },
    src_endpoint: {
      vpc_uid: `vpc-${hex(random, 8)}`,
      ip: srcIp,
      port: 1024 + Math.floor(random() * 60000),
      instance_uid: `i-${hex(random, 17)}`,
    },
    time,
    time_dt: ts(time),
    query: { hostname, type: 'A', class: 'IN' },
    answers:
      nxdomain || blocked ? [] : [{ type: 'A', rdata: answerIp, class: 'IN' }],
    connection_info: {
      protocol_name: 'UDP',
      direction: 'Unknown',
      direction_id: 0,
    },
    dst_endpoint: {
      instance_uid: `rslvr-in-${hex(random, 17)}`,
      interface_uid: `rni-${hex(random, 17)}`,
    },
    firewall_rule: { uid: blocked ? `rslvr-frg-${hex(random, 16)}` : null },
    severity_id: 1,
    severity: 'Informational',
    class_name: 'DNS Activity',
    class_uid: 4003,
    category_name: 'Network Activity',
    category_uid: 4,
    activity_id: 2,
    activity_name: 'Response',
    type_uid: 400302,
    type_name: 'DNS Activity: Response',
    rcode_id: nxdomain ? 3 : 0,
    rcode: nxdomain ? 'NXDomain' : 'NoError',
    disposition: blocked ? 'Blocked' : 'Allowed',
    action: blocked ? 'Denied' : 'Allowed',
    action_id: blocked ? 2 : 1,
    unmapped: {},
    asl_version: '2.0',
    observables: [
      observable('src_endpoint.ip', srcIp, 'IP Address', 2),
      observable('query.hostname', hostname, 'Hostname', 1),
    ],
  };
}

const OKTA_USERS = [
  'ana@example.com',
  'ben@example.com',
  'chen@example.com',
  'dee@example.com',
];

/**
 * An Okta sign-in as a custom source delivers it: OCSF Authentication (3002).
 *
 * @internal
 */
export function oktaSignInEvent(ctx: EventContext) {
  const { random, time } = ctx;
  const failed = random() < 0.1;
  return {
    time,
    time_dt: ts(time),
    class_uid: 3002,
    category_uid: 3,
    activity_id: 1,
    severity_id: failed ? 3 : 1,
    status: failed ? 'Failure' : 'Success',
    user: { name: pick(random, OKTA_USERS), uid: `00u${hex(random, 17)}` },
    src_endpoint: {
      ip: `203.0.113.${Math.floor(random() * 250) + 1}`,
    },
    metadata: {
      product: { name: 'Okta', vendor_name: 'Okta' },
      version: '1.1.0',
    },
  };
}

/** The columns of the custom source's table, in DuckDB types. @internal */
export const OKTA_SIGN_IN_COLUMNS: [string, string][] = [
  ['time', 'BIGINT'],
  ['time_dt', 'TIMESTAMP'],
  ['class_uid', 'INTEGER'],
  ['category_uid', 'INTEGER'],
  ['activity_id', 'INTEGER'],
  ['severity_id', 'INTEGER'],
  ['status', 'VARCHAR'],
  ['user', 'STRUCT(name VARCHAR, uid VARCHAR)'],
  ['src_endpoint', 'STRUCT(ip VARCHAR)'],
  [
    'metadata',
    'STRUCT(product STRUCT(name VARCHAR, vendor_name VARCHAR), version VARCHAR)',
  ],
];
