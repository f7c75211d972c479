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
  securityLakeQueryManagePermission,
  securityLakeQueryRunAdhocPermission,
} from '@internal/plugin-security-lake-common';
import {
  createSecurityLakeAccountConditionalDecision,
  securityLakeAccountConditions,
} from './conditions';

const OWN_PERMISSIONS = new Set(securityLakePermissions.map(p => p.name));

/**
 * A ready-made sub-policy for the Security Lake permissions: platform owners may do everything; everyone
 * else sees and queries the accounts their teams own, may request subscribers for them, and may keep their
 * teams' saved queries (the plugin narrows `security-lake.query.manage` to the caller's own teams). Ad-hoc
 * SQL is for platform owners and the `adhocSqlRefs` groups (it reads only the caller's accounts too);
 * approvals are for platform owners only. Returns undefined for other plugins'
 * permissions so an app policy can fall through to its own rules.
 *
 * @public
 */
export class DefaultSecurityLakePermissionPolicy {
  constructor(
    private readonly options: {
      platformOwnerRefs: string[];
      /** Groups (or users) allowed ad-hoc SQL besides the platform owners. */
      adhocSqlRefs?: string[];
    },
  ) {}

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
    if (request.permission.name === securityLakeQueryManagePermission.name) {
      return { result: user ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (
      request.permission.name === securityLakeQueryRunAdhocPermission.name &&
      claims.some(ref => this.options.adhocSqlRefs?.includes(ref))
    ) {
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
