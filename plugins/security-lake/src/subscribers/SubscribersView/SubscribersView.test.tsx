import { identityApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { securityLakeSubscriberApprovePermission } from '@internal/plugin-security-lake-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { SWRConfig } from 'swr';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { accountList, createMockApi } from '../../__testUtils__/fixtures';
import {
  extensibleRequest,
  pendingRequest,
} from '../../__testUtils__/subscriberFixtures';
import { SubscribersView } from './SubscribersView';

/** Where the view has taken the user. */
function Search() {
  return <output aria-label="search">{useLocation().search}</output>;
}

describe('SubscribersView', () => {
  let api: jest.Mocked<SecurityLakeApi>;
  let authorize: jest.Mock;

  beforeEach(() => {
    api = createMockApi();
    authorize = jest.fn(() => AuthorizeResult.DENY);
  });

  const render = (search: string) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [securityLakeApiRef, api],
          [permissionApiRef, mockApis.permission({ authorize })],
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
          <SubscribersView pollMs={10} />
          <Search />
        </SWRConfig>
      </TestApiProvider>,
      { routeEntries: [`/security-lake${search}`] },
    );

  const requests = () =>
    screen.getByRole('region', { name: 'Subscriber requests' });

  it("lists the team's requests in every state, each linking to its page", async () => {
    await render('?tab=subscribers');
    const region = requests();
    expect(
      await within(region).findByRole('link', { name: 'payments-analytics' }),
    ).toHaveAttribute('href', '/security-lake?tab=subscribers&requestId=sr-1');
    expect(api.listSubscriberRequests).toHaveBeenCalledWith(undefined);
    expect(
      within(region).getByText("Your teams' requests"),
    ).toBeInTheDocument();
    expect(
      within(region).queryByText('Approvals queue'),
    ).not.toBeInTheDocument();

    const row = within(region)
      .getByRole('link', { name: 'checkout-dashboards' })
      .closest('tr')!;
    expect(within(row).getByText('checkout')).toBeInTheDocument();
    expect(
      within(row).getByText("Query · team's accounts"),
    ).toBeInTheDocument();
    expect(within(row).getByText('active')).toBeInTheDocument();
    expect(within(row).getByText('bob')).toBeInTheDocument();
    const failed = within(region)
      .getByRole('link', { name: 'siem-export' })
      .closest('tr')!;
    expect(within(failed).getByText('S3 · every account')).toBeInTheDocument();
    expect(
      within(failed).getByText('us-east-1, eu-west-1'),
    ).toBeInTheDocument();
    expect(within(failed).getByText('failed')).toBeInTheDocument();
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: securityLakeSubscriberApprovePermission.name,
        }),
      }),
    );
  });

  it('shows approvers the pending requests of every team first, and the others on request', async () => {
    authorize.mockReturnValue(AuthorizeResult.ALLOW);
    api.listSubscriberRequests.mockImplementation(async filter => ({
      items:
        filter?.state === 'pending'
          ? [{ ...pendingRequest }]
          : (await createMockApi().listSubscriberRequests()).items,
    }));
    await render('?tab=subscribers');
    const region = requests();
    expect(
      await within(region).findByText('Approvals queue'),
    ).toBeInTheDocument();
    expect(api.listSubscriberRequests).toHaveBeenCalledWith({
      state: 'pending',
    });
    const pending = (
      await within(region).findByRole('link', { name: 'payments-analytics' })
    ).closest('tr')!;
    // the approver reads the row filter that approving puts, word for word
    expect(
      within(pending).getByText("accountid IN ('111122223333')"),
    ).toBeInTheDocument();
    expect(
      within(region).queryByRole('link', { name: 'siem-export' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      within(region).getByRole('button', { name: /State/ }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'All states' }));
    expect(
      await within(region).findByRole('link', { name: 'siem-export' }),
    ).toBeInTheDocument();
    expect(api.listSubscriberRequests).toHaveBeenLastCalledWith(undefined);
    // all states are not a queue
    expect(
      await within(region).findByText("Every team's requests"),
    ).toBeInTheDocument();
    expect(
      within(region).queryByText('Approvals queue'),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'search' })).toHaveTextContent(
      '?tab=subscribers&state=all',
    );
  });

  it('says so when there are no requests', async () => {
    api.listSubscriberRequests.mockResolvedValue({ items: [] });
    await render('?tab=subscribers');
    expect(
      await within(requests()).findByText(
        /No subscriber requests yet\. Use “Request access”/,
      ),
    ).toBeInTheDocument();
  });

  it('goes from "Request access" to the form, and from the new request to its page', async () => {
    await render('?tab=subscribers');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request access' }),
    );
    expect(screen.getByRole('status', { name: 'search' })).toHaveTextContent(
      '?tab=subscribers&request=new',
    );
    const form = await screen.findByRole('form', { name: 'Request access' });
    const fill = async (name: string, text: string) => {
      await userEvent.click(
        within(form).getByRole('textbox', { name: new RegExp(`^${name}`) }),
      );
      await userEvent.paste(text);
    };
    await fill('Subscriber name', 'payments-analytics');
    await fill('Subscriber principal', '999988887777');
    await userEvent.click(
      within(form).getByRole('button', { name: 'Generate' }),
    );
    await fill('Justification', 'Fraud analytics over our own CloudTrail');
    await userEvent.click(
      within(form).getByRole('button', { name: 'Submit request' }),
    );

    expect(
      await screen.findByRole('heading', { name: 'payments-analytics' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'search' })).toHaveTextContent(
      '?tab=subscribers&requestId=sr-1',
    );
    await waitFor(() =>
      expect(api.getSubscriberRequest).toHaveBeenCalledWith('sr-1'),
    );
    expect(screen.getByRole('link', { name: 'All requests' })).toHaveAttribute(
      'href',
      '/security-lake?tab=subscribers',
    );
  });

  it('asks to extend a grant from its page: the form starts from it, keeps what an extension cannot change, and sends a new request', async () => {
    api.getSubscriberRequest.mockImplementation(async id =>
      id === 'sr-4'
        ? extensibleRequest
        : { ...pendingRequest, id, extendsRequestId: 'sr-4' },
    );
    api.listAccounts.mockResolvedValue({
      ...accountList,
      items: [
        ...accountList.items,
        {
          ...accountList.items[0],
          accountId: '222233334444',
          title: 'Payments development',
          entityRefs: ['resource:default/payments-dev'],
        },
      ],
    });
    api.createSubscriberRequest.mockResolvedValue({
      ...pendingRequest,
      id: 'sr-5',
      accountIds: ['111122223333', '222233334444'],
      extendsRequestId: 'sr-4',
    });
    await render('?tab=subscribers&requestId=sr-4');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Ask to extend' }),
    );
    expect(screen.getByRole('status', { name: 'search' })).toHaveTextContent(
      '?tab=subscribers&request=new&extends=sr-4',
    );

    const form = await screen.findByRole('form', { name: 'Ask to extend' });
    const principal = within(form).getByRole('textbox', {
      name: /^Subscriber principal/,
    });
    expect(principal).toHaveValue('999988887777');
    expect(principal).toBeDisabled();
    expect(
      within(form).getByRole('textbox', { name: /^External ID/ }),
    ).toBeDisabled();
    expect(
      within(form).queryByRole('button', { name: 'Generate' }),
    ).not.toBeInTheDocument();
    expect(
      within(form).getByRole('checkbox', {
        name: 'CloudTrail management events',
      }),
    ).toBeDisabled();
    // what it grants and what the team has that it does not cover
    expect(
      screen.getByRole('region', { name: 'What will be created' }),
    ).toHaveTextContent("accountid IN ('111122223333', '222233334444')");

    await userEvent.click(
      within(form).getByRole('textbox', { name: /^Justification/ }),
    );
    await userEvent.paste('Payments development sends the same events');
    await userEvent.click(
      within(form).getByRole('button', { name: 'Ask to extend' }),
    );
    expect(api.createSubscriberRequest).toHaveBeenCalledWith({
      subscriberName: 'payments-analytics',
      principal: '999988887777',
      externalId: 'ext-payments-1',
      ownerRef: 'group:default/payments',
      accountIds: ['111122223333', '222233334444'],
      sources: [{ source: 'CLOUD_TRAIL_MGMT', version: '2.0' }],
      regions: ['us-east-1'],
      accessType: 'LAKEFORMATION',
      scope: 'team',
      justification: 'Payments development sends the same events',
      extendsRequestId: 'sr-4',
    });
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'search' })).toHaveTextContent(
        '?tab=subscribers&requestId=sr-5',
      ),
    );
    expect(
      await screen.findByRole('link', { name: 'the grant it extends' }),
    ).toHaveAttribute('href', '/security-lake?tab=subscribers&requestId=sr-4');
  });
});
