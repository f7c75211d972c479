import {
  adhocRunTitle,
  checkQueryParameter,
  hasHiddenCharacters,
  queryRunCsvFileName,
} from './rules';
import { LibraryQueryParameter } from './types';

const text: LibraryQueryParameter = {
  name: 'bucket',
  title: 'Bucket',
  type: 'string',
  pattern: '[a-z0-9.-]{3,63}',
};
const number: LibraryQueryParameter = {
  name: 'limit',
  title: 'Limit',
  type: 'integer',
  min: 1,
  max: 100,
};
const choice: LibraryQueryParameter = {
  name: 'outcome',
  title: 'Outcome',
  type: 'choice',
  options: ['a', 'b'],
};

describe('checkQueryParameter', () => {
  it('answers a whole number as a number, from its text too', () => {
    expect(checkQueryParameter(number, 5)).toEqual({ value: 5 });
    expect(checkQueryParameter(number, '12')).toEqual({ value: 12 });
  });

  it.each([
    [number, '1.5', { rule: 'integer', message: 'must be a whole number' }],
    [number, '1e3', { rule: 'integer', message: 'must be a whole number' }],
    [number, 0, { rule: 'min', min: 1, message: 'must be at least 1' }],
    [number, '101', { rule: 'max', max: 100, message: 'must be at most 100' }],
    [
      choice,
      'c',
      { rule: 'choice', options: ['a', 'b'], message: 'must be one of a, b' },
    ],
    [text, 5, { rule: 'text', message: 'must be text' }],
    [
      text,
      'x'.repeat(257),
      {
        rule: 'maxLength',
        maxLength: 256,
        length: 257,
        message: 'may be at most 256 characters long',
      },
    ],
    [
      text,
      'logs\u202ebucket',
      { rule: 'hidden', message: 'contains control or invisible characters' },
    ],
    [
      text,
      'NO',
      {
        rule: 'pattern',
        expected: 'a value matching [a-z0-9.-]{3,63}',
        message: 'does not look like a value matching [a-z0-9.-]{3,63}',
      },
    ],
  ] as const)('refuses %#: %j', (parameter, value, problem) => {
    expect(checkQueryParameter(parameter, value)).toEqual({ problem });
  });

  it('matches the whole value, and names the example when there is one', () => {
    expect(checkQueryParameter(text, 'logs-bucket')).toEqual({
      value: 'logs-bucket',
    });
    expect(
      checkQueryParameter({ ...text, placeholder: 'my-bucket' }, 'a b'),
    ).toMatchObject({ problem: { expected: 'my-bucket' } });
  });
});

describe('hasHiddenCharacters', () => {
  it.each(['\u0000', '\t', '\u0085', '\u200b', '\u202e', '\u2062', '\ufeff'])(
    'finds %j',
    c => expect(hasHiddenCharacters(`a${c}b`)).toBe(true),
  );
  it('leaves plain text, accents and emoji alone', () => {
    expect(hasHiddenCharacters('Zoë’s bucket 🪣')).toBe(false);
  });
});

describe('queryRunCsvFileName', () => {
  it('is the title as a slug and the day the run was created', () => {
    expect(
      queryRunCsvFileName({
        title: 'IAM changes (7 days)!',
        createdAt: '2026-11-23T08:00:00.000Z',
      }),
    ).toBe('iam-changes-7-days-2026-11-23.csv');
    expect(
      queryRunCsvFileName({ title: '"";', createdAt: '2026-11-23T08:00:00Z' }),
    ).toBe('query-2026-11-23.csv');
  });
});

describe('adhocRunTitle', () => {
  it('names an ad-hoc run by the sources it reads', () => {
    const db = 'amazon_security_lake_glue_db_us_east_1';
    expect(
      adhocRunTitle([
        `${db}.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0`,
      ]),
    ).toBe('SQL over CloudTrail management events');
    expect(
      adhocRunTitle([
        `${db}.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0`,
        `${db}.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0`,
        `${db}.amazon_security_lake_table_us_east_1_vpc_flow_2_0`,
        `${db}.amazon_security_lake_table_us_east_1_route53_2_0`,
      ]),
    ).toBe(
      'SQL over CloudTrail management events, VPC Flow Logs and Route 53 resolver query logs',
    );
    // a custom source's table by its name; nothing read, the plain title
    expect(
      adhocRunTitle([
        `${db}.amazon_security_lake_table_us_east_1_ext_okta_sso_2_0`,
      ]),
    ).toBe('SQL over amazon_security_lake_table_us_east_1_ext_okta_sso_2_0');
    expect(adhocRunTitle([])).toBe('Ad-hoc SQL');
  });
});
