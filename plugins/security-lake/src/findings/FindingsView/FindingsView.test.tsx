import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { FindingsSnapshotState } from '@internal/plugin-security-lake-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { createMockApi } from '../../__testUtils__/fixtures';
import {
  cveFinding,
  findingList,
  findingsSummary,
  noFindingsSummary,
  findingsTrend,
  readySnapshots,
  s3Finding,
} from '../../__testUtils__/findingsFixtures';
import { FindingsView, FindingsViewProps } from './FindingsView';

/** The URL's query, where the view keeps its filters. */
function Search() {
  return <div data-testid="search">{useLocation().search}</div>;
}

function search(): URLSearchParams {
  return new URLSearchParams(screen.getByTestId('search').textContent ?? '');
}

const wait = { waitSeconds: 2 };

describe('FindingsView', () => {
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
  });

  const render = (query = '?tab=findings', props: FindingsViewProps = {}) =>
    renderInTestApp(
      <TestApiProvider apis={[[securityLakeApiRef, api]]}>
        <FindingsView pollMs={20} {...props} />
        <Search />
      </TestApiProvider>,
      {
        routeEntries: [`/security-lake${query}`],
        mountedRoutes: { '/security-lake': rootRouteRef },
      },
    );

  const rows = () =>
    within(screen.getByRole('table', { name: 'Findings' }))
      .getAllByRole('row')
      .slice(1);

  it('shows the counts by severity, the trend and the findings', async () => {
    await render();
    expect(
      await screen.findByRole('button', { name: '2 Critical findings' }),
    ).toHaveAttribute('aria-pressed', 'false');
    expect(
      screen.getByRole('button', { name: '4 Medium findings' }),
    ).toBeInTheDocument();
    // the usual severities are always there, with 0
    expect(
      screen.getByRole('button', { name: '0 Low findings' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/9 findings in the last 7 days/)).toHaveTextContent(
      '4 first seen in it',
    );

    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(within(rows()[0]).getByText(s3Finding.title)).toBeInTheDocument();
    expect(within(rows()[0]).getByText('Critical')).toBeInTheDocument();
    expect(
      within(rows()[0]).getByTitle('arn:aws:s3:::payments-exports'),
    ).toBeInTheDocument();
    expect(within(rows()[1]).getByText('Notified')).toBeInTheDocument();
    expect(within(rows()[1]).getByText('eu-west-1')).toBeInTheDocument();
    expect(within(rows()[0]).getByText('12')).toBeInTheDocument();
    expect(screen.getByText('Showing 2 of 2 findings')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();

    // the trend, read on its own, says what it shows, in the severities' colours
    expect(
      await screen.findByRole('img', {
        name: /Findings reported per day from .* 6 findings on the last day, at most 6 findings on/,
      }),
    ).toBeInTheDocument();

    expect(api.getFindingsSummary).toHaveBeenCalledWith(
      { windowDays: 7 },
      wait,
    );
    expect(api.getFindingsTrend).toHaveBeenCalledWith({ windowDays: 7 }, wait);
    expect(api.listFindings).toHaveBeenCalledWith(
      { windowDays: 7, limit: 50 },
      wait,
    );
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('filters by a severity tile, keeping the filter in the URL', async () => {
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: '2 Critical findings' }),
    );
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        { windowDays: 7, severity: ['Critical'], limit: 50 },
        wait,
      ),
    );
    expect(
      screen.getByRole('button', { name: '2 Critical findings' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(search().get('severity')).toBe('Critical');
    expect(search().get('tab')).toBe('findings');

    await userEvent.click(
      screen.getByRole('button', { name: '3 High findings' }),
    );
    await waitFor(() => expect(search().get('severity')).toBe('Critical,High'));
    expect(api.listFindings).toHaveBeenLastCalledWith(
      { windowDays: 7, severity: ['Critical', 'High'], limit: 50 },
      wait,
    );
    // summary and trend do not take severities: not asked again for them
    expect(api.getFindingsSummary).toHaveBeenCalledTimes(1);
    expect(api.getFindingsTrend).toHaveBeenCalledTimes(1);
  });

  it('filters by status, account, region and window from the drop-downs', async () => {
    await render();
    await screen.findByRole('button', { name: '2 Critical findings' });

    await userEvent.click(screen.getByRole('button', { name: /Status/ }));
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['New', 'Notified', 'Resolved']);
    await userEvent.click(screen.getByRole('option', { name: 'New' }));
    await userEvent.click(screen.getByRole('option', { name: 'Notified' }));
    await userEvent.keyboard('{Escape}');
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        { windowDays: 7, status: ['New', 'Notified'], limit: 50 },
        wait,
      ),
    );
    expect(search().get('status')).toBe('New,Notified');

    await userEvent.click(screen.getByRole('button', { name: /Account/ }));
    await userEvent.click(screen.getByRole('option', { name: '444455556666' }));
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        {
          windowDays: 7,
          accountId: '444455556666',
          status: ['New', 'Notified'],
          limit: 50,
        },
        wait,
      ),
    );
    // the tiles count that account's findings; the trend is read for it
    expect(
      await screen.findByRole('button', { name: '2 High findings' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: '0 Critical findings' }),
    ).toBeInTheDocument();
    expect(api.getFindingsTrend).toHaveBeenLastCalledWith(
      { accountId: '444455556666', windowDays: 7 },
      wait,
    );

    await userEvent.click(screen.getByRole('button', { name: /Region/ }));
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All regions', 'ap-southeast-2', 'eu-west-1', 'us-east-1']);
    await userEvent.click(screen.getByRole('option', { name: 'eu-west-1' }));
    await waitFor(() => expect(search().get('region')).toBe('eu-west-1'));

    await userEvent.click(screen.getByRole('button', { name: /Window/ }));
    await userEvent.click(screen.getByRole('option', { name: 'Last 30 days' }));
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        {
          windowDays: 30,
          accountId: '444455556666',
          status: ['New', 'Notified'],
          region: 'eu-west-1',
          limit: 50,
        },
        wait,
      ),
    );
    expect(api.getFindingsSummary).toHaveBeenLastCalledWith(
      { windowDays: 30 },
      wait,
    );
    expect(Object.fromEntries(search())).toEqual({
      tab: 'findings',
      status: 'New,Notified',
      accountId: '444455556666',
      region: 'eu-west-1',
      windowDays: '30',
    });

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        { windowDays: 30, limit: 50 },
        wait,
      ),
    );
    expect(Object.fromEntries(search())).toEqual({
      tab: 'findings',
      windowDays: '30',
    });
  });

  it('filters by finding type, product and resource type, offering those the list names', async () => {
    await render();
    await waitFor(() => expect(rows()).toHaveLength(2));
    await userEvent.click(screen.getByRole('button', { name: /Product/ }));
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All products', 'Inspector', 'Security Hub']);
    await userEvent.click(screen.getByRole('option', { name: 'Inspector' }));
    await userEvent.click(
      screen.getByRole('button', { name: /Resource type/ }),
    );
    await userEvent.click(
      screen.getByRole('option', { name: 'AwsEc2Instance' }),
    );
    await userEvent.click(screen.getByRole('button', { name: /Finding type/ }));
    await userEvent.click(
      screen.getByRole('option', { name: 'Vulnerability Finding' }),
    );
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        {
          windowDays: 7,
          findingType: 'Vulnerability Finding',
          product: 'Inspector',
          resourceType: 'AwsEc2Instance',
          limit: 50,
        },
        wait,
      ),
    );
  });

  it('opens with the filters a shared link names', async () => {
    await render(
      '?tab=findings&severity=Critical,High,Bogus&status=New&accountId=111122223333&region=us-east-1&windowDays=1&entityRef=system:default/payments',
    );
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenCalledWith(
        {
          windowDays: 1,
          entityRef: 'system:default/payments',
          accountId: '111122223333',
          severity: ['Critical', 'High'],
          status: ['New'],
          region: 'us-east-1',
          limit: 50,
        },
        wait,
      ),
    );
    expect(api.getFindingsSummary).toHaveBeenCalledWith(
      { entityRef: 'system:default/payments', windowDays: 1 },
      wait,
    );
    expect(
      await screen.findByRole('button', { name: '2 Critical findings' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: /Window/ })).toHaveTextContent(
      'Last 24 hours',
    );
    // the page can be narrowed to an entity's accounts, and widened again
    expect(
      screen.getByText(
        'The findings of the AWS accounts of system:default/payments.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show every account' }),
    );
    await waitFor(() => expect(search().get('entityRef')).toBeNull());
    await waitFor(() =>
      expect(api.getFindingsSummary).toHaveBeenLastCalledWith(
        { windowDays: 1 },
        wait,
      ),
    );
  });

  it('shows progress while findings are read from the lake, and asks again until they are', async () => {
    const refreshing: FindingsSnapshotState[] = [
      { ...readySnapshots[0], state: 'refreshing', refreshedAt: undefined },
      ...readySnapshots.slice(1),
    ];
    api.listFindings
      .mockResolvedValueOnce({
        ...findingList,
        items: [],
        total: 0,
        snapshots: refreshing,
      })
      .mockResolvedValueOnce({
        ...findingList,
        items: [cveFinding],
        total: 1,
        snapshots: refreshing,
      });
    api.getFindingsSummary.mockResolvedValueOnce({
      ...findingsSummary,
      snapshots: refreshing,
    });
    // slow enough polls for the progress to be seen between them
    await render('?tab=findings', { pollMs: 300 });
    expect(
      await screen.findByRole('progressbar', {
        name: 'Reading findings from the lake',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Reading findings from the lake… 1 of 3 account-regions/,
      ),
    ).toBeInTheDocument();

    // the poll brings the rest; the progress goes once no answer is still reading
    await waitFor(() => expect(rows()).toHaveLength(2));
    await waitFor(() =>
      expect(
        screen.queryByRole('progressbar', {
          name: 'Reading findings from the lake',
        }),
      ).not.toBeInTheDocument(),
    );
    expect(api.listFindings).toHaveBeenCalledTimes(3);
    expect(api.getFindingsSummary).toHaveBeenCalledTimes(2);
    // a ready answer is not asked again
    expect(api.getFindingsTrend).toHaveBeenCalledTimes(1);
  });

  it('warns about the accounts whose findings could not be read, and shows the rest', async () => {
    api.getFindingsSummary.mockResolvedValue({
      ...findingsSummary,
      snapshots: [
        ...readySnapshots.slice(0, 2),
        {
          accountId: '444455556666',
          region: 'ap-southeast-2',
          state: 'failed',
          error: 'AccessDeniedException: lake formation permissions',
        },
      ],
    });
    await render();
    expect(
      await screen.findByText(
        'The findings of account 444455556666 in ap-southeast-2 could not be read',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/AccessDeniedException: lake formation permissions/),
    ).toBeInTheDocument();
    await waitFor(() => expect(rows()).toHaveLength(2));
  });

  it('says which accounts do not collect findings, without calling it an error', async () => {
    api.getFindingsSummary.mockResolvedValue({
      ...findingsSummary,
      notCollected: ['777788889999'],
    });
    await render();
    expect(
      await screen.findByText(
        /Account 777788889999 does not collect Security Hub findings/,
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(rows()).toHaveLength(2));
  });

  it('says when there are no findings, and when none matches the filters', async () => {
    api.getFindingsSummary.mockResolvedValue(noFindingsSummary);
    api.listFindings.mockResolvedValue({ ...findingList, items: [], total: 0 });
    api.getFindingsTrend.mockResolvedValue({ ...findingsTrend, days: [] });
    await render('?tab=findings', { entityRef: 'system:default/payments' });
    expect(
      await screen.findByText(
        'No findings in the last 7 days in this entity’s AWS accounts.',
      ),
    ).toBeInTheDocument();
    // the trend is read on its own
    expect(
      await screen.findByText(
        /No findings were reported on any day of the window/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(api.listFindings).toHaveBeenCalledWith(
      { windowDays: 7, entityRef: 'system:default/payments', limit: 50 },
      wait,
    );

    await userEvent.click(
      screen.getByRole('button', { name: '0 Critical findings' }),
    );
    expect(
      await screen.findByText(
        'No finding matches these filters in the last 7 days.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getAllByRole('button', { name: 'Clear filters' })[1],
    );
    await waitFor(() => expect(search().get('severity')).toBeNull());
  });

  it('shows why the findings could not be read, and tries again', async () => {
    api.listFindings
      .mockRejectedValueOnce(new Error('Security Lake is unavailable'))
      .mockResolvedValue(findingList);
    await render();
    expect(
      await screen.findByText("Couldn't load the findings"),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Something went wrong on the way: Security Lake is unavailable/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.queryAllByText(/Security Lake is unavailable/)).toHaveLength(
      0,
    );
  });

  it('says once that the findings could not be read when every read fails, and tries them all again', async () => {
    const down = new Error('Security Lake is unavailable');
    api.getFindingsSummary.mockRejectedValueOnce(down);
    api.getFindingsTrend.mockRejectedValueOnce(down);
    api.listFindings.mockRejectedValueOnce(down).mockResolvedValue(findingList);
    await render();
    expect(
      await screen.findAllByText("Couldn't load the findings"),
    ).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(api.getFindingsSummary).toHaveBeenCalledTimes(2);
    expect(api.getFindingsTrend).toHaveBeenCalledTimes(2);
    expect(
      screen.queryByText("Couldn't load the findings"),
    ).not.toBeInTheDocument();
  });

  it('loads the next page with the cursor', async () => {
    api.listFindings
      .mockResolvedValueOnce({
        ...findingList,
        items: [s3Finding],
        total: 2,
        nextCursor: 'page-2',
      })
      .mockResolvedValueOnce({ ...findingList, items: [cveFinding], total: 2 });
    await render();
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByText('Showing 1 of 2 findings')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(api.listFindings).toHaveBeenLastCalledWith(
      { windowDays: 7, cursor: 'page-2', limit: 50 },
      wait,
    );
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
  });

  it('opens a finding from the keyboard, in the URL, and closes it again', async () => {
    await render();
    await waitFor(() => expect(rows()).toHaveLength(2));
    rows()[0].focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(rows()[1]).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(
      await screen.findByRole('region', { name: 'Finding details' }),
    ).toBeInTheDocument();
    expect(search().get('finding')).toBe(cveFinding.id);
    expect(api.getFinding).toHaveBeenCalledWith(cveFinding.id);
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(
        screen.queryByRole('region', { name: 'Finding details' }),
      ).not.toBeInTheDocument(),
    );
    expect(search().get('finding')).toBeNull();

    await userEvent.click(screen.getByText(s3Finding.title));
    await waitFor(() => expect(search().get('finding')).toBe(s3Finding.id));
  });
});
