import { SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { DemoSignInPage } from './DemoSignInPage';

/**
 * The demo user chooser when the demo is switched on (app-config.demo.yaml), the organisation's real
 * provider everywhere else. The backend refuses demo sign-in on its own without the same switch.
 */
export function PortalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  if (config.getOptionalBoolean('securityLake.demo.enabled')) {
    return <DemoSignInPage {...props} />;
  }
  return (
    <SignInPage
      {...props}
      providers={[
        {
          id: 'github-auth-provider',
          title: 'GitHub',
          message: "Sign in with your organisation's GitHub account",
          apiRef: githubAuthApiRef,
        },
      ]}
    />
  );
}
