import { RootConfigService } from '@backstage/backend-plugin-api';

/**
 * The one switch for everything demo-only (the demo sign-in, the demo permission policy). It lives in
 * app-config.demo.yaml, which the production image never loads; unset means off.
 */
export function isDemoEnabled(config: RootConfigService): boolean {
  return config.getOptionalBoolean('securityLake.demo.enabled') === true;
}
