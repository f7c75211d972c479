import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { accountConflicts } from '../../__testUtils__/fixtures';
import { AccountConflictsAlert } from './AccountConflictsAlert';

const mountedRoutes = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

const responseError = (status: number, name: string, message: string) =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );

describe('AccountConflictsAlert', () => {
  it('names the account, each entity that declares it and their owners, with links', async () => {
    await renderInTestApp(
      <AccountConflictsAlert conflicts={accountConflicts.items} />,
      mountedRoutes,
    );
    const alert = screen.getByRole('status', {
      name: 'An AWS account is claimed by more than one owner',
    });
    const item = within(alert).getByRole('listitem');
    expect(item).toHaveTextContent(
      '777788889999 is declared by checkout-sandbox (owned by checkout) and payments-sandbox (owned by payments)',
    );
    expect(
      within(item).getByRole('link', { name: 'checkout-sandbox' }),
    ).toHaveAttribute('href', '/catalog/default/resource/checkout-sandbox');
    expect(
      within(item).getByRole('link', { name: 'payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');
    expect(alert).toHaveTextContent(
      'none of the claiming teams owns it: their members cannot see it',
    );
  });

  it('counts several disputed accounts and lists each', async () => {
    const second = {
      accountId: '123412341234',
      claims: [
        { entityRef: 'resource:default/a', owners: ['group:default/a'] },
        { entityRef: 'resource:default/b', owners: ['group:default/b'] },
        { entityRef: 'resource:default/c', owners: [] },
      ],
    };
    await renderInTestApp(
      <AccountConflictsAlert conflicts={[...accountConflicts.items, second]} />,
      mountedRoutes,
    );
    const alert = screen.getByRole('status', {
      name: '2 AWS accounts are claimed by more than one owner',
    });
    expect(alert).toHaveTextContent(
      'Until the catalog names one owner for each, none of the claiming teams owns them',
    );
    const items = within(alert).getAllByRole('listitem');
    expect(items.map(i => i.textContent?.slice(0, 12))).toEqual([
      '777788889999',
      '123412341234',
    ]);
    expect(items[1]).toHaveTextContent(
      '123412341234 is declared by a (owned by a), b (owned by b) and c (owned by nobody)',
    );
  });

  it('shows nothing when no account is disputed', async () => {
    await renderInTestApp(
      <div data-testid="holder">
        <AccountConflictsAlert conflicts={[]} />
        <AccountConflictsAlert />
      </div>,
      mountedRoutes,
    );
    expect(screen.getByTestId('holder')).toBeEmptyDOMElement();
  });

  it('says when the conflicts could not be read, but leaves a refusal to the view', async () => {
    const failed = await responseError(500, 'Error', 'catalog unavailable');
    const { unmount } = await renderInTestApp(
      <AccountConflictsAlert error={failed} />,
      mountedRoutes,
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'Could not check the catalog for accounts claimed by more than one owner',
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      /Request failed with 500/,
    );
    unmount();

    const refused = await responseError(403, 'NotAllowedError', 'Not allowed');
    await renderInTestApp(
      <div data-testid="holder">
        <AccountConflictsAlert error={refused} />
      </div>,
      mountedRoutes,
    );
    expect(screen.getByTestId('holder')).toBeEmptyDOMElement();
  });
});
