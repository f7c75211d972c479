/** CloudTrail management events (source version 2, and version 1 for the log archive). */
import {
  EventContext,
  Random,
  SOURCE_IPS,
  hex,
  instanceArn,
  observable,
  pick,
  pickWeighted,
  ts,
  uuid,
  workloadInstances,
} from './common';

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

const ERRORS = [
  'AccessDenied',
  'Client.UnauthorizedOperation',
  'Client.InvalidPermission.NotFound',
  'Client.OperationNotPermitted',
];

/** The OCSF metadata CloudTrail's management and data events share (source version 2). */
export function cloudTrailMetadata(
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
