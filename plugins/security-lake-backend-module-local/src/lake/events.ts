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

/**
 * The EC2 instances an account runs in a region: the same few every day, so a finding about one, the flows
 * of its network interface, its DNS lookups and the API calls on it line up, as they do in a real lake.
 * Derived from the account and region alone, so they don't shift the seeded random sequence.
 *
 * @internal
 */
export function workloadInstances(accountId: string, region: string): string[] {
  const random = seededRandom(
    [...`${accountId}:${region}`].reduce(
      (h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0,
      2166136261,
    ),
  );
  return [0, 1, 2].map(() => `i-${hex(random, 17)}`);
}

/** @internal */
export function instanceArn(
  accountId: string,
  region: string,
  instanceId: string,
): string {
  return `arn:aws:ec2:${region}:${accountId}:instance/${instanceId}`;
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

interface CloudTrailCall {
  service: string;
  operation: string;
  classUid: number;
  className: string;
  activityId: number;
  activityName: string;
  /** How often the call appears relative to the others; default 1. */
  weight?: number;
}

const IAM = 'iam.amazonaws.com';
const EC2 = 'ec2.amazonaws.com';

const CLOUDTRAIL_CALLS: CloudTrailCall[] = [
  {
    service: IAM,
    operation: 'CreateUser',
    classUid: 3001,
    className: 'Account Change',
    activityId: 1,
    activityName: 'Create',
  },
  {
    service: IAM,
    operation: 'CreateAccessKey',
    classUid: 3001,
    className: 'Account Change',
    activityId: 1,
    activityName: 'Create',
  },
  {
    service: IAM,
    operation: 'AttachRolePolicy',
    classUid: 3001,
    className: 'Account Change',
    activityId: 7,
    activityName: 'Attach Policy',
  },
  {
    service: IAM,
    operation: 'PutUserPolicy',
    classUid: 3001,
    className: 'Account Change',
    activityId: 7,
    activityName: 'Attach Policy',
    weight: 0.5,
  },
  {
    service: IAM,
    operation: 'DetachUserPolicy',
    classUid: 3001,
    className: 'Account Change',
    activityId: 8,
    activityName: 'Detach Policy',
    weight: 0.5,
  },
  {
    service: IAM,
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
    weight: 1.5,
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
    service: EC2,
    operation: 'DescribeInstances',
    classUid: 6003,
    className: 'API Activity',
    activityId: 2,
    activityName: 'Read',
  },
  {
    service: EC2,
    operation: 'AuthorizeSecurityGroupIngress',
    classUid: 6003,
    className: 'API Activity',
    activityId: 3,
    activityName: 'Update',
  },
  {
    service: EC2,
    operation: 'RevokeSecurityGroupIngress',
    classUid: 6003,
    className: 'API Activity',
    activityId: 3,
    activityName: 'Update',
    weight: 0.5,
  },
  {
    service: EC2,
    operation: 'CreateSecurityGroup',
    classUid: 6003,
    className: 'API Activity',
    activityId: 1,
    activityName: 'Create',
    weight: 0.5,
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

function pickWeighted<T extends { weight?: number }>(
  random: Random,
  items: readonly T[],
): T {
  const total = items.reduce((sum, item) => sum + (item.weight ?? 1), 0);
  let r = random() * total;
  for (const item of items) {
    r -= item.weight ?? 1;
    if (r < 0) return item;
  }
  return items[items.length - 1];
}

const ERRORS = [
  'AccessDenied',
  'Client.UnauthorizedOperation',
  'Client.InvalidPermission.NotFound',
  'Client.OperationNotPermitted',
];

/** The OCSF metadata CloudTrail's management and data events share (source version 2). */
function cloudTrailMetadata(
  random: Random,
  feature: 'Management' | 'Data',
  eventCode: string,
) {
  return {
    product: {
      version: '1.09',
      name: 'CloudTrail',
      vendor_name: 'AWS',
      feature: { name: feature },
    },
    event_code: eventCode,
    uid: uuid(random),
    profiles: ['cloud', 'datetime'],
    version: '1.1.0',
  };
}

const USERS = ['alice', 'bob', 'deploy-bot', 'ci-runner', 'break-glass'];

const MANAGED_POLICIES = [
  'arn:aws:iam::aws:policy/AdministratorAccess',
  'arn:aws:iam::aws:policy/AmazonS3FullAccess',
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
];

/** What a call asked for and the resource it touched, as CloudTrail records them. */
function cloudTrailRequest(
  random: Random,
  call: CloudTrailCall,
  accountId: string,
  region: string,
): {
  data: string | null;
  resource?: { uid: string; type: string };
  target?: string;
} {
  if (call.service === IAM) {
    const target = `svc-${hex(random, 6)}`;
    const user = {
      uid: `arn:aws:iam::${accountId}:user/${target}`,
      type: 'AWS::IAM::User',
    };
    switch (call.operation) {
      case 'CreateAccessKey':
        return {
          data: JSON.stringify({ userName: target }),
          resource: user,
          target,
        };
      case 'AttachRolePolicy':
      case 'DeleteRole':
        return {
          data: JSON.stringify({
            roleName: target,
            ...(call.operation === 'AttachRolePolicy'
              ? { policyArn: pick(random, MANAGED_POLICIES) }
              : {}),
          }),
          resource: {
            uid: `arn:aws:iam::${accountId}:role/${target}`,
            type: 'AWS::IAM::Role',
          },
          target,
        };
      case 'PutUserPolicy':
        return {
          data: JSON.stringify({
            userName: target,
            policyName: 'inline-s3-access',
            policyDocument:
              '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
          }),
          resource: user,
          target,
        };
      case 'DetachUserPolicy':
        return {
          data: JSON.stringify({
            userName: target,
            policyArn: pick(random, MANAGED_POLICIES),
          }),
          resource: user,
          target,
        };
      default:
        return {
          data: JSON.stringify({ userName: target }),
          resource: user,
          target,
        };
    }
  }
  if (call.operation === 'DescribeInstances') {
    const instanceId = pick(random, workloadInstances(accountId, region));
    return {
      data: JSON.stringify({
        instancesSet: { items: [{ instanceId }] },
      }),
      resource: {
        uid: instanceArn(accountId, region, instanceId),
        type: 'AWS::EC2::Instance',
      },
    };
  }
  if (call.operation.includes('SecurityGroup')) {
    const groupId = `sg-${hex(random, 17)}`;
    const port = pick(random, [22, 443, 3389, 5432]);
    const cidr = pick(random, ['0.0.0.0/0', '10.0.0.0/16', '203.0.113.0/24']);
    return {
      data: JSON.stringify(
        call.operation === 'CreateSecurityGroup'
          ? {
              groupName: `app-${hex(random, 4)}`,
              groupDescription: 'application security group',
              vpcId: `vpc-${hex(random, 8)}`,
            }
          : {
              groupId,
              ipPermissions: {
                items: [
                  {
                    ipProtocol: 'tcp',
                    fromPort: port,
                    toPort: port,
                    ipRanges: { items: [{ cidrIp: cidr }] },
                  },
                ],
              },
            },
      ),
      resource: {
        uid: `arn:aws:ec2:${region}:${accountId}:security-group/${groupId}`,
        type: 'AWS::EC2::SecurityGroup',
      },
    };
  }
  return { data: null };
}

/** @internal */
export function cloudTrailEvent(ctx: EventContext) {
  const { random, accountId, region, time } = ctx;
  const call = pickWeighted(random, CLOUDTRAIL_CALLS);
  const failed = random() < 0.15;
  const status = failed ? 'Failure' : 'Success';
  const isConsoleLogin = call.operation === 'ConsoleLogin';
  // a failed console sign-in has no error code, only "Failed authentication"
  const error = failed && !isConsoleLogin ? pick(random, ERRORS) : null;
  const ip = pick(random, SOURCE_IPS);
  // now and then someone signs in to the console as root
  const isRoot = isConsoleLogin && random() < 0.2;
  const user = isRoot ? 'root' : pick(random, USERS);
  let credential: string | null = null;
  if (!isConsoleLogin) {
    credential =
      random() < 0.1
        ? 'AIDACKCEVSQ6C2EXAMPLE'
        : `ASIA${hex(random, 16).toUpperCase()}`;
  }
  const userArn = isRoot
    ? `arn:aws:iam::${accountId}:root`
    : `arn:aws:iam::${accountId}:user/${user}`;
  const principalId = isRoot
    ? accountId
    : `AIDA${hex(random, 16).toUpperCase()}`;
  const sessionMfa = random() < 0.6;
  // additionalEventData.MFAUsed of a console sign-in
  const loginMfa = isConsoleLogin ? random() < 0.6 : null;
  const request = cloudTrailRequest(random, call, accountId, region);
  let message: string | null = null;
  if (error) {
    message = `User: ${userArn} is not authorized to perform: ${call.operation}`;
  } else if (failed) {
    message = 'Failed authentication';
  }
  // the user an IAM call changed, or the one signing in
  const signingIn = isConsoleLogin
    ? { uid_alt: principalId, uid: userArn, name: user }
    : null;
  return {
    metadata: cloudTrailMetadata(
      random,
      'Management',
      isConsoleLogin ? 'AwsConsoleSignIn' : 'AwsApiCall',
    ),
    time,
    time_dt: ts(time),
    cloud: { region, provider: 'AWS' },
    api: {
      response: {
        error,
        message,
        data: null,
      },
      operation: call.operation,
      version: null,
      service: { name: call.service },
      request: {
        data: request.data,
        uid: uuid(random),
      },
    },
    dst_endpoint: {
      svc_name: isConsoleLogin
        ? 'https://console.aws.amazon.com/console/home'
        : call.service,
    },
    actor: {
      user: {
        type: isRoot ? 'Root' : 'IAMUser',
        name: user,
        uid_alt: principalId,
        uid: userArn,
        account: { uid: accountId },
        credential_uid: credential,
      },
      session: {
        created_time_dt: isConsoleLogin ? null : ts(time - 600_000),
        is_mfa: isConsoleLogin ? null : sessionMfa,
        issuer: null,
      },
      invoked_by: null,
      idp: { name: null },
    },
    http_request: {
      user_agent: isConsoleLogin
        ? 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'
        : pick(random, [
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
    resources: request.resource
      ? [{ ...request.resource, owner: { account: { uid: accountId } } }]
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
    user: request.target
      ? { uid_alt: null, uid: null, name: request.target }
      : signingIn,
    activity_name: call.activityName,
    activity_id: call.activityId,
    type_uid: call.classUid * 100 + call.activityId,
    type_name: `${call.className}: ${call.activityName}`,
    status,
    is_mfa: loginMfa,
    unmapped: {
      recipientAccountId: accountId,
      eventCategory: 'Management',
      ...(isConsoleLogin
        ? { 'additionalEventData.MFAUsed': loginMfa ? 'Yes' : 'No' }
        : {}),
    },
    asl_version: '2.0',
    observables: [
      observable('src_endpoint.ip', ip, 'IP Address', 2),
      observable('actor.user.uid', userArn, 'Resource UID', 10),
    ],
  };
}

/**
 * The same CloudTrail event in the source version 1 (OCSF 1.0.0-rc.2) shape that accounts still on 1.0
 * write: epoch-millisecond times only, `uid`/`uuid` for principal id and ARN, `account_uid`, `mfa`, and
 * API Activity as class 3005 in the Audit Activity category.
 *
 * @internal
 */
export function toCloudTrailV1(event: ReturnType<typeof cloudTrailEvent>) {
  const classUid = event.class_uid === 6003 ? 3005 : event.class_uid;
  const { user, session } = event.actor;
  return {
    metadata: {
      product: event.metadata.product,
      uid: event.metadata.uid,
      profiles: ['cloud'],
      version: '1.0.0-rc.2',
    },
    time: event.time,
    cloud: event.cloud,
    api: {
      response: {
        error: event.api.response.error,
        message: event.api.response.message,
      },
      operation: event.api.operation,
      version: event.api.version,
      service: event.api.service,
      request: { uid: event.api.request.uid },
    },
    dst_endpoint: event.dst_endpoint,
    resources: event.resources.map(r => ({
      uid: r.uid,
      account_uid: r.owner.account.uid,
      type: r.type,
    })),
    actor: {
      user: {
        type: user.type,
        name: user.name,
        uid: user.uid_alt,
        uuid: user.uid,
        account_uid: user.account.uid,
        credential_uid: user.credential_uid,
      },
      session: {
        created_time: session.created_time_dt ? event.time - 600_000 : null,
        mfa: session.is_mfa,
        issuer: session.issuer,
      },
      invoked_by: event.actor.invoked_by,
      idp: event.actor.idp,
    },
    http_request: event.http_request,
    src_endpoint: event.src_endpoint,
    class_name: event.class_name,
    class_uid: classUid,
    category_name: 'Audit Activity',
    category_uid: 3,
    severity_id: event.severity_id,
    severity: event.severity,
    status_id: event.status === 'Success' ? 1 : 2,
    status: event.status,
    user: event.user
      ? { uid: event.user.uid_alt, uuid: event.user.uid, name: event.user.name }
      : null,
    activity_name: event.activity_name,
    activity_id: event.activity_id,
    type_uid: classUid * 100 + event.activity_id,
    type_name: event.type_name,
    mfa: event.is_mfa,
    unmapped: { ...event.unmapped, eventType: event.metadata.event_code },
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
  const instance = pick(random, workloadInstances(accountId, region));
  const endpoint = (ip: string, port: number) => ({
    port,
    svc_name: null,
    ip,
    intermediate_ips: null,
    interface_uid: eni,
    vpc_uid: vpc,
    instance_uid: instance,
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

const RARE_ZONES = ['dyn-update.example.net.', 'cdn-sync.example.org.'];

/** @internal */
export function route53Event(ctx: EventContext) {
  const { random, accountId, region, time } = ctx;
  // a few lookups go to one-off names under a dynamic DNS zone, the rare domains a hunt looks for
  const rare = random() < 0.05;
  const hostname = rare
    ? `${hex(random, 10)}.${pick(random, RARE_ZONES)}`
    : pick(random, HOSTNAMES);
  const nxdomain =
    hostname === 'nonexistent.corp.' || (!rare && random() < 0.05);
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
      instance_uid: pick(random, workloadInstances(accountId, region)),
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

/** What the data-event sources (S3, Lambda) share with CloudTrail management events. */
function dataEventBase(
  ctx: EventContext,
  opts: {
    service: string;
    operation: string;
    activityId: number;
    activityName: string;
    principal: DataEventPrincipal;
    error: string | null;
    requestData: string;
    resources: { uid: string; type: string }[];
    /** The caller's address, or the AWS service that called on its behalf. */
    src: { ip: string } | { domain: string };
    userAgent: string;
    unmapped: Record<string, string>;
  },
) {
  const { random, accountId, region, time } = ctx;
  const { principal, error } = opts;
  const credential = `ASIA${hex(random, 16).toUpperCase()}`;
  return {
    metadata: cloudTrailMetadata(random, 'Data', 'AwsApiCall'),
    time,
    time_dt: ts(time),
    cloud: { region, provider: 'AWS' },
    api: {
      response: {
        error,
        message: error
          ? `User: ${principal.uid} is not authorized to perform: ${opts.operation}`
          : null,
        data: null,
      },
      operation: opts.operation,
      version: null,
      service: { name: opts.service },
      request: { data: opts.requestData, uid: hex(random, 16).toUpperCase() },
    },
    dst_endpoint: { svc_name: opts.service },
    actor: {
      user: {
        type: principal.type,
        name: principal.name,
        uid_alt: `AROA${hex(random, 16).toUpperCase()}:${principal.name}`,
        uid: principal.uid,
        account: { uid: principal.accountId },
        credential_uid: credential,
      },
      session: {
        created_time_dt: ts(time - 900_000),
        is_mfa: false,
        issuer: principal.issuer,
      },
      invoked_by: principal.invokedBy ?? null,
      idp: { name: null },
    },
    http_request: { user_agent: opts.userAgent },
    src_endpoint: {
      uid: null,
      ip: 'ip' in opts.src ? opts.src.ip : null,
      domain: 'domain' in opts.src ? opts.src.domain : null,
    },
    session: {
      uid: null,
      uid_alt: null,
      credential_uid: credential,
      issuer: principal.issuer,
    },
    policy: { uid: null },
    resources: opts.resources.map(r => ({
      ...r,
      owner: { account: { uid: accountId } },
    })),
    class_name: 'API Activity',
    class_uid: 6003,
    category_name: 'Application Activity',
    category_uid: 6,
    severity_id: 1,
    severity: 'Informational',
    user: null,
    activity_name: opts.activityName,
    activity_id: opts.activityId,
    type_uid: 600300 + opts.activityId,
    type_name: `API Activity: ${opts.activityName}`,
    status: error ? 'Failure' : 'Success',
    is_mfa: null,
    unmapped: {
      recipientAccountId: accountId,
      eventCategory: 'Data',
      ...opts.unmapped,
    },
    asl_version: '2.0',
    observables: [
      'ip' in opts.src
        ? observable('src_endpoint.ip', opts.src.ip, 'IP Address', 2)
        : observable('src_endpoint.domain', opts.src.domain, 'Hostname', 1),
      observable('actor.user.uid', principal.uid, 'Resource UID', 10),
    ],
  };
}

interface DataEventPrincipal {
  type: string;
  name: string;
  uid: string;
  accountId: string;
  issuer: string | null;
  invokedBy?: string;
}

function assumedRole(
  accountId: string,
  role: string,
  session: string,
  invokedBy?: string,
): DataEventPrincipal {
  return {
    type: 'AssumedRole',
    name: session,
    uid: `arn:aws:sts::${accountId}:assumed-role/${role}/${session}`,
    accountId,
    issuer: `arn:aws:iam::${accountId}:role/${role}`,
    invokedBy,
  };
}

/** The buckets every sample account has; names end in the account id, as bucket names must be unique. @internal */
export const S3_BUCKETS = [
  'payments-invoices',
  'app-assets',
  'data-exports',
  'terraform-state',
];

const S3_OPERATIONS = [
  { operation: 'GetObject', activityId: 2, activityName: 'Read', weight: 6 },
  { operation: 'HeadObject', activityId: 2, activityName: 'Read', weight: 1 },
  { operation: 'PutObject', activityId: 1, activityName: 'Create', weight: 3 },
  {
    operation: 'DeleteObject',
    activityId: 4,
    activityName: 'Delete',
    weight: 1,
  },
];

const S3_KEYS: Record<string, string[]> = {
  'payments-invoices': ['invoices/2026/11/INV-', 'receipts/RCP-'],
  'app-assets': ['static/js/app.', 'images/logo-'],
  'data-exports': ['exports/customers-', 'exports/orders-'],
  'terraform-state': [
    'env/prod/terraform.tfstate',
    'env/dev/terraform.tfstate',
  ],
};

/**
 * An S3 data event (CloudTrail data events for S3 objects): API Activity 6003 with the object and its
 * bucket in `resources`, some of it denied.
 *
 * @internal
 */
export function s3DataEvent(ctx: EventContext) {
  const { random, accountId } = ctx;
  const bucketName = pick(random, S3_BUCKETS);
  const bucket = `${bucketName}-${accountId}`;
  const prefix = pick(random, S3_KEYS[bucketName]);
  const key = prefix.endsWith('.tfstate')
    ? prefix
    : `${prefix}${hex(random, 8)}${prefix.includes('js') ? '.js' : '.pdf'}`;
  const op = pickWeighted(random, S3_OPERATIONS);
  // an outside vendor's role keeps trying, and is always refused; others are now and then
  const outsider = random() < 0.06;
  const principal = outsider
    ? assumedRole('999999999999', 'vendor-sync', 'sync-job')
    : pick(random, [
        assumedRole(accountId, 'payments-api', `i-${hex(random, 17)}`),
        assumedRole(accountId, 'ci-deploy', 'GitHubActions'),
        assumedRole(accountId, 'data-export-job', 'export'),
        {
          type: 'IAMUser',
          name: 'alice',
          uid: `arn:aws:iam::${accountId}:user/alice`,
          accountId,
          issuer: null,
        },
      ]);
  const denied = outsider || random() < 0.05;
  return dataEventBase(ctx, {
    service: 's3.amazonaws.com',
    operation: op.operation,
    activityId: op.activityId,
    activityName: op.activityName,
    principal,
    error: denied ? 'AccessDenied' : null,
    requestData: JSON.stringify({
      bucketName: bucket,
      Host: `${bucket}.s3.${ctx.region}.amazonaws.com`,
      key,
    }),
    resources: [
      { uid: `arn:aws:s3:::${bucket}/${key}`, type: 'AWS::S3::Object' },
      { uid: `arn:aws:s3:::${bucket}`, type: 'AWS::S3::Bucket' },
    ],
    src: {
      ip: outsider
        ? '203.0.113.10'
        : `10.0.${Math.floor(random() * 8)}.${Math.floor(random() * 250) + 2}`,
    },
    userAgent: pick(random, [
      '[aws-sdk-java/2.25.11]',
      '[Boto3/1.34.0]',
      '[aws-cli/2.15.30]',
    ]),
    unmapped: {
      'additionalEventData.bytesTransferredOut': String(
        op.operation === 'GetObject' && !denied
          ? Math.floor(random() * 2_000_000)
          : 0,
      ),
    },
  });
}

/** @internal */
export const LAMBDA_FUNCTIONS = [
  {
    name: 'payments-api-authorizer',
    weight: 5,
    invokedBy: 'apigateway.amazonaws.com',
  },
  { name: 'order-events-consumer', weight: 4, invokedBy: 'sqs.amazonaws.com' },
  { name: 'invoice-renderer', weight: 2, invokedBy: undefined },
  { name: 'image-resizer', weight: 2, invokedBy: 's3.amazonaws.com' },
  { name: 'nightly-report', weight: 0.5, invokedBy: 'events.amazonaws.com' },
];

/**
 * A Lambda data event: an `Invoke` of one of the account's functions, by a service or a role.
 *
 * @internal
 */
export function lambdaExecutionEvent(ctx: EventContext) {
  const { random, accountId, region } = ctx;
  const fn = pickWeighted(random, LAMBDA_FUNCTIONS);
  const arn = `arn:aws:lambda:${region}:${accountId}:function:${fn.name}`;
  const principal = fn.invokedBy
    ? assumedRole(
        accountId,
        `${fn.name}-invoker`,
        fn.invokedBy.split('.')[0],
        fn.invokedBy,
      )
    : assumedRole(accountId, 'payments-api', `i-${hex(random, 17)}`);
  const error =
    random() < 0.06
      ? pick(random, ['TooManyRequestsException', 'AccessDeniedException'])
      : null;
  return dataEventBase(ctx, {
    service: 'lambda.amazonaws.com',
    operation: 'Invoke',
    activityId: 99,
    activityName: 'Other',
    principal,
    error,
    requestData: JSON.stringify({
      functionName: arn,
      invocationType:
        fn.invokedBy === 's3.amazonaws.com' ? 'Event' : 'RequestResponse',
    }),
    resources: [{ uid: arn, type: 'AWS::Lambda::Function' }],
    src: fn.invokedBy
      ? { domain: fn.invokedBy }
      : {
          ip: `10.0.${Math.floor(random() * 8)}.${
            Math.floor(random() * 250) + 2
          }`,
        },
    userAgent: fn.invokedBy ?? '[aws-sdk-nodejs/3.600.0]',
    unmapped: {},
  });
}

const EKS_VERBS: Record<string, { id: number; name: string }> = {
  create: { id: 1, name: 'Create' },
  get: { id: 2, name: 'Read' },
  list: { id: 2, name: 'Read' },
  watch: { id: 2, name: 'Read' },
  update: { id: 3, name: 'Update' },
  patch: { id: 3, name: 'Update' },
  delete: { id: 4, name: 'Delete' },
};

const EKS_NAMESPACES = ['payments', 'checkout', 'kube-system'];

/**
 * An EKS audit log event: mostly controllers reading and watching, people deploying, now and then an
 * `exec` into a pod, and anonymous probes of the API server from outside.
 *
 * @internal
 */
export function eksAuditEvent(ctx: EventContext) {
  const { random, accountId, region, time } = ctx;
  const kind = pickWeighted(random, [
    { kind: 'controller', weight: 10 },
    { kind: 'deploy', weight: 3 },
    { kind: 'exec', weight: 1.5 },
    { kind: 'anonymous', weight: 1.5 },
  ]).kind;
  const namespace = pick(random, EKS_NAMESPACES);
  const pod = `${
    namespace === 'kube-system' ? 'coredns' : `${namespace}-api`
  }-${hex(random, 9)}-${hex(random, 5)}`;
  let verb: string;
  let path: string;
  let user: { name: string; uid: string; groups: string[] };
  let resource: { type: string; name: string | null; namespace: string | null };
  let srcIp = `10.0.${Math.floor(random() * 8)}.${
    Math.floor(random() * 250) + 2
  }`;
  let code = 200;
  let group = '';
  let userAgent = 'kube-controller-manager/v1.30.2 (linux/amd64) kubernetes';
  switch (kind) {
    case 'exec': {
      verb = 'create';
      const who = pick(random, ['alice', 'bob', 'break-glass']);
      user = {
        name: who,
        uid: `aws-iam-authenticator:${accountId}:AROA${hex(
          random,
          16,
        ).toUpperCase()}`,
        groups: [
          'system:authenticated',
          who === 'bob' ? 'developers' : 'system:masters',
        ],
      };
      path = `/api/v1/namespaces/${namespace}/pods/${pod}/exec?command=%2Fbin%2Fsh&container=app&stdin=true&stdout=true&tty=true`;
      resource = { type: 'pods/exec', name: pod, namespace };
      code = 101;
      userAgent = 'kubectl/v1.30.2 (darwin/arm64) kubernetes/3968350';
      break;
    }
    case 'anonymous': {
      verb = 'get';
      user = {
        name: 'system:anonymous',
        uid: '',
        groups: ['system:unauthenticated'],
      };
      path = pick(random, [
        '/',
        '/version',
        '/api/v1/namespaces/kube-system/secrets',
        '/api/v1/pods',
        '/.env',
      ]);
      resource = { type: '', name: null, namespace: null };
      if (path.includes('secrets')) {
        resource = { type: 'secrets', name: null, namespace: 'kube-system' };
      } else if (path.includes('pods')) {
        resource = { type: 'pods', name: null, namespace: null };
      }
      srcIp = pick(random, ['198.51.100.23', '203.0.113.10', '192.0.2.2']);
      code = path === '/version' ? 200 : 403;
      userAgent = pick(random, [
        'curl/8.5.0',
        'python-requests/2.31.0',
        'Go-http-client/1.1',
      ]);
      break;
    }
    case 'deploy': {
      verb = pick(random, ['patch', 'update', 'get']);
      group = 'apps';
      user = {
        name: 'ci-deploy',
        uid: `aws-iam-authenticator:${accountId}:AROA${hex(
          random,
          16,
        ).toUpperCase()}`,
        groups: ['system:authenticated', 'deployers'],
      };
      const deployment = `${
        namespace === 'kube-system' ? 'coredns' : `${namespace}-api`
      }`;
      path = `/apis/apps/v1/namespaces/${namespace}/deployments/${deployment}`;
      resource = { type: 'deployments', name: deployment, namespace };
      userAgent = 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350';
      break;
    }
    default: {
      verb = pick(random, ['get', 'list', 'watch', 'update']);
      user = {
        name: 'system:kube-controller-manager',
        uid: '',
        groups: ['system:authenticated'],
      };
      if (verb === 'update' || verb === 'get') {
        group = 'coordination.k8s.io';
        path = `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager`;
        resource = {
          type: 'leases',
          name: 'kube-controller-manager',
          namespace: 'kube-system',
        };
      } else {
        path = `/api/v1/namespaces/${namespace}/pods`;
        resource = { type: 'pods', name: null, namespace };
      }
      srcIp = '172.16.4.9';
    }
  }
  const activity = EKS_VERBS[verb];
  const cluster = `${
    accountId === '555555555555' ? 'security' : 'apps'
  }-${region}`;
  return {
    metadata: {
      log_level: kind === 'exec' ? 'RequestResponse' : 'Metadata',
      product: {
        version: 'audit.k8s.io/v1',
        vendor_name: 'AWS',
        name: 'Amazon EKS',
        feature: { name: 'Elastic Kubernetes Service' },
      },
      profiles: ['cloud', 'datetime'],
      version: '1.1.0',
    },
    api: {
      request: { uid: uuid(random), containers: null },
      operation: verb,
      version: 'v1',
      response: {
        code,
        message:
          code === 403
            ? `forbidden: User "${user.name}" cannot ${verb} path "${
                path.split('?')[0]
              }"`
            : null,
        error: code === 403 ? 'Forbidden' : null,
        error_message: code === 403 ? 'Failure' : null,
        containers: null,
      },
      group: { name: group },
    },
    message: 'ResponseComplete',
    http_request: { url: { path }, user_agent: userAgent },
    actor: {
      user: {
        name: user.name,
        uid: user.uid || null,
        groups: user.groups.map(name => ({ name })),
        type_id: 0,
      },
      session: { credential_uid: null, issuer: null, uid: null },
    },
    cloud: { account: { uid: accountId }, provider: 'AWS' },
    src_endpoint: { ip: srcIp, intermediate_ips: null },
    resources: [
      {
        namespace: resource.namespace,
        name: resource.name,
        uid: null,
        version: null,
        type: resource.type,
      },
    ],
    start_time_dt: ts(time - 20),
    time_dt: ts(time),
    time,
    severity_id: 1,
    severity: 'Informational',
    class_name: 'API Activity',
    class_uid: 6003,
    category_name: 'Application Activity',
    category_uid: 6,
    activity_name: activity.name,
    activity_id: activity.id,
    type_name: `API Activity: ${activity.name}`,
    type_uid: 600300 + activity.id,
    unmapped: {
      clusterName: cluster,
      'annotations.authorization.k8s.io/decision':
        code === 403 ? 'forbid' : 'allow',
    },
    asl_version: '2.0',
    observables: [
      observable('src_endpoint.ip', srcIp, 'IP Address', 2),
      observable('actor.user.name', user.name, 'User Name', 4),
      observable('http_request.url.path', path, 'URL String', 6),
    ],
  };
}

const WAF_BLOCK_RULES = [
  {
    uid: 'AWS-AWSManagedRulesCommonRuleSet',
    type: 'MANAGED_RULE_GROUP',
    condition: 'XSS',
    location: 'BODY',
    label: 'awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body',
    method: 'POST',
    path: '/api/v1/comments',
    args: '',
    match: ['<script>alert(1)</script>'],
    weight: 2,
  },
  {
    uid: 'AWS-AWSManagedRulesSQLiRuleSet',
    type: 'MANAGED_RULE_GROUP',
    condition: 'SQL_INJECTION',
    location: 'QUERY_STRING',
    label: 'awswaf:managed:aws:sql-database:SQLi_QueryArguments',
    method: 'GET',
    path: '/api/v1/orders',
    args: 'id=1%27%20OR%20%271%27%3D%271',
    match: ["1' OR '1'='1"],
    weight: 2,
  },
  {
    uid: 'AWS-AWSManagedRulesKnownBadInputsRuleSet',
    type: 'MANAGED_RULE_GROUP',
    condition: 'REGEX',
    location: 'URI',
    label: 'awswaf:managed:aws:known-bad-inputs:ExploitablePaths_URIPath',
    method: 'GET',
    path: '/.aws/credentials',
    args: '',
    match: ['/.aws/'],
    weight: 1.5,
  },
  {
    uid: 'RateLimitPerClientIp',
    type: 'RATE_BASED',
    condition: null,
    location: null,
    label: 'awswaf:<account>:webacl:public-api:rule:RateLimitPerClientIp',
    method: 'POST',
    path: '/api/v1/login',
    args: '',
    match: null,
    weight: 2,
  },
  {
    uid: 'BlockListedIpSet',
    type: 'REGULAR',
    condition: null,
    location: null,
    label: null,
    method: 'GET',
    path: '/',
    args: '',
    match: null,
    weight: 1,
  },
];

const WAF_ATTACKERS = [
  { ip: '198.51.100.23', country: 'NL' },
  { ip: '203.0.113.10', country: 'BR' },
  { ip: '203.0.113.77', country: 'RU' },
  { ip: '192.0.2.44', country: 'CN' },
];

const WAF_CLIENT_COUNTRIES = ['US', 'US', 'DE', 'GB', 'FR', 'AU', 'IE'];

const HTTP_ACTIVITIES: Record<string, number> = {
  DELETE: 2,
  GET: 3,
  HEAD: 4,
  OPTIONS: 5,
  POST: 6,
  PUT: 7,
};

/**
 * An AWS WAF web ACL log record: HTTP Activity 4002, the terminating rule in `firewall_rule`, blocked
 * requests mostly from a few addresses.
 *
 * @internal
 */
export function wafEvent(ctx: EventContext) {
  const { random, accountId, region, time } = ctx;
  const blocked = random() < 0.3;
  const rule = blocked ? pickWeighted(random, WAF_BLOCK_RULES) : null;
  const attacker =
    blocked && random() < 0.85 ? pick(random, WAF_ATTACKERS) : null;
  const client = attacker ?? {
    ip: `${pick(random, ['34', '52', '81', '90', '151'])}.${Math.floor(
      random() * 250,
    )}.${Math.floor(random() * 250)}.${Math.floor(random() * 250) + 1}`,
    country: pick(random, WAF_CLIENT_COUNTRIES),
  };
  const method =
    rule?.method ?? pick(random, ['GET', 'GET', 'GET', 'POST', 'PUT']);
  const path =
    rule?.path ??
    pick(random, [
      '/',
      '/api/v1/orders',
      '/api/v1/cart',
      '/static/app.js',
      '/api/v1/login',
    ]);
  const hostname = pick(random, [
    'api.payments.example.com',
    'shop.example.com',
  ]);
  const webAcl = `arn:aws:wafv2:${region}:${accountId}:regional/webacl/public-api/${uuid(
    random,
  )}`;
  const activityId = HTTP_ACTIVITIES[method];
  const activityName = method.charAt(0) + method.slice(1).toLowerCase();
  const userAgent = attacker
    ? pick(random, [
        'sqlmap/1.8.2#stable',
        'python-requests/2.31.0',
        'Nuclei - Open-source project',
      ])
    : 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
  return {
    metadata: {
      product: {
        feature: { uid: webAcl },
        version: '1',
        vendor_name: 'AWS',
        name: 'AWS WAF',
      },
      labels: rule?.label ? [rule.label.replace('<account>', accountId)] : [],
      profiles: ['cloud', 'firewall', 'datetime'],
      version: '1.1.0',
    },
    src_endpoint: {
      svc_name: 'ALB',
      uid: `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/app/public-api/${hex(
        random,
        16,
      )}`,
      ip: client.ip,
      location: { country: client.country },
    },
    http_request: {
      url: { path, hostname },
      version: 'HTTP/1.1',
      http_method: method,
      uid: `1-${hex(random, 8)}-${hex(random, 24)}`,
      args: rule?.args ?? '',
      http_headers: [
        { name: 'Host', value: hostname },
        { name: 'Accept', value: '*/*' },
      ],
      user_agent: userAgent,
      x_forwarded_for: null,
      referrer: null,
    },
    firewall_rule: {
      uid: rule?.uid ?? 'Default_Action',
      type: rule?.type ?? 'REGULAR',
      condition: rule?.condition ?? null,
      match_location: rule?.location ?? null,
      match_details: rule?.match ?? null,
      rate_limit: rule?.type === 'RATE_BASED' ? 2000 : null,
    },
    http_status: blocked ? 403 : pick(random, [200, 200, 200, 304, 404]),
    time,
    time_dt: ts(time),
    class_name: 'HTTP Activity',
    class_uid: 4002,
    category_name: 'Network Activity',
    category_uid: 4,
    severity_id: 1,
    severity: 'Informational',
    cloud: { provider: 'AWS' },
    activity_name: activityName,
    activity_id: activityId,
    type_name: `HTTP Activity: ${activityName}`,
    type_uid: 400200 + activityId,
    action: blocked ? 'Denied' : 'Allowed',
    action_id: blocked ? 2 : 1,
    disposition: blocked ? 'Blocked' : 'Allowed',
    disposition_id: blocked ? 2 : 1,
    unmapped: {
      action: blocked ? 'BLOCK' : 'ALLOW',
      webaclId: webAcl,
      terminatingRuleId: rule?.uid ?? 'Default_Action',
    },
    asl_version: '2.0',
    observables: [
      observable('src_endpoint.ip', client.ip, 'IP Address', 2),
      observable('http_request.url.hostname', hostname, 'Hostname', 1),
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
