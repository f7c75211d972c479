import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import {
  createMockApi,
  failedRun,
  queuedRun,
  succeededRun,
} from '../../__testUtils__/fixtures';
import { RunHistory, RunHistoryProps } from './RunHistory';

describe('RunHistory', () => {
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
  });

  const render = (props: Partial<RunHistoryProps> = {}) =>
    renderInTestApp(
      <TestApiProvider apis={[[securityLakeApiRef, api]]}>
        <RunHistory
          filter={{ mine: true }}
          title="Your runs"
          emptyText="You have not run a query yet."
          linkTo={run => `/queries?run=${run.id}`}
          {...props}
        />
      </TestApiProvider>,
    );

  it('lists the runs with state, accounts, region, duration and rows, each opening its run', async () => {
    api.listRuns.mockResolvedValue({
      items: [
        { ...queuedRun, id: 'run-3' },
        {
          ...succeededRun,
          id: 'run-2',
          accountIds: ['111122223333', '444455556666', '777788889999'],
          rowCount: 12345,
        },
        { ...failedRun, id: 'run-1', region: 'eu-west-1' },
      ],
    });
    await render();

    const links = await screen.findAllByRole('link', { name: 'IAM changes' });
    expect(links.map(l => l.getAttribute('href'))).toEqual([
      '/queries?run=run-3',
      '/queries?run=run-2',
      '/queries?run=run-1',
    ]);
    expect(api.listRuns).toHaveBeenCalledWith({ mine: true }, { limit: 25 });

    const queued = links[0].closest('tr')!;
    expect(within(queued).getByText('Queued')).toBeInTheDocument();
    expect(within(queued).getAllByText('—')).toHaveLength(2);

    const succeeded = links[1].closest('tr')!;
    expect(within(succeeded).getByText('Succeeded')).toBeInTheDocument();
    expect(
      within(succeeded).getByText('111122223333, 444455556666 +1'),
    ).toHaveAttribute('title', '111122223333, 444455556666, 777788889999');
    expect(within(succeeded).getByText('us-east-1')).toBeInTheDocument();
    expect(within(succeeded).getByText('2 min 10 s')).toBeInTheDocument();
    expect(within(succeeded).getByText('12,345')).toBeInTheDocument();
    expect(
      within(succeeded).getByText(
        new Date(succeededRun.createdAt).toLocaleString(),
      ),
    ).toBeInTheDocument();

    const failed = links[2].closest('tr')!;
    expect(within(failed).getByText('Failed')).toBeInTheDocument();
    expect(within(failed).getByText('eu-west-1')).toBeInTheDocument();
    expect(within(failed).getByText('9 s')).toBeInTheDocument();
  });

  it('loads older runs with the cursor', async () => {
    api.listRuns
      .mockResolvedValueOnce({
        items: [{ ...succeededRun, id: 'run-2' }],
        nextCursor: 'older',
      })
      .mockResolvedValueOnce({
        items: [{ ...failedRun, id: 'run-1' }],
      });
    await render({ filter: { entityRef: 'system:default/payments' } });
    await screen.findByText('Succeeded');

    await userEvent.click(screen.getByRole('button', { name: 'Older runs' }));
    expect(await screen.findByText('Failed')).toBeInTheDocument();
    expect(screen.getByText('Succeeded')).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenLastCalledWith(
      { entityRef: 'system:default/payments' },
      { cursor: 'older', limit: 25 },
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Older runs' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('says when there are no runs, and shows an error when they cannot be listed', async () => {
    await render();
    expect(
      await screen.findByText('You have not run a query yet.'),
    ).toBeInTheDocument();

    api.listRuns.mockRejectedValue(new Error('The database is down'));
    await userEvent.click(
      screen.getByRole('button', { name: 'Reload your runs' }),
    );
    expect(
      await screen.findByText("Couldn't load the runs"),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Something went wrong on the way: The database is down',
    );
  });
});
