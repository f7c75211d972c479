import { identityApiRef } from '@backstage/core-plugin-api';
import { diagnosticCount, forEachDiagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  securityLakeQueryManagePermission,
  SqlCheckRequest,
} from '@internal/plugin-security-lake-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SWRConfig } from 'swr';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { withCodeMirrorLayout } from '../../__testUtils__/codeMirror';
import {
  accountList,
  createMockApi,
  queuedRun,
  teamSqlQuery,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responseError';
import { SqlEditor, SqlEditorProps } from './SqlEditor';

// 10:00:30 UTC: a preset window ends at the next whole minute
const NOW = Date.parse('2024-05-01T10:00:30.000Z');
const CLOUD_TRAIL =
  'amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0';

/** What the server says of SQL: "FORM" is a syntax error where it stands, the rest reads CloudTrail. */
async function check(request: SqlCheckRequest) {
  const lines = request.sql.split('\n');
  const line = lines.findIndex(l => l.includes('FORM'));
  if (line >= 0) {
    return {
      valid: false,
      problems: [
        {
          message: 'syntax error at or near "FORM"',
          line: line + 1,
          column: lines[line].indexOf('FORM') + 1,
        },
      ],
      tables: [],
    };
  }
  return { valid: true, problems: [], tables: [CLOUD_TRAIL] };
}

describe('SqlEditor', () => {
  withCodeMirrorLayout();
  let api: jest.Mocked<SecurityLakeApi>;
  let onStarted: jest.Mock;
  let onSaved: jest.Mock;

  beforeEach(() => {
    api = createMockApi();
    api.checkSql.mockImplementation(check);
    // both accounts have us-east-1, so it is the default region
    api.listAccounts.mockResolvedValue({
      ...accountList,
      items: [
        accountList.items[0],
        { ...accountList.items[1], regions: ['ap-southeast-2', 'us-east-1'] },
      ],
    });
    onStarted = jest.fn();
    onSaved = jest.fn();
  });
  afterEach(() => jest.restoreAllMocks());

  const render = (
    props: Partial<SqlEditorProps> = {},
    options: { manage?: boolean } = {},
  ) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [securityLakeApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: request =>
                request.permission.name ===
                  securityLakeQueryManagePermission.name &&
                options.manage === false
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            }),
          ],
          [
            identityApiRef,
            mockApis.identity({
              userEntityRef: 'user:default/jane',
              ownershipEntityRefs: [
                'user:default/jane',
                'group:default/payments',
                'group:default/platform',
              ],
            }),
          ],
        ]}
      >
        {/* usePermission caches answers in SWR: a fresh cache per test */}
        <SWRConfig value={{ provider: () => new Map() }}>
          <SqlEditor
            initialSql=""
            onStarted={onStarted}
            onSaved={onSaved}
            checkDelayMs={20}
            {...props}
          />
        </SWRConfig>
      </TestApiProvider>,
    );

  const editor = () => screen.findByRole('textbox', { name: 'SQL' });
  const viewOf = (element: HTMLElement) => EditorView.findFromDOM(element)!;
  const runButton = () => screen.getByRole('button', { name: 'Run' });
  /** Puts a value in a field at once: a keystroke at a time re-renders the form for each. */
  async function fill(element: HTMLElement, text: string) {
    await userEvent.click(element);
    await userEvent.paste(text);
  }
  const marksOf = (view: EditorView) => {
    const marks: { from: number; to: number; message: string }[] = [];
    forEachDiagnostic(view.state, (d, from, to) =>
      marks.push({ from, to, message: d.message }),
    );
    return marks;
  };

  it('shows the problem the check finds at its line, in the text and as a mark, and clears it once fixed', async () => {
    await render();
    const sql = await editor();
    await userEvent.click(sql);
    await userEvent.type(sql, 'SELECT *{Enter}FORM t');
    const view = viewOf(sql);
    expect(view.state.doc.toString()).toBe('SELECT *\nFORM t');

    // a slow keystroke lets the check answer for a part of the text ("SELECT *\nFORM" says the same):
    // wait for the question about the whole of it, then for its answer in the editor
    await waitFor(() =>
      expect(api.checkSql).toHaveBeenLastCalledWith({
        sql: 'SELECT *\nFORM t',
        region: 'us-east-1',
      }),
    );
    // the problem marked in the editor, over "FORM", once the answer is for the text as it stands
    await waitFor(() =>
      expect(marksOf(view)).toEqual([
        { from: 9, to: 13, message: 'syntax error at or near "FORM"' },
      ]),
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Line 2, column 1: syntax error at or near "FORM"',
    );
    expect(runButton()).toBeDisabled();

    // the fix: "FORM" becomes "FROM" and the table is named
    act(() => {
      view.dispatch({
        changes: {
          from: 9,
          to: view.state.doc.length,
          insert: `FROM ${CLOUD_TRAIL}`,
        },
      });
    });
    await waitFor(() =>
      expect(screen.queryByRole('alert')).not.toBeInTheDocument(),
    );
    // the marks follow in an effect of that render
    await waitFor(() => expect(diagnosticCount(view.state)).toBe(0));
    expect(runButton()).toBeEnabled();
    expect(
      screen.getByText('Reads: CloudTrail management events 2.0'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Every Security Lake table is read only for the chosen accounts and time window; other tables and table functions are refused.',
      ),
    ).toBeInTheDocument();
  });

  it('runs the statement for the accounts, region and window, with Run or Ctrl+Enter', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    const statement = `SELECT time_dt FROM ${CLOUD_TRAIL}`;
    await render({ initialSql: statement });
    await screen.findByText('Reads: CloudTrail management events 2.0');
    // every account, the region both have, the last 24 hours
    expect(
      screen.getByRole('button', {
        name: '111122223333 · Payments production',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: '444455556666' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Region/ })).toHaveTextContent(
      'us-east-1 · 2 of 2 accounts',
    );
    expect(screen.getByRole('radio', { name: 'Last 24 hours' })).toBeChecked();

    await userEvent.click(runButton());
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(queuedRun));
    expect(api.startRun).toHaveBeenCalledWith({
      sql: statement,
      window: {
        start: '2024-04-30T10:01:00.000Z',
        end: '2024-05-01T10:01:00.000Z',
      },
      parameters: { region: 'us-east-1' },
      // untitled: the server names the run by what it reads
      accountIds: ['111122223333', '444455556666'],
    });

    await userEvent.click(screen.getByRole('radio', { name: 'Last hour' }));
    await userEvent.click(await editor());
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.startRun).toHaveBeenCalledTimes(2));
    expect(api.startRun.mock.calls[1][0]).toMatchObject({
      sql: statement,
      window: {
        start: '2024-05-01T09:01:00.000Z',
        end: '2024-05-01T10:01:00.000Z',
      },
    });
    // Ctrl+Enter added no line
    expect(viewOf(await editor()).state.doc.toString()).toBe(statement);
  });

  it("shows a refused run's SQL problem at its line like the check's, and other refusals as they are", async () => {
    const statement = 'SELECT *\nFROM read_csv($$x$$)';
    api.startRun.mockRejectedValueOnce(
      await responseError(
        400,
        'InputError',
        'sql: line 2, column 6: table functions are refused: read_csv',
      ),
    );
    await render({ initialSql: statement });
    await screen.findByText('Reads: CloudTrail management events 2.0');
    await userEvent.click(runButton());

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Line 2, column 6: table functions are refused: read_csv',
    );
    expect(runButton()).toBeDisabled();
    const view = viewOf(await editor());
    await waitFor(() => expect(diagnosticCount(view.state)).toBe(1));

    // another statement may run; a refusal that is not about the SQL is said as it is
    api.startRun.mockRejectedValueOnce(
      await responseError(
        403,
        'NotAllowedError',
        'accountIds: you may not query account 444455556666',
      ),
    );
    act(() => {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: 'SELECT 1' },
      });
    });
    // found once: waitFor asks again on every change to the page
    const run = runButton();
    await waitFor(() => expect(run).toBeEnabled());
    await userEvent.click(run);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The run was not startedaccountIds: you may not query account 444455556666',
    );
    expect(onStarted).not.toHaveBeenCalled();
  });

  it('lists the region’s tables with their columns, and puts a clicked name at the cursor', async () => {
    await render({ initialSql: 'SELECT  FROM ' });
    const panel = await screen.findByRole('region', {
      name: 'Tables in us-east-1',
    });
    expect(api.listQueryTables).toHaveBeenCalledWith('us-east-1');
    // the panel shows while the tables are read; they come after it
    expect(
      await within(panel).findByText('CloudTrail management events 2.0'),
    ).toBeInTheDocument();
    expect(within(panel).getByText('VPC Flow Logs 2.0')).toBeInTheDocument();

    const view = viewOf(await editor());
    // the cursor at the end
    act(() => {
      view.dispatch({ selection: { anchor: view.state.doc.length } });
    });
    await userEvent.click(
      within(panel).getByRole('button', {
        name: 'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0',
      }),
    );
    expect(view.state.doc.toString()).toBe(
      'SELECT  FROM "amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"',
    );

    const expand = within(panel).getByRole('button', {
      name: 'Columns of CloudTrail management events 2.0',
    });
    expect(expand).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(expand);
    expect(expand).toHaveAttribute('aria-expanded', 'true');
    const columns = within(panel).getByRole('list', {
      name: 'Columns of CloudTrail management events 2.0',
    });
    expect(within(columns).getByText('timestamp(3)')).toBeInTheDocument();
    act(() => {
      view.dispatch({ selection: { anchor: 'SELECT '.length } });
    });
    await userEvent.click(
      within(columns).getByRole('button', { name: 'time_dt' }),
    );
    expect(view.state.doc.toString()).toMatch(/^SELECT time_dt FROM "/);
  });

  it('saves the statement for a chosen team with Save as…, Enter saving', async () => {
    const statement = `SELECT time_dt FROM ${CLOUD_TRAIL}`;
    await render({ initialSql: statement });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Save as…' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Save as…' });
    // the teams are read as the dialog opens
    const team = await within(dialog).findByRole('button', {
      name: /Owning team/,
    });
    expect(team).toHaveTextContent('payments');
    await userEvent.click(team);
    await userEvent.click(screen.getByRole('option', { name: 'platform' }));
    await fill(
      within(dialog).getByRole('textbox', { name: 'Description' }),
      'When and what',
    );
    await fill(
      within(dialog).getByRole('textbox', { name: 'Name' }),
      'CloudTrail times',
    );
    // Enter in a field saves
    await userEvent.keyboard('{Enter}');

    await waitFor(() =>
      expect(onSaved).toHaveBeenCalledWith(
        expect.objectContaining({ id: 'tsq-new' }),
      ),
    );
    expect(api.createTeamSavedQuery).toHaveBeenCalledWith({
      name: 'CloudTrail times',
      description: 'When and what',
      ownerRef: 'group:default/platform',
      sql: statement,
    });
  });

  it('says in the dialog which field the server refused, and cancels with Escape', async () => {
    api.createTeamSavedQuery.mockRejectedValueOnce(
      await responseError(
        409,
        'ConflictError',
        'name: payments already has a query called Console logins',
      ),
    );
    await render({ initialSql: 'SELECT 1' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Save as…' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Save as…' });
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    expect(name).toHaveFocus();
    // a name is required
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(name).toHaveAccessibleDescription('Enter a name');
    expect(api.createTeamSavedQuery).not.toHaveBeenCalled();

    await fill(name, 'Console logins');
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(name).toHaveAccessibleDescription(
        'payments already has a query called Console logins',
      ),
    );
    expect(name).toBeInvalid();
    expect(onSaved).not.toHaveBeenCalled();

    await userEvent.keyboard('{Escape}');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('replaces an opened saved query’s SQL with Save', async () => {
    await render({ initialSql: teamSqlQuery.sql, savedQuery: teamSqlQuery });
    const view = viewOf(await editor());
    act(() => {
      view.dispatch({
        changes: { from: view.state.doc.length, insert: '\nLIMIT 10' },
      });
    });
    // offered once the permission to manage saved queries has answered
    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(api.updateTeamSavedQuery).toHaveBeenCalledWith('tsq-1', {
      name: 'Console logins',
      description: 'Who signed in to the console',
      ownerRef: 'group:default/payments',
      sql: `${teamSqlQuery.sql}\nLIMIT 10`,
    });
    expect(
      screen.getByRole('button', { name: 'Save as…' }),
    ).toBeInTheDocument();
  });

  it('offers no saving to those who may not manage saved queries', async () => {
    await render(
      { initialSql: teamSqlQuery.sql, savedQuery: teamSqlQuery },
      { manage: false },
    );
    await editor();
    await screen.findByText('Reads: CloudTrail management events 2.0');
    expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled();
    expect(
      screen.queryByRole('button', { name: 'Save' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Save as…' }),
    ).not.toBeInTheDocument();
  });
});
