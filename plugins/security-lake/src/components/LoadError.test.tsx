import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { responseError } from '../__testUtils__/responseError';
import { LoadError } from './LoadError';

describe('LoadError', () => {
  it("says a thing is not found or not the user's, without a retry that cannot help", async () => {
    const onRetry = jest.fn();
    await renderInTestApp(
      <LoadError
        error={await responseError(404, 'NotFoundError', 'No query run r-9')}
        what="this run"
        onRetry={onRetry}
      />,
    );
    expect(screen.getByText("Can't find this run")).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      "No query run r-9. It may not exist, or it may belong to accounts your teams don't own",
    );
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    // the HTTP status line is not the user's business
    expect(screen.getByRole('alert')).not.toHaveTextContent(/Request failed/);
  });

  it('says what was refused', async () => {
    await renderInTestApp(
      <LoadError
        error={await responseError(
          403,
          'NotAllowedError',
          'Not allowed: security-lake.findings.read',
        )}
        what="the findings"
      />,
    );
    expect(screen.getByText("You can't see the findings")).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'security-lake.findings.read',
    );
  });

  it('offers to try again when the server or the network failed, and shows no stack trace', async () => {
    const onRetry = jest.fn();
    const failure = await responseError(500, 'Error', 'database is locked');
    await renderInTestApp(
      <LoadError error={failure} what="the coverage" onRetry={onRetry} />,
    );
    expect(screen.getByText("Couldn't load the coverage")).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Something went wrong on the way: database is locked',
    );
    expect(screen.getByRole('alert')).not.toHaveTextContent(/\bat\s+\S+\s+\(/);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('shows the server’s words for a request it refused', async () => {
    await renderInTestApp(
      <LoadError
        error={await responseError(400, 'InputError', 'windowDays: at most 30')}
        what="the findings"
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'windowDays: at most 30',
    );
  });
});
