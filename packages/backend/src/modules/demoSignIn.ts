import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  createProxyAuthenticator,
} from '@backstage/plugin-auth-node';
import { isDemoEnabled } from './demo';

const USER_HEADER = 'x-demo-user';

/**
 * Demo-only sign-in: the portal's sign-in page sends the chosen catalog user's name in a header and the
 * backend signs that user in with their catalog groups as ownership. It registers nothing unless
 * `securityLake.demo.enabled` is true (app-config.demo.yaml only), whatever `auth.providers` says, so a
 * configuration merge can never turn it on in production.
 */
export const demoSignInModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        if (!isDemoEnabled(config)) {
          if (config.has('auth.providers.demo')) {
            logger.warn(
              'auth.providers.demo is configured but securityLake.demo.enabled is not true: demo sign-in stays off',
            );
          }
          return;
        }
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async (result: {
                userName: string;
              }) => ({
                profile: { displayName: result.userName },
              }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const userName = req.header(USER_HEADER);
                if (!userName || !/^[a-z0-9-]{1,63}$/.test(userName)) {
                  throw new AuthenticationError(
                    `Choose a demo user (${USER_HEADER} header)`,
                  );
                }
                return { result: { userName } };
              },
            }),
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: { name: result.userName },
              });
            },
          }),
        });
      },
    });
  },
});
