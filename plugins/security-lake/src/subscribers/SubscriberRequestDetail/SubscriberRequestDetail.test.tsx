import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { createMockApi, mockClipboard } from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responseError';
import {
  activeRequest,
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
        <SubscriberRequestDetail requestId={requestId} pollMs={10} />
      </TestApiProvider>,
    );

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
