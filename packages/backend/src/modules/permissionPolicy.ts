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
 * The portal's policy: Security Lake's default sub-policy, reading the catalog, and nothing else. A
 * permission it doesn't know is denied; an organisation adds its own rules here.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly securityLake: DefaultSecurityLakePermissionPolicy,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const decision = this.securityLake.handle(request, user);
    if (decision) {
      return decision;
    }
    return {
      result:
        user && PORTAL_READS.has(request.permission.name)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    };
  }
}

/** The demo's policy: Security Lake's default sub-policy, everything else open. */
export class DemoPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly securityLake: DefaultSecurityLakePermissionPolicy,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return (
      this.securityLake.handle(request, user) ?? {
        result: AuthorizeResult.ALLOW,
      }
    );
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
        });
        if (isDemoEnabled(config)) {
          logger.warn(
            'Demo permission policy: everything outside Security Lake is allowed',
          );
          policy.setPolicy(new DemoPermissionPolicy(securityLake));
        } else {
          policy.setPolicy(new PortalPermissionPolicy(securityLake));
        }
      },
    });
  },
});
