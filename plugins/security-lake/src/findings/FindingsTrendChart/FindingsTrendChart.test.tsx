import { renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { FindingsTrendChart } from './FindingsTrendChart';

const trend = {
  window: {
    start: '2026-12-01T00:00:00.000Z',
    end: '2026-12-03T00:00:00.000Z',
    days: 2,
  },
  days: [
    { day: '2026-12-01', counts: { Low: 4, Critical: 1 } },
    { day: '2026-12-02', counts: { High: 2, Medium: 3, Low: 1 } },
    { day: '2026-12-03', counts: {} },
  ],
  snapshots: [],
};

describe('FindingsTrendChart', () => {
  it('lists the severities in the legend most severe first, and says what the chart shows', async () => {
    const { container } = await renderInTestApp(
      <FindingsTrendChart trend={trend} />,
    );
    await waitFor(() =>
      expect(
        container.querySelectorAll('.recharts-legend-item-text'),
      ).toHaveLength(4),
    );
    expect(
      [...container.querySelectorAll('.recharts-legend-item-text')].map(
        e => e.textContent,
      ),
    ).toEqual(['Critical', 'High', 'Medium', 'Low']);
    expect(
      screen.getByRole('img', {
        name: /0 findings on the last day, at most 6 findings on/,
      }),
    ).toBeInTheDocument();
  });
});
