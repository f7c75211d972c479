import { identityApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { TeamQuery } from '@internal/plugin-security-lake-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SWRConfig } from 'swr';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import {
  createMockApi,
  teamLibraryQuery,
  teamSqlQuery,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responseError';
import { TeamQueries } from './TeamQueries';

describe('TeamQueries', () => {
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
  });

  const linkTo = (saved: TeamQuery) =>
    saved.queryId
      ? `/q?query=${saved.queryId}&saved=${saved.id}`
      : `/q?saved=${saved.id}`;

  const render = (manage = true) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [securityLakeApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: manage ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            }),
          ],
          [identityApiRef, mockApis.identity()],
        ]}
      >
        {/* usePermission caches answers in SWR: a fresh cache per test */}
        <SWRConfig value={{ provider: () => new Map() }}>
          <TeamQueries linkTo={linkTo} />
        </SWRConfig>
      </TestApiProvider>,
    );

  const rowOf = (name: string) =>
    screen.getByRole('link', { name }).closest('tr') as HTMLElement;

  it('lists each query with its team, its kind and who changed it last', async () => {
    await render();
    expect(screen.getByText("Your team's queries")).toBeInTheDocument();
    const sql = await screen.findByRole('link', { name: 'Console logins' });
    expect(sql).toHaveAttribute('href', '/q?saved=tsq-1');
    const sqlRow = rowOf('Console logins');
    expect(
      within(sqlRow).getByText('Who signed in to the console'),
    ).toBeInTheDocument();
    expect(within(sqlRow).getByText('payments')).toBeInTheDocument();
    expect(within(sqlRow).getByText('SQL')).toBeInTheDocument();
    expect(
      within(sqlRow).getByText(
        `john · ${new Date(teamSqlQuery.updatedAt).toLocaleString()}`,
      ),
    ).toBeInTheDocument();

    // a library query's values are shown by the query's title
    const libraryRow = rowOf('Changes by deploy-bot');
    expect(
      within(libraryRow).getByRole('link', { name: 'Changes by deploy-bot' }),
    ).toHaveAttribute('href', '/q?query=iam-changes&saved=tsq-2');
    expect(
      await within(libraryRow).findByText('IAM changes'),
    ).toBeInTheDocument();
    expect(within(libraryRow).getByText('platform')).toBeInTheDocument();
  });

  it('says when the teams have none', async () => {
    api.listTeamSavedQueries.mockResolvedValue({ items: [] });
    await render();
    expect(
      await screen.findByText(/Your teams have no saved queries yet/),
    ).toBeInTheDocument();
    expect(api.listQueries).not.toHaveBeenCalled();
  });

  it('deletes a query only once the user confirms', async () => {
    await render();
    await screen.findByRole('link', { name: 'Console logins' });
    await userEvent.click(
      screen.getByRole('button', { name: 'Delete Console logins' }),
    );
    let dialog = screen.getByRole('dialog', {
      name: 'Delete “Console logins”?',
    });
    expect(dialog).toHaveTextContent('It is gone for everyone in payments');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.deleteTeamSavedQuery).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Delete Console logins' }),
    );
    dialog = screen.getByRole('dialog', { name: 'Delete “Console logins”?' });
    api.listTeamSavedQueries.mockResolvedValue({ items: [teamLibraryQuery] });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );
    expect(api.deleteTeamSavedQuery).toHaveBeenCalledWith('tsq-1');
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: 'Console logins' }),
      ).not.toBeInTheDocument(),
    );
    expect(api.listTeamSavedQueries).toHaveBeenCalledTimes(2);
  });

  it("keeps the dialog open with the server's words when a delete is refused", async () => {
    api.deleteTeamSavedQuery.mockRejectedValue(
      await responseError(404, 'NotFoundError', 'No saved query tsq-1'),
    );
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete Console logins' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'No saved query tsq-1',
    );
  });

  it('renames and describes a query, sending the rest of it unchanged', async () => {
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Edit Changes by deploy-bot' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Edit “Changes by deploy-bot”',
    });
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    expect(name).toHaveValue('Changes by deploy-bot');
    await userEvent.clear(name);
    await userEvent.type(name, 'Deploy-bot IAM changes');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Description' }),
      'Weekly review{Enter}',
    );
    await waitFor(() =>
      expect(api.updateTeamSavedQuery).toHaveBeenCalledWith('tsq-2', {
        name: 'Deploy-bot IAM changes',
        description: 'Weekly review',
        ownerRef: 'group:default/platform',
        queryId: 'iam-changes',
        parameters: { principal: 'deploy-bot', limit: 10, region: 'eu-west-1' },
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.listTeamSavedQueries).toHaveBeenCalledTimes(2);
  });

  it('offers no changes to those who may not manage saved queries', async () => {
    await render(false);
    await screen.findByRole('link', { name: 'Console logins' });
    expect(
      screen.queryByRole('button', { name: /^(Edit|Delete) / }),
    ).not.toBeInTheDocument();
  });
});
