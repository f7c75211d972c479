import { identityApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { createMockApi } from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responseError';
import {
  extensibleRequest,
  pendingRequest,
} from '../../__testUtils__/subscriberFixtures';
import { SubscriberRequestForm } from './SubscriberRequestForm';

/** Confirms widening a request to every account's data, and waits for the question to close. */
async function widen() {
  await userEvent.click(
    within(
      screen.getByRole('dialog', { name: "Ask for every account's data?" }),
    ).getByRole('button', { name: 'Ask for every account' }),
  );
  await waitFor(() =>
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
  );
}

describe('SubscriberRequestForm', () => {
  let api: jest.Mocked<SecurityLakeApi>;
  let onCreated: jest.Mock;

  beforeEach(() => {
    api = createMockApi();
    onCreated = jest.fn();
  });

  const render = (extending?: typeof extensibleRequest) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [securityLakeApiRef, api],
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
        <SubscriberRequestForm onCreated={onCreated} extending={extending} />
      </TestApiProvider>,
    );

  const field = (name: string) =>
    screen.getByRole('textbox', { name: new RegExp(`^${name}`) });
  const submit = () =>
    userEvent.click(screen.getByRole('button', { name: 'Submit request' }));
  const preview = () =>
    screen.getByRole('region', { name: 'What will be created' });

  /** Types a value at once: a keystroke at a time re-renders the whole form for each. */
  async function fill(element: HTMLElement, text: string) {
    await userEvent.click(element);
    await userEvent.paste(text);
  }

  /** Fills in what has no default: the rest is a valid team-scoped query request. */
  async function fillRequired(principal = '999988887777') {
    await fill(field('Subscriber name'), 'payments-analytics');
    await fill(field('Subscriber principal'), principal);
    await fill(field('External ID'), 'ext-payments-1');
    await fill(
      field('Justification'),
      'Fraud analytics over our own CloudTrail',
    );
  }

  it("says what the shared check finds once a field is left or the form sent, and posts the request with the team's defaults", async () => {
    await render();
    await fill(
      await screen.findByRole('textbox', { name: /^Subscriber principal/ }),
      'glue',
    );
    await userEvent.tab();
    expect(field('Subscriber principal')).toHaveAccessibleDescription(
      'must be a 12-digit AWS account id or a service principal such as glue.amazonaws.com',
    );
    // not yet left, not yet sent: no word on the name
    expect(field('Subscriber name')).not.toHaveAccessibleDescription(
      /use 1–64/,
    );

    await submit();
    expect(field('Subscriber name')).toHaveAccessibleDescription(
      'use 1–64 letters, digits, spaces, underscores, dots or hyphens',
    );
    expect(field('External ID')).toHaveAccessibleDescription(
      'must be 2–1224 characters of letters, digits and + = , . @ : / _ -',
    );
    expect(field('Justification')).toHaveAccessibleDescription(
      'say in 10–2000 characters what the access is for',
    );
    expect(api.createSubscriberRequest).not.toHaveBeenCalled();

    await userEvent.clear(field('Subscriber principal'));
    await fill(field('Subscriber principal'), '999988887777');
    await fill(field('Subscriber name'), 'payments-analytics');
    await userEvent.click(screen.getByRole('button', { name: 'Generate' }));
    const externalId = (field('External ID') as HTMLInputElement).value;
    expect(externalId).toMatch(/^[0-9a-f]{32}$/);
    await fill(
      field('Justification'),
      '  Fraud analytics over our own CloudTrail ',
    );
    // the defaults: the team's one account, CloudTrail 2.0, the first region, team-scoped query access
    expect(
      screen.getByRole('checkbox', { name: 'CloudTrail management events' }),
    ).toBeChecked();
    expect(
      screen.getByRole('radio', { name: 'Query access (Lake Formation)' }),
    ).toBeChecked();
    expect(
      screen.getByRole('radio', {
        name: "Only my team's accounts (recommended)",
      }),
    ).toBeChecked();
    await submit();

    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(pendingRequest));
    expect(api.createSubscriberRequest).toHaveBeenCalledWith({
      subscriberName: 'payments-analytics',
      principal: '999988887777',
      externalId,
      ownerRef: 'group:default/payments',
      // 444455556666 is listed for the caller but is not the team's
      accountIds: ['111122223333'],
      sources: [{ source: 'CLOUD_TRAIL_MGMT', version: '2.0' }],
      regions: ['eu-west-1'],
      accessType: 'LAKEFORMATION',
      scope: 'team',
      justification: 'Fraud analytics over our own CloudTrail',
    });
  });

  it('sends the chosen sources, versions, regions, S3 access with its notification, and the expiry', async () => {
    await render();
    await screen.findByRole('textbox', { name: /^Subscriber name/ });
    await fillRequired();
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'VPC Flow Logs' }),
    );
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'VPC Flow Logs version' }),
      '1.0',
    );
    await userEvent.click(screen.getByRole('button', { name: /^Regions/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByRole('option', {
        name: 'us-east-1',
      }),
    );
    await userEvent.keyboard('{Escape}');
    await userEvent.click(
      screen.getByRole('radio', { name: 'Data access (S3)' }),
    );
    // widening to every account's data is asked first, and the default answer keeps the team's
    const confirm = screen.getByRole('dialog', {
      name: "Ask for every account's data?",
    });
    await waitFor(() =>
      expect(
        within(confirm).getByRole('button', {
          name: "Keep my team's accounts",
        }),
      ).toHaveFocus(),
    );
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('radio', { name: 'Query access (Lake Formation)' }),
    ).toBeChecked();
    await userEvent.click(
      screen.getByRole('radio', { name: 'Data access (S3)' }),
    );
    await widen();
    // S3 access is always whole sources: no scope to choose
    expect(
      screen.queryByRole('radio', { name: /Only my team's accounts/ }),
    ).not.toBeInTheDocument();
    // and the account picker no longer says the subscriber reads only those accounts
    expect(
      screen.getByText(
        /accounts the request is made for; the subscriber reads every account's data in these sources/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/accounts whose data the subscriber reads/),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('radio', { name: 'HTTPS endpoint' }),
    );
    await fill(field('HTTPS endpoint'), 'http://siem.example.com');
    await fill(field('Role ARN'), 'arn:aws:iam::999988887777:role/notify');
    await submit();
    expect(field('HTTPS endpoint')).toHaveAccessibleDescription(
      'must be an https:// URL',
    );
    expect(api.createSubscriberRequest).not.toHaveBeenCalled();
    await userEvent.clear(field('HTTPS endpoint'));
    await fill(field('HTTPS endpoint'), 'https://siem.example.com/in');
    const nextMonth = new Date(Date.now() + 30 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    fireEvent.change(screen.getByLabelText(/^Expires on/), {
      target: { value: nextMonth },
    });
    await submit();

    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(api.createSubscriberRequest).toHaveBeenCalledWith({
      subscriberName: 'payments-analytics',
      principal: '999988887777',
      externalId: 'ext-payments-1',
      ownerRef: 'group:default/payments',
      accountIds: ['111122223333'],
      sources: [
        { source: 'CLOUD_TRAIL_MGMT', version: '2.0' },
        { source: 'VPC_FLOW', version: '1.0' },
      ],
      regions: ['eu-west-1', 'us-east-1'],
      accessType: 'S3',
      scope: 'all',
      notification: {
        type: 'HTTPS',
        endpoint: 'https://siem.example.com/in',
        targetRoleArn: 'arn:aws:iam::999988887777:role/notify',
      },
      justification: 'Fraud analytics over our own CloudTrail',
      expiresAt: nextMonth,
    });
  });

  it("shows the server's refusal of a field under that field until it is changed", async () => {
    api.createSubscriberRequest.mockRejectedValue(
      await responseError(
        400,
        'InputError',
        'externalId: is already used by another subscriber',
      ),
    );
    await render();
    await screen.findByRole('textbox', { name: /^Subscriber name/ });
    await fillRequired();
    await submit();

    await waitFor(() =>
      expect(field('External ID')).toHaveAccessibleDescription(
        'is already used by another subscriber',
      ),
    );
    expect(onCreated).not.toHaveBeenCalled();
    await fill(field('External ID'), '-2');
    expect(field('External ID')).not.toHaveAccessibleDescription(
      'is already used by another subscriber',
    );
  });

  it('shows a refusal that names no field above the button', async () => {
    api.createSubscriberRequest.mockRejectedValue(
      await responseError(
        403,
        'NotAllowedError',
        'You may not request subscribers for account 111122223333',
      ),
    );
    await render();
    await screen.findByRole('textbox', { name: /^Subscriber name/ });
    await fillRequired();
    await submit();
    expect(
      await screen.findByText(
        'You may not request subscribers for account 111122223333',
      ),
    ).toBeInTheDocument();
  });

  it("previews row filters on the team's accounts for team scope, and a whole-source subscriber for every account", async () => {
    await render();
    await screen.findByRole('textbox', { name: /^Subscriber name/ });
    await fillRequired();

    expect(preview()).toHaveTextContent(
      "Lake Formation data cells filters accountid IN ('111122223333') on 1 table, SELECT granted to account 999988887777.",
    );
    expect(preview()).toHaveTextContent(
      "Only the payments team's accounts: 111122223333.",
    );
    expect(
      within(preview()).getByText(
        'amazon_security_lake_table_eu_west_1_cloud_trail_mgmt_2_0',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'AWS WAF logs' }),
    );
    expect(preview()).toHaveTextContent('on 2 tables');

    await userEvent.click(
      screen.getByRole('radio', {
        name: "Every account's data in these sources",
      }),
    );
    await widen();
    expect(preview()).toHaveTextContent(
      "A Security Lake subscriber named “payments-analytics” in eu-west-1 for CloudTrail management events 2.0 and AWS WAF logs 2.0, with query access (Lake Formation) for 999988887777, exposing every account's data in these sources.",
    );
    expect(preview()).not.toHaveTextContent('data cells filters');
  });

  it('asks for an AWS account, not a service principal, when access is narrowed to the team', async () => {
    await render();
    await screen.findByRole('textbox', { name: /^Subscriber name/ });
    await fillRequired('glue.amazonaws.com');
    await submit();
    expect(field('Subscriber principal')).toHaveAccessibleDescription(
      "access to the team's accounts is granted to an AWS account: give its 12-digit id",
    );
    expect(api.createSubscriberRequest).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('radio', {
        name: "Every account's data in these sources",
      }),
    );
    await widen();
    expect(field('Subscriber principal')).not.toHaveAccessibleDescription(
      /12-digit/,
    );
    await submit();
    await waitFor(() =>
      expect(api.createSubscriberRequest).toHaveBeenCalledWith(
        expect.objectContaining({
          principal: 'glue.amazonaws.com',
          scope: 'all',
        }),
      ),
    );
  });

  it("shows the server's refusal of an extension in the form's account of what it extends", async () => {
    api.createSubscriberRequest.mockRejectedValue(
      await responseError(
        400,
        'InputError',
        'extendsRequestId: payments-analytics (sr-4) already has an extension waiting: sr-5',
      ),
    );
    await render(extensibleRequest);
    const form = await screen.findByRole('form', { name: 'Ask to extend' });
    await fill(field('Justification'), 'Payments development too');
    await userEvent.click(
      within(form).getByRole('button', { name: 'Ask to extend' }),
    );
    const banner = (
      await within(form).findByText(/This asks for more of payments/)
    ).closest('[role="alert"]') as HTMLElement;
    expect(
      await within(banner).findByText(
        'payments-analytics (sr-4) already has an extension waiting: sr-5',
      ),
    ).toBeInTheDocument();
    expect(onCreated).not.toHaveBeenCalled();
  });
});
