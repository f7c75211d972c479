import { LibraryQuery } from '@internal/plugin-security-lake-common';
import { V1_WINDOW, V2_WINDOW } from './window';

// Source version 1 (OCSF 1.0.0-rc.2) spells some CloudTrail fields differently: `actor.user.uuid` is the
// ARN (`uid` the principal id), `mfa` instead of `is_mfa`, no `api.request.data`, and no `time_dt`.
const V1_TIME = 'from_unixtime(time / 1000)';

/**
 * Who called which operations, as whom, from where and how it went, in either source version: the
 * change-tracking queries differ only in which calls they keep (`filter`, added to the window).
 */
function apiCalls(filter: string): LibraryQuery['sql'] {
  return {
    '2.0': `SELECT
  time_dt,
  accountid,
  region,
  api.operation AS operation,
  actor.user.uid AS actor,
  actor.user.type AS actor_type,
  api.request.data AS request,
  status,
  api.response.error AS error,
  src_endpoint.ip AS source_ip,
  http_request.user_agent AS user_agent
FROM {{table}}
WHERE ${V2_WINDOW}
  AND ${filter}
ORDER BY time_dt DESC, metadata.uid
LIMIT 1000`,
    '1.0': `SELECT
  ${V1_TIME} AS time_dt,
  accountid,
  region,
  api.operation AS operation,
  actor.user.uuid AS actor,
  actor.user.type AS actor_type,
  status,
  api.response.error AS error,
  src_endpoint.ip AS source_ip,
  http_request.user_agent AS user_agent
FROM {{table}}
WHERE ${V1_WINDOW}
  AND ${filter}
ORDER BY time DESC, metadata.uid
LIMIT 1000`,
  };
}

const IAM_WRITE_OPERATIONS = [
  'CreateUser',
  'DeleteUser',
  'UpdateUser',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'DeleteLoginProfile',
  'CreateAccessKey',
  'UpdateAccessKey',
  'DeleteAccessKey',
  'AddUserToGroup',
  'RemoveUserFromGroup',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'PutUserPolicy',
  'DeleteUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
  'PutGroupPolicy',
  'DeleteGroupPolicy',
  'CreateRole',
  'DeleteRole',
  'UpdateAssumeRolePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'SetDefaultPolicyVersion',
  'DeactivateMFADevice',
  'DeleteVirtualMFADevice',
]
  .map(op => `'${op}'`)
  .join(', ');

/** @internal */
export const cloudTrailIamChanges: LibraryQuery = {
  id: 'cloudtrail-iam-changes',
  title: 'IAM users, access keys and policies created or changed',
  description:
    'Every IAM call that creates, changes or deletes a user, role, group, login profile, access key, MFA device or policy, with who made it, from where and whether it succeeded. Start here after a suspected credential compromise or to review access changes.',
  sources: ['CLOUD_TRAIL_MGMT'],
  sourceVersions: ['2.0', '1.0'],
  tags: ['cloudtrail', 'iam', 'identity', 'change-tracking'],
  parameters: [],
  defaultWindowHours: 168,
  sql: apiCalls(`api.service.name = 'iam.amazonaws.com'
  AND api.operation IN (${IAM_WRITE_OPERATIONS})`),
};

