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

class DemoPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly securityLake: DefaultSecurityLakePermissionPolicy,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // everything outside Security Lake stays open in the demo
    return (
      this.securityLake.handle(request, user) ?? {
        result: AuthorizeResult.ALLOW,
      }
    );
  }
}

/** The demo app's permission policy: Security Lake's default sub-policy, everything else allowed. */
export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'security-lake-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new DemoPermissionPolicy(
            new DefaultSecurityLakePermissionPolicy({
              platformOwnerRefs:
                config.getOptionalStringArray('securityLake.platformOwners') ??
                [],
            }),
          ),
        );
      },
    });
  },
});
