import { chartDaysPhrase, dayLabel } from './format';

const days = (...list: string[]) => list.map(day => ({ day }));

describe('chartDaysPhrase', () => {
  it('says why a 7-day window shows 8 days: its first and last days are partial', () => {
    const eight = days(
      '2024-05-01',
      '2024-05-02',
      '2024-05-03',
      '2024-05-04',
      '2024-05-05',
      '2024-05-06',
      '2024-05-07',
      '2024-05-08',
    );
    expect(chartDaysPhrase(eight, 7)).toBe(
      `${dayLabel('2024-05-01')} to ${dayLabel(
        '2024-05-08',
      )} (UTC): the 8 days the last 7 days fall on, the first and the last in part`,
    );
  });

  it('gives only the range when the chart has no more days than the window', () => {
    expect(chartDaysPhrase(days('2024-05-07', '2024-05-08'), 2)).toBe(
      `${dayLabel('2024-05-07')} to ${dayLabel('2024-05-08')} (UTC)`,
    );
    expect(chartDaysPhrase([], 7)).toBe('');
  });
});