/** @internal */
export const cloudTrailRootAndNoMfaLogins: LibraryQuery = {
  id: 'cloudtrail-root-and-no-mfa-logins',
  title: 'Root activity and console sign-ins without MFA',
  description:
    'Anything the root user did, and every console sign-in made without multi-factor authentication, successful or not. Root should be all but unused and every human sign-in should use MFA, so each row deserves a look.',
  sources: ['CLOUD_TRAIL_MGMT'],
  sourceVersions: ['2.0', '1.0'],
  tags: ['cloudtrail', 'identity', 'mfa', 'root'],
  parameters: [],
  defaultWindowHours: 168,
  sql: {
    '2.0': `SELECT
  time_dt,
  accountid,
  region,
  api.operation AS operation,
  actor.user.type AS user_type,
  actor.user.uid AS user_arn,
  actor.user.name AS user_name,
  is_mfa,
  status,
  api.response.error AS error,
  src_endpoint.ip AS source_ip,
  http_request.user_agent AS user_agent
FROM {{table}}
WHERE ${V2_WINDOW}
  AND (
    actor.user.type = 'Root'
    OR (api.operation = 'ConsoleLogin' AND coalesce(is_mfa, false) = false)
  )
ORDER BY time_dt DESC, metadata.uid
LIMIT 1000`,
    '1.0': `SELECT
  ${V1_TIME} AS time_dt,
  accountid,
  region,
  api.operation AS operation,
  actor.user.type AS user_type,
  actor.user.uuid AS user_arn,
  actor.user.name AS user_name,
  mfa AS is_mfa,
  status,
  api.response.error AS error,
  src_endpoint.ip AS source_ip,
  http_request.user_agent AS user_agent
FROM {{table}}
WHERE ${V1_WINDOW}
  AND (
    actor.user.type = 'Root'
    OR (api.operation = 'ConsoleLogin' AND coalesce(mfa, false) = false)
  )
ORDER BY time DESC, metadata.uid
LIMIT 1000`,
  },
};

/** @internal */
export const cloudTrailApiErrorsByPrincipal: LibraryQuery = {
  id: 'cloudtrail-api-errors-by-principal',
  title: 'API errors by principal',
  description:
    'Failed API calls (AccessDenied, UnauthorizedOperation and every other error code) counted per principal and error, with how many operations and source addresses were involved. A principal probing for permissions stands out at the top.',
  sources: ['CLOUD_TRAIL_MGMT'],
  sourceVersions: ['2.0', '1.0'],
  tags: ['cloudtrail', 'errors', 'access-denied', 'identity'],
  parameters: [
    {
      name: 'minErrors',
      title: 'At least this many errors',
      description: 'Leave out principals with fewer errors of a kind.',
      type: 'integer',
      default: 1,
      min: 1,
      max: 1000000,
    },
  ],
  defaultWindowHours: 24,
  sql: {
    '2.0': `SELECT
  accountid,
  actor.user.uid AS principal,
  actor.user.type AS principal_type,
  api.response.error AS error,
  count(*) AS errors,
  count(DISTINCT api.operation) AS operations,
  max(api.operation) AS sample_operation,
  count(DISTINCT src_endpoint.ip) AS source_ips,
  min(time_dt) AS first_seen,
  max(time_dt) AS last_seen
FROM {{table}}
WHERE ${V2_WINDOW}
  AND api.response.error IS NOT NULL
GROUP BY accountid, actor.user.uid, actor.user.type, api.response.error
HAVING count(*) >= {{minErrors}}
ORDER BY errors DESC, principal, error
LIMIT 1000`,
    '1.0': `SELECT
  accountid,
  actor.user.uuid AS principal,
  actor.user.type AS principal_type,
  api.response.error AS error,
  count(*) AS errors,
  count(DISTINCT api.operation) AS operations,
  max(api.operation) AS sample_operation,
  count(DISTINCT src_endpoint.ip) AS source_ips,
  from_unixtime(min(time) / 1000) AS first_seen,
  from_unixtime(max(time) / 1000) AS last_seen
FROM {{table}}
WHERE ${V1_WINDOW}
  AND api.response.error IS NOT NULL
GROUP BY accountid, actor.user.uuid, actor.user.type, api.response.error
HAVING count(*) >= {{minErrors}}
ORDER BY errors DESC, principal, error
LIMIT 1000`,
  },
};

const SECURITY_GROUP_OPERATIONS = [
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'ModifySecurityGroupRules',
  'UpdateSecurityGroupRuleDescriptionsIngress',
  'UpdateSecurityGroupRuleDescriptionsEgress',
]
  .map(op => `'${op}'`)
  .join(', ');

