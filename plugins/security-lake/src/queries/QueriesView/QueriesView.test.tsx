import { identityApiRef } from '@backstage/core-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { securityLakeQueryRunAdhocPermission } from '@internal/plugin-security-lake-common';
import { EditorView } from '@codemirror/view';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SWRConfig } from 'swr';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { withCodeMirrorLayout } from '../../__testUtils__/codeMirror';
import {
  createMockApi,
  namedQuery,
  succeededRun,
  teamSqlQuery,
} from '../../__testUtils__/fixtures';
import { QueriesView } from './QueriesView';

describe('QueriesView', () => {
  withCodeMirrorLayout();
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
  });

  const render = (search: string, options: { adhoc?: boolean } = {}) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [securityLakeApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: request =>
                request.permission.name ===
                  securityLakeQueryRunAdhocPermission.name &&
                options.adhoc === false
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            }),
          ],
          [
            identityApiRef,
            mockApis.identity({
              ownershipEntityRefs: [
                'user:default/jane',
                'group:default/payments',
              ],
            }),
          ],
        ]}
      >
        {/* usePermission caches answers in SWR: a fresh cache per test */}
        <SWRConfig value={{ provider: () => new Map() }}>
          <QueriesView pollMs={10} checkDelayMs={10} />
        </SWRConfig>
      </TestApiProvider>,
      { routeEntries: [`/security-lake${search}`] },
    );

  /** Puts a value in a field at once: a keystroke at a time re-renders the form for each. */
  async function fill(element: HTMLElement, text: string) {
    await userEvent.click(element);
    await userEvent.paste(text);
  }

  const editorText = async () =>
    EditorView.findFromDOM(
      await screen.findByRole('textbox', { name: 'SQL' }),
    )!.state.doc.toString();

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

    // the same title twice: the query in the library and its run in the history, which is read on its
    // own (its title shows while it is)
    await waitFor(() =>
      expect(screen.getAllByRole('link', { name: 'IAM changes' })).toHaveLength(
        2,
      ),
    );
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

    await fill(
      screen.getByRole('textbox', { name: /Principal/ }),
      'deploy-bot',
    );
    await userEvent.keyboard('{Enter}');
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
      await screen.findByText("Can't find this query"),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      "No library query gone. It may not exist, or it may belong to accounts your teams don't own",
    );
    // trying again cannot make it exist
    expect(
      screen.queryByRole('button', { name: 'Try again' }),
    ).not.toBeInTheDocument();
  });

  it('goes from "New SQL query" to the editor, runs the statement and shows the run under it', async () => {
    api.checkSql.mockImplementation(async ({ sql }) =>
      sql.includes('FORM')
        ? {
            valid: false,
            problems: [
              { message: 'syntax error at or near "FORM"', line: 2, column: 1 },
            ],
            tables: [],
          }
        : { valid: true, problems: [], tables: [] },
    );
    api.startRun.mockResolvedValue({ ...succeededRun, id: 'run-9' });
    await render('?tab=queries');
    await userEvent.click(
      await screen.findByRole('button', { name: 'New SQL query' }),
    );
    const sql = await screen.findByRole('textbox', { name: 'SQL' });
    expect(screen.getByRole('link', { name: 'All queries' })).toHaveAttribute(
      'href',
      '/security-lake?tab=queries',
    );

    await userEvent.click(sql);
    await userEvent.type(sql, 'SELECT 1{Enter}FORM x');
    expect(await screen.findByRole('alert')).toHaveTextContent('Line 2');
    // found once: waitFor asks again on every change to the page
    const run = screen.getByRole('button', { name: 'Run' });
    expect(run).toBeDisabled();
    const view = EditorView.findFromDOM(sql)!;
    act(() => {
      view.dispatch({ changes: { from: 9, to: 13, insert: 'FROM' } });
    });
    await waitFor(() => expect(run).toBeEnabled());
    await userEvent.click(run);

    await waitFor(() => expect(api.getRun).toHaveBeenCalledWith('run-9'));
    expect(await screen.findByText('Succeeded')).toBeInTheDocument();
    // the statement stays in the editor above its run
    expect(await editorText()).toBe('SELECT 1\nFROM x');
    expect(api.startRun).toHaveBeenCalledWith(
      expect.objectContaining({ sql: 'SELECT 1\nFROM x' }),
    );
    expect(api.startRun.mock.calls[0][0]).not.toHaveProperty('title');
  });

  it('does not offer the SQL editor or named queries without the ad-hoc permission', async () => {
    await render('?tab=queries', { adhoc: false });
    expect(await screen.findByText("Your team's queries")).toBeInTheDocument();
    expect(await screen.findByText('Console logins')).toBeInTheDocument();
    // a team's SQL is listed but does not open for them
    expect(
      screen.queryByRole('link', { name: 'Console logins' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Changes by deploy-bot' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'New SQL query' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('Athena named queries')).not.toBeInTheDocument();
    expect(api.listNamedQueries).not.toHaveBeenCalled();
  });

  it('refuses the editor on a link to it without the ad-hoc permission', async () => {
    await render('?tab=queries&sql=new', { adhoc: false });
    expect(
      await screen.findByText('You may not run your own SQL'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('textbox', { name: 'SQL' }),
    ).not.toBeInTheDocument();
  });

  it('opens an Athena named query in the editor', async () => {
    await render('?tab=queries');
    const table = (await screen.findByText('Athena named queries')).closest(
      'div[class*="MuiPaper"]',
    ) as HTMLElement;
    const row = within(table).getByText('Root account use').closest('tr')!;
    expect(within(row).getByText('security')).toBeInTheDocument();
    const open = within(row).getByRole('link', { name: 'Open in editor' });
    expect(open).toHaveAttribute(
      'href',
      '/security-lake?tab=queries&named=nq-1',
    );
    await userEvent.click(open);
    expect(await editorText()).toBe(namedQuery.sql);
    expect(screen.getByText('Root account use')).toBeInTheDocument();
  });

  it("opens a team's SQL in the editor, with Save", async () => {
    await render('?tab=queries');
    const link = await screen.findByRole('link', { name: 'Console logins' });
    expect(link).toHaveAttribute(
      'href',
      '/security-lake?tab=queries&saved=tsq-1',
    );
    await userEvent.click(link);
    expect(await editorText()).toBe(teamSqlQuery.sql);
    expect(api.getTeamSavedQuery).toHaveBeenCalledWith('tsq-1');
    // offered once the permission to manage saved queries has answered
    expect(
      await screen.findByRole('button', { name: 'Save' }),
    ).toBeInTheDocument();
  });

  it("opens a team's values for a library query in that query's form", async () => {
    await render('?tab=queries');
    const link = await screen.findByRole('link', {
      name: 'Changes by deploy-bot',
    });
    expect(link).toHaveAttribute(
      'href',
      '/security-lake?tab=queries&query=iam-changes&saved=tsq-2',
    );
    await userEvent.click(link);
    expect(
      await screen.findByRole('form', { name: 'Run IAM changes' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Principal/ })).toHaveValue(
      'deploy-bot',
    );
    expect(screen.getByRole('spinbutton', { name: 'Most rows' })).toHaveValue(
      10,
    );
    expect(screen.getByRole('button', { name: /Region/ })).toHaveTextContent(
      'eu-west-1',
    );
    expect(
      screen.getByText(
        /With the values your team saved as “Changes by deploy-bot”/,
      ),
    ).toBeInTheDocument();
  });

  it('lands a link to a team’s library values without the query in that query’s form', async () => {
    await render('?tab=queries&saved=tsq-2');
    expect(
      await screen.findByRole('form', { name: 'Run IAM changes' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Principal/ })).toHaveValue(
      'deploy-bot',
    );
  });

  it('keeps the statement in the editor when Save as… moves it to its saved query, and lists it', async () => {
    await render('?tab=queries&sql=new');
    const sql = await screen.findByRole('textbox', { name: 'SQL' });
    await userEvent.click(sql);
    await userEvent.type(sql, 'SELECT 42');
    await userEvent.click(screen.getByRole('button', { name: 'Save as…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Save as…' });
    // the owning team, read as the dialog opens, is what the query is saved for
    await within(dialog).findByRole('button', { name: /Owning team/ });
    const saved = {
      ...teamSqlQuery,
      id: 'tsq-new',
      name: 'The answer',
      description: undefined,
      sql: 'SELECT 42',
    };
    api.createTeamSavedQuery.mockResolvedValue(saved);
    await fill(
      within(dialog).getByRole('textbox', { name: 'Name' }),
      'The answer',
    );
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.createTeamSavedQuery).toHaveBeenCalledWith({
      name: 'The answer',
      ownerRef: 'group:default/payments',
      sql: 'SELECT 42',
    });
    // now the saved query's own editor: Save replaces it; nothing was read again or lost
    expect(
      await screen.findByRole('button', { name: 'Save' }),
    ).toBeInTheDocument();
    expect(await editorText()).toBe('SELECT 42');
    expect(api.getTeamSavedQuery).not.toHaveBeenCalled();

    api.listTeamSavedQueries.mockResolvedValue({ items: [saved] });
    await userEvent.click(screen.getByRole('link', { name: 'All queries' }));
    expect(
      await screen.findByRole('link', { name: 'The answer' }),
    ).toHaveAttribute('href', '/security-lake?tab=queries&saved=tsq-new');
  });
});
