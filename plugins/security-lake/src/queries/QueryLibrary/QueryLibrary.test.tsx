import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { createMockApi, savedQueries } from '../../__testUtils__/fixtures';
import { QueryLibrary } from './QueryLibrary';

describe('QueryLibrary', () => {
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
    // the server's filter, so that what the table shows depends on what was asked
    api.listQueries.mockImplementation(async filter => ({
      items: savedQueries.filter(
        q =>
          (!filter?.q ||
            `${q.title} ${q.description}`
              .toLowerCase()
              .includes(filter.q.toLowerCase())) &&
          (!filter?.source || q.sources.includes(filter.source as any)) &&
          (!filter?.tag || q.tags.includes(filter.tag)),
      ),
    }));
  });

  const render = () =>
    renderInTestApp(
      <TestApiProvider apis={[[securityLakeApiRef, api]]}>
        <QueryLibrary linkTo={id => `/queries?query=${id}`} />
      </TestApiProvider>,
    );

  const titles = () =>
    screen
      .getAllByRole('link')
      .map(l => l.textContent)
      .filter(t => savedQueries.some(q => q.title === t));

  it('lists each query with its description, sources and tags, linking to it', async () => {
    await render();
    const link = await screen.findByRole('link', { name: 'IAM changes' });
    expect(link).toHaveAttribute('href', '/queries?query=iam-changes');
    const row = link.closest('tr')!;
    expect(
      within(row).getByText(
        'Users, roles and policies created, changed or deleted',
      ),
    ).toBeInTheDocument();
    expect(
      within(row).getByText('CloudTrail management events'),
    ).toBeInTheDocument();
    expect(within(row).getByText('identity')).toBeInTheDocument();
    expect(titles()).toEqual([
      'IAM changes',
      'Critical findings',
      'Rejected flows',
    ]);
    expect(api.listQueries).toHaveBeenCalledWith();
  });

  it('searches on the server once typing pauses', async () => {
    await render();
    await screen.findByRole('link', { name: 'IAM changes' });
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search queries' }),
      'flows',
    );
    await waitFor(() => expect(titles()).toEqual(['Rejected flows']));
    expect(api.listQueries).toHaveBeenLastCalledWith({ q: 'flows' });
  });

  it('filters by source and by tag, offering the ones the library uses', async () => {
    await render();
    await screen.findByRole('link', { name: 'IAM changes' });

    await userEvent.click(screen.getByRole('button', { name: /Source/ }));
    const sources = within(screen.getByRole('listbox'))
      .getAllByRole('option')
      .map(o => o.textContent);
    expect(sources).toEqual([
      'All sources',
      'CloudTrail management events',
      'Security Hub findings',
      'VPC Flow Logs',
    ]);
    await userEvent.click(
      screen.getByRole('option', { name: 'Security Hub findings' }),
    );
    await waitFor(() => expect(titles()).toEqual(['Critical findings']));
    expect(api.listQueries).toHaveBeenLastCalledWith({
      source: 'SH_FINDINGS',
    });

    await userEvent.click(screen.getByRole('button', { name: /Source/ }));
    await userEvent.click(screen.getByRole('option', { name: 'All sources' }));
    await waitFor(() => expect(titles()).toHaveLength(3));

    // a tag on a row narrows the list to it
    await userEvent.click(
      screen.getByRole('button', { name: 'Only queries tagged network' }),
    );
    await waitFor(() => expect(titles()).toEqual(['Rejected flows']));
    expect(api.listQueries).toHaveBeenLastCalledWith({ tag: 'network' });
    expect(screen.getByRole('button', { name: /Tag/ })).toHaveTextContent(
      'network',
    );
  });

  it('says when nothing matches', async () => {
    await render();
    await screen.findByRole('link', { name: 'IAM changes' });
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search queries' }),
      'zzz',
    );
    expect(
      await screen.findByText(
        'No query in the library matches. Clear a filter to see more.',
        {},
        { timeout: 3000 },
      ),
    ).toBeInTheDocument();
  });
});
