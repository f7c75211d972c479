import { useEffect, useState } from 'react';
import {
  Content,
  Header,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import { SignInPageProps } from '@backstage/core-plugin-api';
import {
  Button,
  Card,
  CardActions,
  CardContent,
  Grid,
  Typography,
} from '@material-ui/core';
import { DEMO_USERS, DemoUser } from './demoUsers';

const STORAGE_KEY = 'security-lake-demo-user';

/**
 * Sign-in for the demo portal: pick a member of one of the demo teams. The choice is remembered so a reload
 * keeps the session; signing out clears it.
 */
export function DemoSignInPage(props: SignInPageProps) {
  const [user, setUser] = useState<string | null>(() =>
    window.localStorage.getItem(STORAGE_KEY),
  );
  const [failure, setFailure] = useState<string>();

  if (user) {
    return (
      <ProxiedSignInPage
        {...props}
        provider="demo"
        headers={{ 'x-demo-user': user }}
        ErrorComponent={({ error }) => (
          <SignInFailed
            error={error}
            onReset={message => {
              window.localStorage.removeItem(STORAGE_KEY);
              setFailure(message);
              setUser(null);
            }}
          />
        )}
      />
    );
  }

  const choose = (demoUser: DemoUser) => {
    setFailure(undefined);
    window.localStorage.setItem(STORAGE_KEY, demoUser.name);
    setUser(demoUser.name);
  };

  return (
    <Page themeId="home">
      <Header
        title="Security Lake for Backstage"
        subtitle="Demo portal: sign in as a member of a team"
      />
      <Content>
        {failure && (
          <Typography color="error" role="alert" paragraph>
            Sign-in failed: {failure}. The catalog may still be loading after a
            fresh start; try again in a few seconds.
          </Typography>
        )}
        <Grid container spacing={3}>
          {DEMO_USERS.map(demoUser => (
            <Grid item xs={12} sm={6} md={4} key={demoUser.name}>
              <Card>
                <CardContent>
                  <Typography variant="h6" component="h2">
                    {demoUser.displayName}
                  </Typography>
                  <Typography color="textSecondary">{demoUser.team}</Typography>
                  <Typography variant="body2">
                    {demoUser.description}
                  </Typography>
                </CardContent>
                <CardActions>
                  <Button
                    color="primary"
                    variant="contained"
                    onClick={() => choose(demoUser)}
                    aria-label={`Sign in as ${demoUser.displayName}`}
                  >
                    Sign in
                  </Button>
                </CardActions>
              </Card>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}

/** Goes back to the chooser with the reason, instead of leaving a blank page. */
function SignInFailed(props: {
  error?: Error;
  onReset: (message: string) => void;
}) {
  const { error, onReset } = props;
  useEffect(() => {
    onReset(error?.message ?? 'unknown error');
  }, [error, onReset]);
  return null;
}
