/** S3 data events and Lambda execution events. */
import { cloudTrailMetadata } from './cloudTrail';
import {
  EventContext,
  hex,
  observable,
  pick,
  pickWeighted,
  ts,
} from './common';

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
