import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE,
  securityLakePermissions,
} from '@internal/plugin-security-lake-common';
import {
  createSecurityLakeAccountConditionalDecision,
  securityLakeAccountConditions,
} from './conditions';

const OWN_PERMISSIONS = new Set(securityLakePermissions.map(p => p.name));

/**
 * A ready-made sub-policy for the Security Lake permissions: platform owners may do everything; everyone
 * else sees and queries the accounts their teams own, and may request subscribers for them; curating
 * queries, ad-hoc SQL and approvals are for platform owners only. Returns undefined for other plugins'
 * permissions so an app policy can fall through to its own rules.
 *
 * @public
 */
export class DefaultSecurityLakePermissionPolicy {
  constructor(private readonly options: { platformOwnerRefs: string[] }) {}

  handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): PolicyDecision | undefined {
    if (!OWN_PERMISSIONS.has(request.permission.name)) {
      return undefined;
    }
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (claims.some(ref => this.options.platformOwnerRefs.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      isResourcePermission(
        request.permission,
        SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE,
      )
    ) {
      return createSecurityLakeAccountConditionalDecision(
        request.permission,
        securityLakeAccountConditions.isAccountOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}
