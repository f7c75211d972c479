import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { DefaultSecurityLakePermissionPolicy } from '@internal/plugin-security-lake-backend';
import { isDemoEnabled } from './demo';

/** Permissions outside Security Lake that a signed-in user needs to use the portal at all. */
const PORTAL_READS = new Set(['catalog.entity.read', 'catalog.location.read']);

/**
 * Security Lake's default sub-policy first; then, for the portal, catalog reads for signed-in users and DENY
 * for what it does not know (an organisation adds its own rules here), or, for the demo, ALLOW.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly securityLake: DefaultSecurityLakePermissionPolicy,
    private readonly otherwise: 'deny-unknown' | 'allow-all' = 'deny-unknown',
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const decision = this.securityLake.handle(request, user);
    if (decision) {
      return decision;
    }
    const allowed =
      this.otherwise === 'allow-all' ||
      (!!user && PORTAL_READS.has(request.permission.name));
    return {
      result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    };
  }
}

/**
 * Sets the portal's permission policy: the demo's only when `securityLake.demo.enabled` is true
 * (app-config.demo.yaml), the portal's everywhere else.
 */
export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'security-lake-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ policy, config, logger }) {
        const securityLake = new DefaultSecurityLakePermissionPolicy({
          platformOwnerRefs:
            config.getOptionalStringArray('securityLake.platformOwners') ?? [],
          adhocSqlRefs:
            config.getOptionalStringArray('securityLake.adhocSqlGroups') ?? [],
        });
        if (isDemoEnabled(config)) {
          logger.warn(
            'Demo permission policy: everything outside Security Lake is allowed',
          );
          policy.setPolicy(
            new PortalPermissionPolicy(securityLake, 'allow-all'),
          );
        } else {
          policy.setPolicy(new PortalPermissionPolicy(securityLake));
        }
      },
    });
  },
});
