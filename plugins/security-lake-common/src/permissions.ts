import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of an AWS account known to the portal. Account-scoped permissions carry it, so a
 * policy can answer with a condition (for example "the caller's teams own the account").
 *
 * @public
 */
export const SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE = 'security-lake-account';

/**
 * The resource type of a subscriber request.
 *
 * @public
 */
export const SECURITY_LAKE_SUBSCRIBER_REQUEST_RESOURCE_TYPE =
  'security-lake-subscriber-request';

/** @public */
export const securityLakeCoverageReadPermission = createPermission({
  name: 'security-lake.coverage.read',
  attributes: { action: 'read' },
  resourceType: SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE,
});

/**
 * Asking for a coverage refresh now, instead of waiting for the schedule.
 *
 * @public
 */
export const securityLakeCoverageRefreshPermission = createPermission({
  name: 'security-lake.coverage.refresh',
  attributes: { action: 'update' },
});

/** @public */
export const securityLakeFindingsReadPermission = createPermission({
  name: 'security-lake.findings.read',
  attributes: { action: 'read' },
  resourceType: SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE,
});

/** @public */
export const securityLakeQueryRunPermission = createPermission({
  name: 'security-lake.query.run',
  attributes: { action: 'read' },
  resourceType: SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE,
});

/** @public */
export const securityLakeQueryRunAdhocPermission = createPermission({
  name: 'security-lake.query.run-adhoc',
  attributes: { action: 'read' },
});

/** @public */
export const securityLakeQueryManagePermission = createPermission({
  name: 'security-lake.query.manage',
  attributes: { action: 'update' },
});

/** @public */
export const securityLakeSubscriberRequestPermission = createPermission({
  name: 'security-lake.subscriber.request',
  attributes: { action: 'create' },
  resourceType: SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE,
});

/** @public */
export const securityLakeSubscriberApprovePermission = createPermission({
  name: 'security-lake.subscriber.approve',
  attributes: { action: 'update' },
  resourceType: SECURITY_LAKE_SUBSCRIBER_REQUEST_RESOURCE_TYPE,
});

/**
 * The permissions scoped to one AWS account.
 *
 * @public
 */
export const securityLakeAccountPermissions = [
  securityLakeCoverageReadPermission,
  securityLakeFindingsReadPermission,
  securityLakeQueryRunPermission,
  securityLakeSubscriberRequestPermission,
];

/**
 * Every permission of the plugin.
 *
 * @public
 */
export const securityLakePermissions = [
  ...securityLakeAccountPermissions,
  securityLakeCoverageRefreshPermission,
  securityLakeQueryRunAdhocPermission,
  securityLakeQueryManagePermission,
  securityLakeSubscriberApprovePermission,
];
