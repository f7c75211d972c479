import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { securityLakeSubscriberApprovePermission } from '@internal/plugin-security-lake-common';
import { SubscriberRequestResource } from '../permissions/subscriberRequestRules';
import { StoredSubscriberRequest } from './SubscriberRequestStore';

/**
 * Whether a caller may approve requests (`security-lake.subscriber.approve`): every request, none, or some,
 * when the policy answers with conditions on the request.
 *
 * @internal
 */
export type Approval = 'all' | 'none' | 'some';

/** A request as the permission rules see it. @internal */
export function subscriberRequestResource(
  request: StoredSubscriberRequest,
): SubscriberRequestResource {
  return {
    id: request.id,
    ownerRef: request.ownerRef,
    requestedBy: request.requestedBy,
    scope: request.scope,
    accessType: request.request.accessType,
    accountIds: request.request.accountIds,
  };
}

/**
 * The approve permission, decided on the real requests: once per caller for whether they approve at all,
 * then, when the policy's answer is conditional, on each request by its id (the registered resource type's
 * `getResources` and rules apply the conditions to it).
 *
 * @internal
 */
export class SubscriberApprovals {
  constructor(private readonly permissions: PermissionsService) {}

  async of(credentials: BackstageCredentials): Promise<Approval> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: securityLakeSubscriberApprovePermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return 'all';
    if (decision.result === AuthorizeResult.DENY) return 'none';
    return 'some';
  }

  /** The ids of the requests the caller may approve. */
  async approvable(
    credentials: BackstageCredentials,
    approval: Approval,
    requests: StoredSubscriberRequest[],
  ): Promise<Set<string>> {
    if (approval === 'none' || requests.length === 0) return new Set();
    if (approval === 'all') return new Set(requests.map(r => r.id));
    const decisions = await this.permissions.authorize(
      requests.map(r => ({
        permission: securityLakeSubscriberApprovePermission,
        resourceRef: r.id,
      })),
      { credentials },
    );
    return new Set(
      requests
        .filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW)
        .map(r => r.id),
    );
  }
}
