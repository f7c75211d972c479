import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import {
  createMockApi,
  failedRun,
  mockClipboard,
  queuedRun,
  resultPage,
  runningRun,
  succeededRun,
} from '../../__testUtils__/fixtures';
import { RunView, RunViewProps } from './RunView';

describe('RunView', () => {
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
  });

  const render = (props: Partial<RunViewProps> = {}) =>
    renderInTestApp(
      <TestApiProvider apis={[[securityLakeApiRef, api]]}>
        <RunView
          runId="run-1"
          pollMs={10}
          linkToRun={id => `/queries?run=${id}`}
          {...props}
        />
      </TestApiProvider>,
    );

  it('follows a run from the queue to its result, then stops reading it', async () => {
    // each read answers when the test says, so every state is seen
    const states = [queuedRun, runningRun, succeededRun];
    const pending: (() => void)[] = [];
    api.getRun.mockImplementation(
      () =>
        new Promise(resolve => {
          const run = states.length > 1 ? states.shift()! : states[0];
          pending.push(() => resolve(run));
        }),
    );
    const answer = async () => {
      await waitFor(() => expect(pending).toHaveLength(1));
      await act(async () => pending.shift()!());
    };
    await render();

    await answer();
    expect(screen.getByText('3rd in the queue')).toBeInTheDocument();
    expect(screen.getByText('Queued')).toBeInTheDocument();
    expect(
      screen.getByText('Waiting for a free Athena slot'),
    ).toBeInTheDocument();
    await answer();
    expect(screen.getByText('Running')).toBeInTheDocument();
    expect(screen.queryByText('3rd in the queue')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeEnabled();
    expect(api.getRunResults).not.toHaveBeenCalled();

    await answer();
    const table = await screen.findByRole('table', { name: 'Query results' });
    expect(screen.getByText('Succeeded')).toBeInTheDocument();
    expect(screen.getByText('5.5 MB')).toBeInTheDocument();
    // from the request at 10:00:00 to the end at 10:02:10
    expect(screen.getByText('2 min 10 s')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Cancel' }),
    ).not.toBeInTheDocument();
    // column names with their types, and nulls told apart from text
    const headers = within(table)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toEqual(['time_dttimestamp', 'operationvarchar']);
    expect(within(table).getByText('CreateUser')).toBeInTheDocument();
    expect(within(table).getByText('null')).toBeInTheDocument();
    expect(api.getRunResults).toHaveBeenCalledWith('run-1', {
      cursor: undefined,
      limit: 100,
    });

    // an ended run is not read again
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(pending).toHaveLength(0);
    expect(api.getRun).toHaveBeenCalledTimes(3);
    expect(api.getRun).toHaveBeenCalledWith('run-1');
  });

  it('ticks the elapsed time while the run goes on', async () => {
    api.getRun.mockResolvedValue(runningRun);
    const created = Date.parse(runningRun.createdAt);
    const now = jest.spyOn(Date, 'now').mockReturnValue(created + 5_000);
    await render({ pollMs: 60_000 });
    expect(await screen.findByText('5 s')).toBeInTheDocument();
    expect(screen.getByText('Elapsed')).toBeInTheDocument();
    now.mockReturnValue(created + 65_000);
    expect(
      await screen.findByText('1 min 5 s', {}, { timeout: 2500 }),
    ).toBeInTheDocument();
    now.mockRestore();
  });

  it('pages forward with the cursor and back through the ones seen', async () => {
    api.getRunResults.mockImplementation(async (_id, page) => {
      if (page?.cursor === 'page-2') {
        return {
          ...resultPage,
          rows: [['2024-04-30 10:00:00.000', 'DeleteRole']],
        };
      }
      return { ...resultPage, nextCursor: 'page-2' };
    });
    await render();
    const table = await screen.findByRole('table', { name: 'Query results' });
    expect(screen.getByText('Rows 1–2 of 3')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await within(table).findByText('DeleteRole')).toBeInTheDocument();
    expect(within(table).queryByText('CreateUser')).not.toBeInTheDocument();
    expect(screen.getByText('Rows 101–101 of 3')).toBeInTheDocument();
    expect(api.getRunResults).toHaveBeenLastCalledWith('run-1', {
      cursor: 'page-2',
      limit: 100,
    });
    // the last page has no next
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await within(table).findByText('CreateUser')).toBeInTheDocument();
    expect(api.getRunResults).toHaveBeenLastCalledWith('run-1', {
      cursor: undefined,
      limit: 100,
    });

    // another page size starts again from the first page
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await within(table).findByText('DeleteRole');
    await userEvent.click(
      screen.getByRole('button', { name: /Rows per page/ }),
    );
    await userEvent.click(screen.getByRole('option', { name: '500' }));
    await waitFor(() =>
      expect(api.getRunResults).toHaveBeenLastCalledWith('run-1', {
        cursor: undefined,
        limit: 500,
      }),
    );
  });

  it('cancels a running run', async () => {
    api.getRun.mockResolvedValue(runningRun);
    await render({ pollMs: 60_000 });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel' }),
    );
    expect(api.cancelRun).toHaveBeenCalledWith('run-1');
    expect(
      await screen.findByRole('button', { name: 'Cancel requested' }),
    ).toBeDisabled();
    expect(screen.getByText('Cancelling…')).toBeInTheDocument();
  });

  it('says why a cancel was refused', async () => {
    api.getRun.mockResolvedValue(runningRun);
    api.cancelRun.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message:
                'Only user:default/jane, who started run run-1, may cancel it',
            },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
      ),
    );
    await render({ pollMs: 60_000 });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel' }),
    );
    expect(
      await screen.findByText(
        'Only user:default/jane, who started run run-1, may cancel it',
      ),
    ).toBeInTheDocument();
  });

  it('shows why a run failed, and no results', async () => {
    api.getRun.mockResolvedValue(failedRun);
    await render();
    expect(await screen.findByText('The run failed')).toBeInTheDocument();
    expect(
      screen.getByText(/TABLE_NOT_FOUND: Table amazon_security_lake_table/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Download CSV' })).toBeNull();
    expect(screen.queryByRole('link', { name: /Open in Athena/ })).toBeNull();
    expect(api.getRunResults).not.toHaveBeenCalled();
  });

  it('notes a reused result and links to the run it came from and to Athena', async () => {
    api.getRun.mockResolvedValue({
      ...succeededRun,
      reusedRunId: 'run-0',
      dataScannedBytes: 0,
    });
    await render();
    expect(
      await screen.findByText(/reused the result of an earlier identical run/),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'run-0' })).toHaveAttribute(
      'href',
      '/queries?run=run-0',
    );
    expect(
      screen.getByRole('link', { name: /Open in Athena/ }),
    ).toHaveAttribute('href', succeededRun.consoleUrl);
    expect(screen.getByText('0 B')).toBeInTheDocument();
  });

  it('copies the SQL with its bound values, and downloads the CSV', async () => {
    const clipboard = mockClipboard();
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await render();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Copy SQL' }),
    );
    expect(clipboard).toHaveBeenCalledWith(
      [
        succeededRun.sql,
        '',
        '-- Bound values, in the order of the ?s:',
        "-- 1: '111122223333'",
        "-- 2: '2024-04-24T10:00:00.000Z'",
        "-- 3: '2024-05-01T10:00:00.000Z'",
        "-- 4: 'o''brien'",
        '-- 5: 100',
      ].join('\n'),
    );
    // the same values, listed under the SQL
    await userEvent.click(
      screen.getByRole('button', { name: 'SQL and its 5 bound values' }),
    );
    expect(
      within(screen.getByRole('list', { name: 'Bound values' }))
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      "'111122223333'",
      "'2024-04-24T10:00:00.000Z'",
      "'2024-05-01T10:00:00.000Z'",
      "'o''brien'",
      '100',
    ]);

    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.getRunResultsDownloadUrl).toHaveBeenCalledWith('run-1');
    const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(link.href).toBe('http://backend/runs/run-1/results.csv');
    expect(link.download).toBe('iam-changes-2024-05-01.csv');
    click.mockRestore();
  });

  it('shows an error when the run cannot be read at all', async () => {
    api.getRun.mockRejectedValue(new Error('No query run run-1'));
    await render();
    expect(
      await screen.findByText("Couldn't load this run"),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('No query run run-1');
  });
});
