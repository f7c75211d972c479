import { succeededRun } from '../__testUtils__/fixtures';
import { csvFileName, formatBytes, formatDuration } from './format';
import { parameterError } from './RunForm/parameters';

describe('format', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1,023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5.5 * 1024 * 1024)).toBe('5.5 MB');
    expect(formatBytes(12.34 * 1024 ** 3)).toBe('12.3 GB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300 GB');
  });

  it('formats durations', () => {
    expect(formatDuration(999)).toBe('0 s');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_780_000)).toBe('1 h 3 min');
  });

  it('names the CSV as the backend does', () => {
    expect(
      csvFileName({ ...succeededRun, title: 'IAM changes (7 days)!' }),
    ).toBe('iam-changes-7-days-2024-05-01.csv');
  });
});

describe('parameterError', () => {
  it('applies the server rules to text, whole numbers and choices', () => {
    const text = {
      name: 'bucket',
      title: 'Bucket',
      type: 'string' as const,
      pattern: '[a-z0-9.-]{3,63}',
    };
    expect(parameterError(text, '')).toBe('Required');
    expect(parameterError(text, 'my-bucket')).toBeUndefined();
    // the whole value must match, not a part of it
    expect(parameterError(text, 'my-bucket!')).toBe(
      'Does not look like a value matching [a-z0-9.-]{3,63}',
    );
    expect(parameterError(text, 'a\u202eb')).toBe(
      'Contains control or invisible characters',
    );
    expect(
      parameterError({ ...text, pattern: undefined }, 'x'.repeat(257)),
    ).toBe('At most 256 characters (now 257)');

    const n = {
      name: 'n',
      title: 'N',
      type: 'integer' as const,
      default: 5,
      min: 1,
    };
    expect(parameterError(n, '')).toBeUndefined();
    expect(parameterError(n, '1.5')).toBe('Enter a whole number');
    expect(parameterError(n, '0')).toBe('At least 1');

    const choice = {
      name: 'c',
      title: 'C',
      type: 'choice' as const,
      options: ['a', 'b'],
    };
    expect(parameterError(choice, 'c')).toBe('One of a, b');
    expect(parameterError(choice, 'b')).toBeUndefined();
  });
});
