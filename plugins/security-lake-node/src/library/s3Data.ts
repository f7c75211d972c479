import { LibraryQuery } from '@internal/plugin-security-lake-common';
import { V2_WINDOW } from './window';

/** An S3 bucket name: 3–63 lower-case letters, digits, dots and hyphens. */
const BUCKET_PATTERN = '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$';

/** @internal */
export const s3BucketActivity: LibraryQuery = {
  id: 's3-bucket-activity',
  title: 'Data access to an S3 bucket',
  description:
    "Object-level calls (GetObject, PutObject, DeleteObject, ...) on one bucket: who read or changed what, from where, and what was denied. Needs S3 data events, which CloudTrail records only for the buckets they're enabled on.",
  sources: ['S3_DATA'],
  sourceVersions: ['2.0'],
  tags: ['s3', 'data-access', 'investigation'],
  parameters: [
    {
      name: 'bucket',
      title: 'Bucket name',
      description: 'The bucket name, without `s3://` or an ARN prefix.',
      type: 'string',
      maxLength: 63,
      pattern: BUCKET_PATTERN,
      placeholder: 'payments-invoices-111111111111',
    },
    {
      name: 'outcome',
      title: 'Calls',
      description: '`denied` keeps only calls that failed.',
      type: 'choice',
      options: ['all', 'denied'],
      default: 'all',
    },
  ],
  defaultWindowHours: 24,
  sql: {
    '2.0': `SELECT
  time_dt,
  accountid,
  region,
  api.operation AS operation,
  api.request.data AS request,
  actor.user.uid AS principal,
  actor.user.account.uid AS principal_account,
  status,
  api.response.error AS error,
  src_endpoint.ip AS source_ip,
  http_request.user_agent AS user_agent
FROM {{table}}
CROSS JOIN UNNEST(resources) AS r(res)
WHERE ${V2_WINDOW}
  AND res.type = 'AWS::S3::Bucket'
  AND res.uid = concat('arn:aws:s3:::', {{bucket}})
  AND ({{outcome}} = 'all' OR api.response.error IS NOT NULL)
ORDER BY time_dt DESC, metadata.uid
LIMIT 1000`,
  },
};

/** @internal */
export const s3AccessDenied: LibraryQuery = {
  id: 's3-access-denied',
  title: 'S3 access denied by bucket and principal',
  description:
    'Object-level calls refused with AccessDenied, counted per bucket, principal and operation. Principals from other accounts, or roles suddenly denied, are worth a look.',
  sources: ['S3_DATA'],
  sourceVersions: ['2.0'],
  tags: ['s3', 'data-access', 'access-denied'],
  parameters: [],
  defaultWindowHours: 168,
  sql: {
    '2.0': `SELECT
  accountid,
  res.uid AS bucket_arn,
  actor.user.uid AS principal,
  actor.user.account.uid AS principal_account,
  api.operation AS operation,
  count(*) AS denied,
  count(DISTINCT src_endpoint.ip) AS source_ips,
  min(time_dt) AS first_seen,
  max(time_dt) AS last_seen
FROM {{table}}
CROSS JOIN UNNEST(resources) AS r(res)
WHERE ${V2_WINDOW}
  AND res.type = 'AWS::S3::Bucket'
  AND api.response.error = 'AccessDenied'
GROUP BY
  accountid,
  res.uid,
  actor.user.uid,
  actor.user.account.uid,
  api.operation
ORDER BY denied DESC, bucket_arn, principal, operation
LIMIT 1000`,
  },
};

/** @internal */
export const S3_DATA_QUERIES: readonly LibraryQuery[] = [
  s3BucketActivity,
  s3AccessDenied,
];
