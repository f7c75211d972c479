import { render, screen } from '@testing-library/react';
import App from './App';

describe('App in the demo', () => {
  it('offers the demo users when the demo is switched on', async () => {
    window.localStorage.clear();
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            securityLake: { demo: { enabled: true } },
          },
          context: 'test',
        },
      ] as any,
    };
    render(App.createRoot());
    expect(
      await screen.findByRole('button', { name: /Sign in as Alice Payments/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /Sign in as Pat Platform/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });
});
