import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  entityRefKey,
  SECURITY_LAKE_SUBSCRIBER_REQUEST_RESOURCE_TYPE,
  SubscriberAccessType,
  SubscriberScope,
} from '@internal/plugin-security-lake-common';
import { z } from 'zod';

/**
 * A subscriber request as the permission rules see it (`security-lake.subscriber.approve`).
 *
 * @public
 */
export interface SubscriberRequestResource {
  id: string;
  /** The team the access is for. */
  ownerRef: string;
  requestedBy: string;
  /** `team`: the team's accounts only; `all`: every account's data in the sources. */
  scope: SubscriberScope;
  accessType: SubscriberAccessType;
  accountIds: string[];
}

/**
 * Criteria a conditional decision on subscriber requests turns into.
 *
 * @public
 */
export type SubscriberRequestQuery =
  | { ownerRefIn: string[] }
  | { scopeIs: SubscriberScope };

/** @public */
export const securityLakeSubscriberRequestResourceRef =
  createPermissionResourceRef<
    SubscriberRequestResource,
    SubscriberRequestQuery
  >().with({
    pluginId: 'security-lake',
    resourceType: SECURITY_LAKE_SUBSCRIBER_REQUEST_RESOURCE_TYPE,
  });

/** @public */
export const isRequestOfTeam = createPermissionRule<
  typeof securityLakeSubscriberRequestResourceRef,
  { teamRefs: string[] }
>({
  name: 'IS_REQUEST_OF_TEAM',
  description: 'Allow requests for access of one of the given teams',
  resourceRef: securityLakeSubscriberRequestResourceRef,
  paramsSchema: z.object({
    teamRefs: z
      .array(z.string())
      .describe('Group entity refs of the teams the access is for'),
  }),
  apply: (resource, { teamRefs }) =>
    teamRefs.some(ref => entityRefKey(ref) === entityRefKey(resource.ownerRef)),
  toQuery: ({ teamRefs }) => ({ ownerRefIn: teamRefs }),
});

/** @public */
export const hasRequestScope = createPermissionRule<
  typeof securityLakeSubscriberRequestResourceRef,
  { scope: SubscriberScope }
>({
  name: 'HAS_REQUEST_SCOPE',
  description:
    "Allow requests of this scope: a team's own accounts (team) or every account's data (all)",
  resourceRef: securityLakeSubscriberRequestResourceRef,
  paramsSchema: z.object({
    scope: z.enum(['team', 'all']).describe('team or all'),
  }),
  apply: (resource, { scope }) => resource.scope === scope,
  toQuery: ({ scope }) => ({ scopeIs: scope }),
});

/** @public */
export const securityLakeSubscriberRequestRules = {
  isRequestOfTeam,
  hasRequestScope,
};
