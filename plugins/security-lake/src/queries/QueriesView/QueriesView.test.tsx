import { NotFoundError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { createMockApi, succeededRun } from '../../__testUtils__/fixtures';
import { QueriesView } from './QueriesView';

describe('QueriesView', () => {
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
  });

  const render = (search: string) =>
    renderInTestApp(
      <TestApiProvider apis={[[securityLakeApiRef, api]]}>
        <QueriesView pollMs={10} />
      </TestApiProvider>,
      { routeEntries: [`/security-lake${search}`] },
    );

  it('goes from the library to a query, runs it and follows the run, each step its own link', async () => {
    api.listRuns.mockResolvedValue({ items: [succeededRun] });
    await render('?tab=queries');

    expect(await screen.findByText('Your runs')).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledWith({ mine: true }, { limit: 25 });
    const queryLink = await screen.findByRole('link', {
      name: 'Critical findings',
    });
    expect(queryLink).toHaveAttribute(
      'href',
      '/security-lake?tab=queries&query=critical-findings',
    );

    // the same title twice: the query in the library and its run in the history
    const [libraryLink, runLink] = screen.getAllByRole('link', {
      name: 'IAM changes',
    });
    expect(runLink).toHaveAttribute(
      'href',
      '/security-lake?tab=queries&query=iam-changes&run=run-1',
    );
    await userEvent.click(libraryLink);
    expect(
      await screen.findByRole('form', { name: 'Run IAM changes' }),
    ).toBeInTheDocument();
    expect(api.getQuery).toHaveBeenCalledWith('iam-changes');
    // the titles of the caller's accounts, all of them
    expect(api.listAccounts).toHaveBeenCalledWith(undefined);
    expect(
      screen.getByText('Your earlier runs of this query'),
    ).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenLastCalledWith(
      { queryId: 'iam-changes', mine: true },
      { limit: 25 },
    );

    await userEvent.type(
      screen.getByRole('textbox', { name: /Principal/ }),
      'deploy-bot{Enter}',
    );
    await waitFor(() => expect(api.getRun).toHaveBeenCalledWith('run-1'));
    expect(
      await screen.findByRole('table', { name: 'Query results' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Back to the query' }),
    ).toHaveAttribute('href', '/security-lake?tab=queries&query=iam-changes');
  });

  it('opens a run from a link, with the way back to the library', async () => {
    await render('?tab=queries&run=run-1');
    expect(await screen.findByText('Succeeded')).toBeInTheDocument();
    expect(api.getRun).toHaveBeenCalledWith('run-1');
    expect(api.listQueries).not.toHaveBeenCalled();
    expect(screen.getByRole('link', { name: 'All queries' })).toHaveAttribute(
      'href',
      '/security-lake?tab=queries',
    );
  });

  it('says so when a linked query does not exist', async () => {
    api.getQuery.mockRejectedValue(new NotFoundError('No library query gone'));
    await render('?tab=queries&query=gone');
    expect(
      await screen.findByText('Error: No library query gone'),
    ).toBeInTheDocument();
  });
});
