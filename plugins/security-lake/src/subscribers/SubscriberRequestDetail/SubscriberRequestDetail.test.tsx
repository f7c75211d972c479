import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { createMockApi, mockClipboard } from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responseError';
import {
  activeRequest,
  cloudTrailFilter,
  extensibleRequest,
  failedRequest,
  pendingRequest,
  provisioningRequest,
} from '../../__testUtils__/subscriberFixtures';
import { SubscriberRequestDetail } from './SubscriberRequestDetail';

describe('SubscriberRequestDetail', () => {
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
  });

  const render = (requestId = 'sr-1') =>
    renderInTestApp(
      <TestApiProvider apis={[[securityLakeApiRef, api]]}>
        <SubscriberRequestDetail
          requestId={requestId}
          pollMs={10}
          linkToRequest={id => `/requests/${id}`}
          linkToExtend={id => `/requests/new?extends=${id}`}
        />
      </TestApiProvider>,
    );
  const rowFilterSection = () =>
    screen.getByRole('heading', { name: 'Row filter' }).parentElement!;

  const button = (name: string) => screen.queryByRole('button', { name });

  it('shows the request, whose data it exposes, and only the decisions the user may take', async () => {
    await render();
    expect(
      await screen.findByRole('heading', { name: 'payments-analytics' }),
    ).toBeInTheDocument();
    expect(api.getSubscriberRequest).toHaveBeenCalledWith('sr-1');
    expect(screen.getByText('pending')).toBeInTheDocument();
    expect(
      screen.getByText("Only the payments team's accounts: 111122223333"),
    ).toBeInTheDocument();
    expect(screen.getByText('999988887777')).toBeInTheDocument();
    expect(
      screen.getByText('CloudTrail management events 2.0'),
    ).toBeInTheDocument();
    expect(button('Approve')).toBeInTheDocument();
    expect(button('Reject')).toBeInTheDocument();
    expect(button('Revoke')).not.toBeInTheDocument();
    expect(button('Retry')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Finish setting up access' }),
    ).not.toBeInTheDocument();
  });

  it('approves with the comment and the widening, then follows provisioning to the guided finish', async () => {
    const writeText = mockClipboard();
    api.decideSubscriberRequest.mockResolvedValue(provisioningRequest);
    api.getSubscriberRequest
      .mockResolvedValueOnce(pendingRequest)
      .mockResolvedValueOnce(provisioningRequest)
      .mockResolvedValue(activeRequest);
    await render();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Approve “payments-analytics”?',
    });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Comment' }),
      'Agreed with the CISO',
    );
    await userEvent.click(
      within(dialog).getByRole('checkbox', {
        name: "Widen to every account's data (whole-source subscriber)",
      }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    );

    expect(api.decideSubscriberRequest).toHaveBeenCalledWith(
      'sr-1',
      'approve',
      { comment: 'Agreed with the CISO', widenToAllAccounts: true },
    );
    expect(await screen.findByText('Provisioning…')).toBeInTheDocument();
    expect(button('Approve')).not.toBeInTheDocument();

    expect(
      await screen.findByRole('heading', { name: 'Finish setting up access' }),
    ).toBeInTheDocument();
    expect(screen.getByText('active')).toBeInTheDocument();
    expect(screen.queryByText('Provisioning…')).not.toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Accept the resource share' }),
    ).toBeInTheDocument();
    const [firstStep] = activeRequest.guidedFinish!.steps;
    expect(screen.getByText(firstStep.commands!)).toBeInTheDocument();
    expect(screen.getByText(/SecurityLakeLink:/)).toBeInTheDocument();
    // reading stops once the request is active
    const reads = api.getSubscriberRequest.mock.calls.length;
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(api.getSubscriberRequest).toHaveBeenCalledTimes(reads);

    await userEvent.click(
      screen.getAllByRole('button', { name: 'Copy commands' })[0],
    );
    expect(writeText).toHaveBeenCalledWith(firstStep.commands);
    await userEvent.click(
      screen.getByRole('button', { name: 'Copy template' }),
    );
    expect(writeText).toHaveBeenLastCalledWith(
      activeRequest.guidedFinish!.cloudFormation,
    );
    // what was provisioned
    expect(
      screen.getByText("accountid IN ('111122223333')"),
    ).toBeInTheDocument();
    // the history, with the approver's comment
    expect(
      screen.getByText(/^pending → approved by carol/),
    ).toBeInTheDocument();
    expect(screen.getByText('“Team scope is fine”')).toBeInTheDocument();
  });

  it('rejects without asking for anything, posting the comment when there is one', async () => {
    api.decideSubscriberRequest.mockResolvedValue({
      ...pendingRequest,
      state: 'rejected',
      actions: [],
    });
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reject' }),
    );
    let dialog = screen.getByRole('dialog', {
      name: 'Reject “payments-analytics”?',
    });
    // a rejection is never widened
    expect(within(dialog).queryByRole('checkbox')).not.toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.decideSubscriberRequest).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    dialog = screen.getByRole('dialog', {
      name: 'Reject “payments-analytics”?',
    });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Comment' }),
      'Use the team saved queries instead',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    );
    expect(api.decideSubscriberRequest).toHaveBeenCalledWith('sr-1', 'reject', {
      comment: 'Use the team saved queries instead',
    });
    expect(await screen.findByText('rejected')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(button('Approve')).not.toBeInTheDocument();
  });

  it('lets the requesting team withdraw its pending request after saying what that does', async () => {
    api.getSubscriberRequest.mockResolvedValue({
      ...pendingRequest,
      actions: ['withdraw'],
    });
    api.decideSubscriberRequest.mockResolvedValue({
      ...pendingRequest,
      state: 'withdrawn',
      actions: [],
    });
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Withdraw' }),
    );
    // the requester decides nothing else
    expect(button('Approve')).not.toBeInTheDocument();
    expect(button('Reject')).not.toBeInTheDocument();
    const dialog = screen.getByRole('dialog', {
      name: 'Withdraw “payments-analytics”?',
    });
    expect(dialog).toHaveTextContent(
      'The request leaves the approvals queue and nothing is provisioned',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    );
    expect(api.decideSubscriberRequest).toHaveBeenCalledWith(
      'sr-1',
      'withdraw',
      {},
    );
    expect(await screen.findByText('withdrawn')).toBeInTheDocument();
    await waitFor(() => expect(button('Withdraw')).not.toBeInTheDocument());
  });

  it('posts an empty decision when a rejection has no comment', async () => {
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reject' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(api.decideSubscriberRequest).toHaveBeenCalledWith(
      'sr-1',
      'reject',
      {},
    );
  });

  it('keeps the dialog open with the refusal when the request is no longer pending', async () => {
    api.decideSubscriberRequest.mockRejectedValue(
      await responseError(
        409,
        'ConflictError',
        'The request is no longer pending',
      ),
    );
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    const dialog = screen.getByRole('dialog');
    expect(
      await within(dialog).findByText('The request is no longer pending'),
    ).toBeInTheDocument();
  });

  it('shows why provisioning failed, and retries it or revokes it after a confirmation', async () => {
    api.getSubscriberRequest.mockResolvedValue(failedRequest);
    api.decideSubscriberRequest.mockImplementation(async (_id, action) =>
      action === 'retry'
        ? { ...failedRequest, state: 'provisioning', actions: [] }
        : { ...failedRequest, state: 'revoked', actions: [] },
    );
    await render('sr-2');
    expect(await screen.findByText('Provisioning failed')).toBeInTheDocument();
    expect(
      screen.getByText(
        'AccessDeniedException: not the delegated administrator',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Every account in the organisation, for these sources'),
    ).toBeInTheDocument();
    expect(button('Approve')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Revoke' }));
    const dialog = screen.getByRole('dialog', {
      name: 'Revoke “siem-export”?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.decideSubscriberRequest).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(api.decideSubscriberRequest).toHaveBeenCalledWith(
      'sr-2',
      'retry',
      undefined,
    );
    expect(await screen.findByText('Provisioning…')).toBeInTheDocument();
  });

  it('revokes after the confirmation', async () => {
    api.getSubscriberRequest.mockResolvedValue(activeRequest);
    api.decideSubscriberRequest.mockResolvedValue({
      ...activeRequest,
      state: 'revoked',
      guidedFinish: undefined,
      actions: [],
    });
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Revoke' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(api.decideSubscriberRequest).toHaveBeenCalledWith(
      'sr-1',
      'revoke',
      {},
    );
    expect(await screen.findByText('revoked')).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Finish setting up access' }),
    ).not.toBeInTheDocument();
  });

  it('shows the row filter that will be put word for word: once when every table gets the same, else table by table', async () => {
    const same = "accountid IN ('111122223333')";
    api.getSubscriberRequest.mockResolvedValueOnce({
      ...pendingRequest,
      regions: ['us-east-1', 'eu-west-1'],
      rowFilters: [
        cloudTrailFilter('us-east-1', same),
        cloudTrailFilter('eu-west-1', same),
      ],
    });
    const { unmount } = await render();
    await screen.findByRole('heading', { name: 'Row filter' });
    const section = rowFilterSection();
    expect(
      within(section).getByText('Will be put on each of its 2 tables:'),
    ).toBeInTheDocument();
    expect(within(section).getAllByText(same)).toHaveLength(1);
    expect(
      within(within(section).getByRole('list', { name: 'Filtered tables' }))
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'us-east-1: amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0 (portal_sr1_cloud_trail_mgmt_2_0)',
      'eu-west-1: amazon_security_lake_table_eu_west_1_cloud_trail_mgmt_2_0 (portal_sr1_cloud_trail_mgmt_2_0)',
    ]);
    unmount();

    api.getSubscriberRequest.mockResolvedValueOnce({
      ...activeRequest,
      regions: ['us-east-1', 'eu-west-1'],
      rowFilters: [
        cloudTrailFilter('us-east-1', same),
        cloudTrailFilter('eu-west-1', "accountid IN ('222233334444')"),
      ],
    });
    await render();
    const table = await screen.findByRole('table', {
      name: 'Row filters by table',
    });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row =>
          within(row)
            .getAllByRole('cell')
            .map(c => c.textContent),
        ),
    ).toEqual([
      [
        'us-east-1',
        'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0',
        'portal_sr1_cloud_trail_mgmt_2_0',
        same,
      ],
      [
        'eu-west-1',
        'amazon_security_lake_table_eu_west_1_cloud_trail_mgmt_2_0',
        'portal_sr1_cloud_trail_mgmt_2_0',
        "accountid IN ('222233334444')",
      ],
    ]);
  });

  it('shows the approver the row filter in the approval, and none once widened to whole sources', async () => {
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Approve “payments-analytics”?',
    });
    expect(
      within(dialog).getByText("accountid IN ('111122223333')"),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Will be put on its one table:'),
    ).toBeInTheDocument();
    // the explanation names the accounts let through, not "the team's accounts"
    expect(dialog).toHaveTextContent(
      'data cells filters that let through only 111122223333 (of payments)',
    );
    await userEvent.click(within(dialog).getByRole('checkbox'));
    expect(
      within(dialog).queryByText("accountid IN ('111122223333')"),
    ).not.toBeInTheDocument();
  });

  it("says which of the team's accounts the grant does not cover, and links to ask to extend it", async () => {
    api.getSubscriberRequest.mockResolvedValue(extensibleRequest);
    await render('sr-4');
    const notice = (
      await screen.findByText('The team has accounts this grant does not cover')
    ).closest('[role="alert"]') as HTMLElement;
    expect(notice).toHaveTextContent(
      'The catalog gives 222233334444 to payments, but it is not in this grant: a grant never widens by itself.',
    );
    expect(
      within(notice).getByRole('button', { name: 'Ask to extend' }),
    ).toHaveAttribute('href', '/requests/new?extends=sr-4');
    // what is in place names only what was granted
    expect(
      within(rowFilterSection()).getByText('In place on its one table:'),
    ).toBeInTheDocument();
    expect(screen.getByText('Granted now').nextSibling).toHaveTextContent(
      /^111122223333$/,
    );
  });

  it('points to the extension that is waiting instead of offering another, and says what a narrowed grant still grants', async () => {
    api.getSubscriberRequest.mockResolvedValue({
      ...extensibleRequest,
      accountIds: ['111122223333', '333344445555'],
      grantedAccountIds: ['111122223333'],
      openExtensionId: 'sr-5',
      actions: ['revoke'],
    });
    await render('sr-4');
    const notice = (
      await screen.findByText('The team has accounts this grant does not cover')
    ).closest('[role="alert"]') as HTMLElement;
    expect(
      within(notice).queryByRole('button', { name: 'Ask to extend' }),
    ).not.toBeInTheDocument();
    expect(
      within(notice).getByRole('link', { name: 'open it' }),
    ).toHaveAttribute('href', '/requests/sr-5');
    expect(screen.getByText('Approved accounts').nextSibling).toHaveTextContent(
      '111122223333, 333344445555',
    );
    expect(screen.getByText('Granted now').nextSibling).toHaveTextContent(
      "111122223333 (no longer payments's: 333344445555)",
    );
  });

  it('follows an ended request until what it was granted is removed', async () => {
    const revoked = {
      ...activeRequest,
      state: 'revoked' as const,
      actions: [],
    };
    api.getSubscriberRequest
      .mockResolvedValueOnce({
        ...revoked,
        error:
          'Removing the access failed, trying again: ThrottlingException: Rate exceeded',
      })
      .mockResolvedValue({
        ...revoked,
        removedAt: '2024-05-02T10:00:00.000Z',
        rowFilters: [],
      });
    await render();
    expect(
      await screen.findByText('Removing what was granted…'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Removing the access failed, trying again: ThrottlingException: Rate exceeded',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No row filter is in place.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Removing what was granted…'),
    ).not.toBeInTheDocument();
  });

  it('says so when the request cannot be read', async () => {
    api.getSubscriberRequest.mockRejectedValue(
      await responseError(404, 'NotFoundError', 'No subscriber request sr-9'),
    );
    await render('sr-9');
    expect(
      (await screen.findAllByText(/No subscriber request sr-9/)).length,
    ).toBeGreaterThan(0);
  });
});