/** @internal */
export const cloudTrailSecurityGroupChanges: LibraryQuery = {
  id: 'cloudtrail-security-group-changes',
  title: 'Security group changes',
  description:
    'Security groups created or deleted and rules authorised, revoked or modified, with the request (ports and CIDR ranges, on source version 2) and who made the change. Look for 0.0.0.0/0 on administrative ports.',
  sources: ['CLOUD_TRAIL_MGMT'],
  sourceVersions: ['2.0', '1.0'],
  tags: ['cloudtrail', 'network', 'ec2', 'change-tracking'],
  parameters: [],
  defaultWindowHours: 168,
  sql: apiCalls(`api.service.name = 'ec2.amazonaws.com'
  AND api.operation IN (${SECURITY_GROUP_OPERATIONS})`),
};

/** @internal */
export const cloudTrailActivityFromIp: LibraryQuery = {
  id: 'cloudtrail-activity-from-ip',
  title: 'API activity from an IP address',
  description:
    'Every management API call made from one source address: what was called, by whom, and whether it worked. Use it to scope what an address from a finding or an alert did.',
  sources: ['CLOUD_TRAIL_MGMT'],
  sourceVersions: ['2.0', '1.0'],
  tags: ['cloudtrail', 'investigation', 'ip'],
  parameters: [
    {
      name: 'ip',
      title: 'Source IP address',
      description: 'An IPv4 or IPv6 address, exactly as CloudTrail records it.',
      type: 'string',
      maxLength: 45,
      pattern: '^[0-9A-Fa-f.:]{2,45}$',
      placeholder: '192.0.2.1',
    },
  ],
  defaultWindowHours: 168,
  sql: {
    '2.0': `SELECT
  time_dt,
  accountid,
  region,
  api.service.name AS service,
  api.operation AS operation,
  actor.user.uid AS actor,
  status,
  api.response.error AS error,
  http_request.user_agent AS user_agent
FROM {{table}}
WHERE ${V2_WINDOW}
  AND src_endpoint.ip = {{ip}}
ORDER BY time_dt DESC, metadata.uid
LIMIT 1000`,
    '1.0': `SELECT
  ${V1_TIME} AS time_dt,
  accountid,
  region,
  api.service.name AS service,
  api.operation AS operation,
  actor.user.uuid AS actor,
  status,
  api.response.error AS error,
  http_request.user_agent AS user_agent
FROM {{table}}
WHERE ${V1_WINDOW}
  AND src_endpoint.ip = {{ip}}
ORDER BY time DESC, metadata.uid
LIMIT 1000`,
  },
};

/** @internal */
export const cloudTrailResourceActivity: LibraryQuery = {
  id: 'cloudtrail-resource-activity',
  title: 'API activity on a resource',
  description:
    'Every management API call that names one resource (by its ARN, or the id CloudTrail records): who called what, from where, and whether it worked. The CloudTrail side of "the logs around a finding".',
  sources: ['CLOUD_TRAIL_MGMT'],
  sourceVersions: ['2.0', '1.0'],
  tags: ['cloudtrail', 'investigation', 'resource', 'findings'],
  parameters: [
    {
      name: 'resource',
      title: 'Resource ARN or id',
      description:
        'Matched exactly against the resources CloudTrail lists for each call.',
      type: 'string',
      maxLength: 2048,
      pattern: '^[A-Za-z0-9][A-Za-z0-9:/._@+=,*-]{2,2047}$',
      placeholder: 'arn:aws:ec2:us-east-1:111111111111:instance/i-0abc123',
    },
  ],
  defaultWindowHours: 24,
  sql: apiCalls('any_match(resources, r -> r.uid = {{resource}})'),
};

/** @internal */
export const CLOUDTRAIL_QUERIES: readonly LibraryQuery[] = [
  cloudTrailIamChanges,
  cloudTrailRootAndNoMfaLogins,
  cloudTrailApiErrorsByPrincipal,
  cloudTrailSecurityGroupChanges,
  cloudTrailActivityFromIp,
  cloudTrailResourceActivity,
];
