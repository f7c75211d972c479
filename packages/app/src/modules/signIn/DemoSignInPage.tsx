import { useState } from 'react';
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

  if (user) {
    return (
      <ProxiedSignInPage
        {...props}
        provider="demo"
        headers={{ 'x-demo-user': user }}
        ErrorComponent={() => {
          window.localStorage.removeItem(STORAGE_KEY);
          setUser(null);
          return null;
        }}
      />
    );
  }

  const choose = (demoUser: DemoUser) => {
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

/** Forgets the chosen demo user, so the next visit shows the chooser again. */
export function forgetDemoUser() {
  window.localStorage.removeItem(STORAGE_KEY);
}
