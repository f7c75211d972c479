import { RootConfigService } from '@backstage/backend-plugin-api';

/**
 * The one switch for everything demo-only (the demo sign-in, the demo permission policy). It lives in
 * app-config.demo.yaml, which the production image neither ships nor loads; unset means off.
 *
 * A production build (`NODE_ENV=production`, as the image sets) refuses it outright: the demo sign-in signs
 * anyone in as any catalog user who names one, so no configuration, merged file or `APP_CONFIG_` variable
 * may turn it on there. The backend then stops at start with this error instead of running open.
 */
export function isDemoEnabled(config: RootConfigService): boolean {
  const enabled =
    config.getOptionalBoolean('securityLake.demo.enabled') === true;
  if (enabled && process.env.NODE_ENV === 'production') {
    throw new Error(
      'securityLake.demo.enabled is true, but NODE_ENV is production: the demo sign-in and the demo ' +
        'permission policy let anyone in as any catalog user, so a production build never runs them. ' +
        'Remove securityLake.demo.enabled from the configuration (it belongs in app-config.demo.yaml, ' +
        'for `yarn start` only).',
    );
  }
  return enabled;
}
