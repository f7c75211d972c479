import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  LibraryQueryDetail,
  SecurityLakeApi,
  securityLakeApiRef,
} from '../../api';
import {
  accountList,
  createMockApi,
  iamChangesDetail,
  mockClipboard,
  queuedRun,
} from '../../__testUtils__/fixtures';
import { RunForm, RunFormProps } from './RunForm';

// 10:00:30 UTC: a preset window ends at the next whole minute
const NOW = Date.parse('2024-05-01T10:00:30.000Z');
const END = '2024-05-01T10:01:00.000Z';

async function responseError(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('RunForm', () => {
  let api: jest.Mocked<SecurityLakeApi>;
  let onStarted: jest.Mock;

  beforeEach(() => {
    api = createMockApi();
    onStarted = jest.fn();
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  const render = (props: Partial<RunFormProps> = {}) =>
    renderInTestApp(
      <TestApiProvider apis={[[securityLakeApiRef, api]]}>
        <RunForm
          detail={iamChangesDetail}
          accounts={accountList.items}
          onStarted={onStarted}
          {...props}
        />
      </TestApiProvider>,
    );

  const principal = () => screen.getByRole('textbox', { name: /Principal/ });
  const run = () => screen.getByRole('button', { name: 'Run' });

  it('sends the chosen accounts, the region most of them have, the window and the parameters', async () => {
    await render();
    // both accounts collect CloudTrail, so both are chosen; us-east-1 has both
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
    // the query's default window is 7 days
    expect(screen.getByRole('radio', { name: 'Last 7 days' })).toBeChecked();

    await userEvent.type(principal(), 'deploy-bot');
    await userEvent.click(run());

    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(queuedRun));
    expect(api.startRun).toHaveBeenCalledWith({
      queryId: 'iam-changes',
      accountIds: ['111122223333', '444455556666'],
      parameters: {
        region: 'us-east-1',
        start: '2024-04-24T10:01:00.000Z',
        end: END,
        principal: 'deploy-bot',
        limit: 100,
        outcome: 'Success',
      },
    });
  });

  it('offers the regions of the chosen accounts and warns about an account missing from one', async () => {
    await render();
    await userEvent.click(screen.getByRole('button', { name: /Region/ }));
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['us-east-1 · 2 of 2 accounts', 'eu-west-1 · 1 of 2 accounts']);
    await userEvent.click(
      screen.getByRole('option', { name: 'eu-west-1 · 1 of 2 accounts' }),
    );
    expect(
      screen.getByText(
        /444455556666 does not collect CloudTrail management events in eu-west-1/,
      ),
    ).toBeInTheDocument();

    // without that account, its region choice stays and the warning goes
    await userEvent.click(screen.getByRole('textbox', { name: /Accounts/ }));
    await userEvent.click(screen.getByRole('option', { name: '444455556666' }));
    expect(screen.getByRole('button', { name: /Region/ })).toHaveTextContent(
      'eu-west-1 · 1 of 1 account',
    );
    expect(screen.queryByText(/does not collect/)).not.toBeInTheDocument();
  });

  it('requires an account and the parameters without a default, and sends nothing until they are there', async () => {
    await render();
    await userEvent.click(screen.getByRole('textbox', { name: /Accounts/ }));
    await userEvent.click(
      screen.getByRole('option', {
        name: '111122223333 · Payments production',
      }),
    );
    await userEvent.click(screen.getByRole('option', { name: '444455556666' }));
    await userEvent.keyboard('{Escape}');
    await userEvent.click(run());

    expect(screen.getByText('Choose at least one account')).toBeInTheDocument();
    expect(principal()).toHaveAccessibleDescription('Required');
    expect(principal()).toBeInvalid();
    expect(api.startRun).not.toHaveBeenCalled();
  });

  it('checks values by the parameter rules as the user leaves a field', async () => {
    await render();
    await userEvent.type(principal(), 'not a name!');
    // nothing is said while typing
    expect(principal()).not.toBeInvalid();
    await userEvent.tab();
    expect(principal()).toHaveAccessibleDescription(
      'Does not look like an IAM user name such as deploy-bot',
    );

    await userEvent.clear(principal());
    await userEvent.type(principal(), 'a'.repeat(65));
    expect(principal()).toHaveAccessibleDescription(
      'At most 64 characters (now 65)',
    );

    const limit = screen.getByRole('spinbutton', { name: 'Most rows' });
    await userEvent.clear(limit);
    await userEvent.type(limit, '20000');
    await userEvent.tab();
    expect(limit).toHaveAccessibleDescription('At most 10000');

    await userEvent.click(run());
    expect(api.startRun).not.toHaveBeenCalled();
  });

  it('submits with Enter and sends the chosen preset window', async () => {
    await render();
    await userEvent.click(screen.getByRole('radio', { name: 'Last hour' }));
    await userEvent.type(principal(), 'deploy-bot{Enter}');

    await waitFor(() => expect(api.startRun).toHaveBeenCalledTimes(1));
    expect(api.startRun.mock.calls[0][0].parameters).toMatchObject({
      start: '2024-05-01T09:01:00.000Z',
      end: END,
    });
  });

  it('sends a custom window as ISO timestamps, and refuses one that ends before it starts', async () => {
    await render();
    await userEvent.click(screen.getByRole('radio', { name: 'Custom' }));
    const start = screen.getByLabelText(/Start \(local time\)/);
    const end = screen.getByLabelText(/End \(local time\)/);
    fireEvent.change(start, { target: { value: '2024-04-30T08:00' } });
    fireEvent.change(end, { target: { value: '2024-04-30T07:00' } });
    await userEvent.type(principal(), 'deploy-bot');
    await userEvent.click(run());
    expect(end).toHaveAccessibleDescription(
      'The end must come after the start',
    );
    expect(api.startRun).not.toHaveBeenCalled();

    fireEvent.change(end, { target: { value: '2024-04-30T20:30' } });
    await userEvent.click(run());
    await waitFor(() => expect(api.startRun).toHaveBeenCalledTimes(1));
    expect(api.startRun.mock.calls[0][0].parameters).toMatchObject({
      start: new Date('2024-04-30T08:00').toISOString(),
      end: new Date('2024-04-30T20:30').toISOString(),
    });
  });

  it("shows the server's refusal in its own words", async () => {
    api.startRun.mockRejectedValue(
      await responseError(
        403,
        'NotAllowedError',
        'accountIds: you may not query account 444455556666',
      ),
    );
    await render();
    await userEvent.type(principal(), 'deploy-bot');
    await userEvent.click(run());

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The run was not startedaccountIds: you may not query account 444455556666',
    );
    expect(onStarted).not.toHaveBeenCalled();
    expect(run()).toBeEnabled();
  });

  it('offers only the accounts of the entity, and records the entity with the run', async () => {
    await render({
      accounts: [accountList.items[0]],
      onlyListedAccounts: true,
      entityRef: 'system:default/payments',
    });
    await userEvent.click(screen.getByRole('textbox', { name: /Accounts/ }));
    expect(screen.getAllByRole('option').map(o => o.textContent)).toEqual([
      '111122223333 · Payments production',
    ]);
    await userEvent.keyboard('{Escape}');
    // its two regions tie, so the first by name
    expect(screen.getByRole('button', { name: /Region/ })).toHaveTextContent(
      'eu-west-1',
    );

    await userEvent.type(principal(), 'deploy-bot');
    await userEvent.click(run());
    await waitFor(() => expect(api.startRun).toHaveBeenCalledTimes(1));
    expect(api.startRun.mock.calls[0][0]).toMatchObject({
      accountIds: ['111122223333'],
      entityRef: 'system:default/payments',
      parameters: { region: 'eu-west-1' },
    });
  });

  it('explains when none of the accounts collects the source, and still copies the SQL', async () => {
    const clipboard = mockClipboard();
    await render({ detail: { ...iamChangesDetail, availability: [] } });
    expect(screen.getByText('No account to run this for')).toBeInTheDocument();
    expect(
      screen.getByText(
        /None of the AWS accounts you may query collects CloudTrail management events/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Run' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Copy SQL (source version 2.0)' }),
    );
    expect(clipboard).toHaveBeenCalledWith(iamChangesDetail.query.sql['2.0']);
  });

  it('copies the version 1 template when the accounts only have version 1 tables there', async () => {
    const clipboard = mockClipboard();
    await render({
      detail: {
        ...iamChangesDetail,
        availability: [
          { accountId: '111122223333', region: 'us-east-1', version: '1.0' },
        ],
      },
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Copy SQL (source version 1.0)' }),
    );
    expect(clipboard).toHaveBeenCalledWith(iamChangesDetail.query.sql['1.0']);
  });

  it('starts with the accounts the server reads together, and offers to split a choice over two source versions instead of sending it', async () => {
    const mixed: LibraryQueryDetail = {
      ...iamChangesDetail,
      availability: [
        { accountId: '111122223333', region: 'us-east-1', version: '2.0' },
        { accountId: '444455556666', region: 'us-east-1', version: '1.0' },
      ],
    };
    await render({ detail: mixed });
    // the version 1 account is left out of the starting choice
    expect(
      screen.getByRole('button', {
        name: '111122223333 · Payments production',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: '444455556666' }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Select all 2' }));
    expect(
      screen.getByText(
        /444455556666 still sends CloudTrail management events as source version 1/,
      ),
    ).toBeInTheDocument();
    await userEvent.type(principal(), 'deploy-bot');
    await userEvent.click(run());
    // said at the field, not left to the server
    expect(
      screen.getByText(
        /in two source versions in us-east-1: run each version on its own/,
      ),
    ).toBeInTheDocument();
    expect(api.startRun).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Keep the 1 on version 1' }),
    );
    await userEvent.click(run());
    await waitFor(() => expect(api.startRun).toHaveBeenCalledTimes(1));
    expect(api.startRun.mock.calls[0][0].accountIds).toEqual(['444455556666']);
  });

  it("starts from a team's saved values, and hands the values without the window to Save as…", async () => {
    const onSaveAs = jest.fn();
    await render({
      initialValues: {
        principal: 'deploy-bot',
        limit: 10,
        region: 'eu-west-1',
        start: '2024-04-01T00:00:00.000Z',
      },
      onSaveAs,
    });
    expect(principal()).toHaveValue('deploy-bot');
    expect(screen.getByRole('spinbutton', { name: 'Most rows' })).toHaveValue(
      10,
    );
    expect(screen.getByRole('button', { name: /Region/ })).toHaveTextContent(
      'eu-west-1',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Save as…' }));
    expect(onSaveAs).toHaveBeenCalledWith({
      region: 'eu-west-1',
      principal: 'deploy-bot',
      limit: 10,
      outcome: 'Success',
    });

    // values the query would refuse are not saved
    onSaveAs.mockClear();
    await userEvent.clear(principal());
    await userEvent.click(screen.getByRole('button', { name: 'Save as…' }));
    expect(onSaveAs).not.toHaveBeenCalled();
    expect(principal()).toHaveAccessibleDescription('Required');
  });

  it('offers no Save as… unless asked to', async () => {
    await render();
    expect(
      screen.queryByRole('button', { name: 'Save as…' }),
    ).not.toBeInTheDocument();
  });
});
