import { LibraryQuery } from '@internal/plugin-security-lake-common';
import { checkLibraryQuery } from './checkLibraryQuery';
import { V1_WINDOW, V2_WINDOW } from './window';

/** An organisation's own query, as a module would add it. */
const DEPLOYS: LibraryQuery = {
  id: 'team-deploy-activity',
  title: 'Deploy role activity',
  description:
    "What the organisation's deploy role did, by API call, in the run's window.",
  sources: ['CLOUD_TRAIL_MGMT'],
  sourceVersions: ['2.0', '1.0'],
  tags: ['deploy', 'iam'],
  defaultWindowHours: 24,
  parameters: [
    {
      name: 'role',
      title: 'Role name',
      type: 'string',
      maxLength: 64,
      pattern: '^[A-Za-z0-9+=,.@_-]{1,64}$',
      placeholder: 'deploy-bot',
    },
    {
      name: 'limit',
      title: 'Rows',
      type: 'integer',
      default: 100,
      min: 1,
      max: 1000,
    },
  ],
  sql: {
    '2.0': `SELECT api.operation, count(*) AS calls
FROM {{table}}
WHERE ${V2_WINDOW}
  AND actor.session.issuer LIKE '%' || {{role}}
GROUP BY 1
ORDER BY calls DESC, 1
LIMIT {{limit}}`,
    '1.0': `SELECT api.operation, count(*) AS calls
FROM {{table}}
WHERE ${V1_WINDOW}
  AND identity.session.issuer LIKE '%' || {{role}}
GROUP BY 1
ORDER BY calls DESC, 1
LIMIT {{limit}}`,
  },
};

const messages = (query: LibraryQuery) =>
  checkLibraryQuery(query).map(p => `${p.field}: ${p.message}`);

const withSql = (sql: string): LibraryQuery => ({
  ...DEPLOYS,
  sourceVersions: ['2.0'],
  sql: { '2.0': sql },
});

describe('checkLibraryQuery', () => {
  it("takes an organisation's query written like the built-in ones", () => {
    expect(messages(DEPLOYS)).toEqual([]);
  });

  it('refuses a table read outside the run’s accounts', () => {
    expect(
      messages(
        withSql(`SELECT count(*) AS n, {{role}} AS role, {{limit}} AS l
FROM {{table}}
WHERE time_dt >= CAST({{start}} AS timestamp) AND time_dt < CAST({{end}} AS timestamp)
ORDER BY 1 LIMIT 1`),
      ),
    ).toEqual([
      'sql["2.0"]: is not bounded by accountid IN ({{accounts}})',
      'sql["2.0"]: reads 1 tables but bounds 0 by accountid IN ({{accounts}}): each table is read within the run\'s accounts',
    ]);
  });

  it('refuses a second table read without the accounts bound', () => {
    expect(
      messages(
        withSql(`SELECT a.api.operation FROM {{table}} a
JOIN {{table:SH_FINDINGS}} f ON f.accountid = a.accountid
WHERE ${V2_WINDOW} AND a.api.operation = {{role}}
ORDER BY 1 LIMIT {{limit}}`),
      ),
    ).toEqual([
      'sql["2.0"]: reads 2 tables but bounds 1 by accountid IN ({{accounts}}): each table is read within the run\'s accounts',
    ]);
  });

  it('refuses placeholders it cannot bind and parameters it never uses', () => {
    expect(
      messages(
        withSql(`SELECT count(*) FROM {{table}} WHERE ${V2_WINDOW}
AND api.operation = {{operation}} ORDER BY 1 LIMIT 10`),
      ),
    ).toEqual([
      'sql["2.0"]: {{operation}} is neither a standard placeholder nor a parameter',
      'sql["2.0"]: never uses parameter role',
      'sql["2.0"]: never uses parameter limit',
    ]);
  });

  it("refuses SQL Trino's grammar does not read, or reads as more than one statement", () => {
    expect(
      messages(
        withSql(`SELECT count(*) FROM {{table}} WHERE ${V2_WINDOW}
AND api.operation = {{role}} ORDER BY LIMIT {{limit}}`),
      )[0],
    ).toMatch(/^sql\["2\.0"\]: is not Trino SQL: /);
    expect(
      messages(
        withSql(`SELECT count(*) FROM {{table}} WHERE ${V2_WINDOW}
AND api.operation = {{role}} LIMIT {{limit}}; SELECT 1`),
      ),
    ).toContain('sql["2.0"]: holds 2 statements, not one');
  });

  it('refuses a value written into the SQL instead of bound', () => {
    expect(
      messages(
        withSql(`SELECT count(*) FROM {{table}} WHERE ${V2_WINDOW}
AND api.operation = ? AND {{role}} = {{role}} ORDER BY 1 LIMIT {{limit}}`),
      ),
    ).toEqual([
      'sql["2.0"]: has 8 ? for 7 bound values: every value is bound, none written into the SQL',
    ]);
  });

  it('refuses parameters that clash, and defaults their own rules refuse', () => {
    expect(
      messages({
        ...DEPLOYS,
        id: 'Not Kebab',
        sources: ['CLOUD_TRAIL_MGMT', 'NOT_A_SOURCE' as any],
        parameters: [
          { name: 'start', title: 'Start', type: 'string' },
          { ...DEPLOYS.parameters[1], default: 5000 },
          { ...DEPLOYS.parameters[1] },
          { name: 'mode', title: 'Mode', type: 'choice' },
        ],
      }),
    ).toEqual([
      'id: must be kebab-case, such as team-deploy-activity',
      'sources[1]: NOT_A_SOURCE is not a Security Lake source',
      'parameters[0].name: start is filled in by the server',
      'parameters[1].default: 5000 must be at most 1000',
      'parameters[2].name: limit is named twice',
      'parameters[3].options: a choice needs its options',
    ]);
  });

  it('refuses SQL for versions it does not list, and versions without SQL', () => {
    expect(messages({ ...DEPLOYS, sourceVersions: ['2.0'] })).toEqual([
      'sql["1.0"]: is for a version sourceVersions does not list',
    ]);
    expect(
      messages({ ...DEPLOYS, sql: { '2.0': DEPLOYS.sql['2.0'] } }),
    ).toEqual(['sql["1.0"]: is missing: the query lists source version 1.0']);
  });
});
