import { render, screen } from '@testing-library/react';
import App from './App';

// the app reads its configuration once per module instance: the demo's sign-in is in AppDemo.test.tsx
describe('App', () => {
  it("offers only the organisation's provider when the demo is not switched on", async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    render(App.createRoot());
    expect(await screen.findByText('GitHub')).toBeInTheDocument();
    expect(
      screen.getByText("Sign in with your organisation's GitHub account"),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Sign in as Alice/ }),
    ).not.toBeInTheDocument();
  });
});
