// the library is -node's, as the backend plugin runs it; this test runs it on the engine this module supplies
import {
  LibraryQuery,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import {
  getLibraryQuery,
  renderLibraryQuery,
  runToCompletion,
  LIBRARY_QUERIES,
} from '@internal/plugin-security-lake-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDbQueryEngine } from './engine/DuckDbQueryEngine';
import { generateLake } from './lake/generateLake';
import { instanceArn, workloadInstances } from './lake/events';

jest.setTimeout(120_000);

/** payments-prod collects every source in us-east-1; log-archive keeps CloudTrail in source version 1. */
const EVERYTHING = '111111111111';
const LOG_ARCHIVE = '666666666666';

function sampleValues(
  query: LibraryQuery,
  overrides: Record<string, string | number> = {},
) {
  return Object.fromEntries(
    query.parameters.map(p => [
      p.name,
      overrides[p.name] ?? p.default ?? p.placeholder!,
    ]),
  );
}

describe('the saved-query library on the sample lake', () => {
  let dir: string;
  let engine: DuckDbQueryEngine;
  const end = new Date(Date.now() + 3_600_000);
  const start = new Date(end.getTime() - 10 * 86_400_000);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-lake-library-'));
    await generateLake({ lakeDir: path.join(dir, 'lake'), days: 8 });
    engine = await DuckDbQueryEngine.create({
      lakeDir: path.join(dir, 'lake'),
      resultsDir: path.join(dir, 'results'),
    });
  });

  afterAll(async () => {
    await engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(
    query: LibraryQuery,
    version: SecurityLakeSourceVersion,
    accountId: string,
    overrides?: Record<string, string | number>,
  ) {
    const { sql, values } = renderLibraryQuery({
      query,
      version,
      region: 'us-east-1',
      accountIds: [accountId],
      start,
      end,
      values: sampleValues(query, overrides),
    });
    const status = await runToCompletion(engine, { sql, parameters: values });
    expect(status).toMatchObject({ state: 'SUCCEEDED' });
    const page = await engine.getQueryResults(status.executionId);
    return page.rows.map(cells =>
      Object.fromEntries(page.columns.map((c, i) => [c.name, cells[i]])),
    );
  }

  const cases = LIBRARY_QUERIES.flatMap(query =>
    query.sourceVersions.map(version => [
      `${query.id} (${version})`,
      query,
      version,
      version === '1.0' ? LOG_ARCHIVE : EVERYTHING,
    ]),
  ) as [string, LibraryQuery, SecurityLakeSourceVersion, string][];

  /** Values that name something the sample lake has, for queries about one thing. */
  const realValues = (accountId: string): Record<string, string> => {
    const [instance] = workloadInstances(accountId, 'us-east-1');
    return {
      resource: instanceArn(accountId, 'us-east-1', instance),
      instance,
    };
  };

  it.each(cases)(
    '%s runs unchanged and finds rows, of the asked account only',
    async (_, query, version, accountId) => {
      const rows = await run(query, version, accountId, realValues(accountId));
      expect(rows.length).toBeGreaterThan(0);
      const others = rows
        .map(row => row.accountid)
        .filter(id => id !== undefined && id !== accountId);
      expect(others).toEqual([]);
    },
  );

  it('reads the log-archive account from its source version 1 table only', async () => {
    const query = getLibraryQuery('cloudtrail-api-errors-by-principal')!;
    expect(await run(query, '2.0', LOG_ARCHIVE)).toEqual([]);
    const rows = await run(query, '1.0', LOG_ARCHIVE);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.principal).toMatch(/^arn:aws:iam::666666666666:/);
    }
  });

  it('binds the bucket: a real one finds its calls, others and injected text find none', async () => {
    const query = getLibraryQuery('s3-bucket-activity')!;
    const bucket = `payments-invoices-${EVERYTHING}`;
    const rows = await run(query, '2.0', EVERYTHING, { bucket });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(JSON.parse(row.request!).bucketName).toBe(bucket);
    }
    const denied = await run(query, '2.0', EVERYTHING, {
      bucket,
      outcome: 'denied',
    });
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.length).toBeLessThan(rows.length);
    for (const row of denied) expect(row.error).toBe('AccessDenied');

    expect(
      await run(query, '2.0', EVERYTHING, { bucket: 'no-such-bucket-here' }),
    ).toEqual([]);
    expect(
      await run(query, '2.0', EVERYTHING, { bucket: "x' OR '1'='1" }),
    ).toEqual([]);
    expect(
      await run(query, '2.0', EVERYTHING, {
        bucket: `${bucket}' OR '1'='1`,
      }),
    ).toEqual([]);
  });

  it('finds exec into pods and anonymous probes in the EKS audit log', async () => {
    const exec = await run(getLibraryQuery('eks-pod-exec')!, '2.0', EVERYTHING);
    for (const row of exec) {
      expect(row.subresource).toBe('pods/exec');
      expect(row.request_uri).toMatch(/\/pods\/[^/]+\/exec\?/);
    }
    const anonymous = await run(
      getLibraryQuery('eks-anonymous-requests')!,
      '2.0',
      EVERYTHING,
    );
    expect(anonymous.map(r => r.response_code)).toContain('403');
  });

  it('keeps the latest report of each finding once', async () => {
    const rows = await run(
      getLibraryQuery('securityhub-findings-deduplicated')!,
      '2.0',
      EVERYTHING,
    );
    const uids = rows.map(r => r.finding_uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(rows.some(r => Number(r.reports) > 1)).toBe(true);
  });

  /** What people try: quotes, comments, a second statement, look-alike quotes, a path to read. */
  const INJECTIONS = [
    "x' OR '1'='1",
    "x'; DROP TABLE t; --",
    'x /* c */ OR 1=1',
    'x\u02bc OR 1=1 --',
    'x\uff07 OR \uff071\uff07=\uff071',
    "x\u2019); SELECT * FROM read_csv('/etc/passwd') --",
    '1; SELECT 1',
  ];

  const stringParameters = LIBRARY_QUERIES.flatMap(query =>
    query.parameters
      .filter(p => p.type !== 'integer')
      .map(p => [`${query.id} ${p.name}`, query, p.name]),
  ) as [string, LibraryQuery, string][];

  it.each(stringParameters)(
    'binds anything given as %s as data: the statement still runs as written',
    async (_, query, name) => {
      // past the API's own checks, straight to the engine: the binding alone must hold
      for (const value of INJECTIONS) {
        const { sql, values } = renderLibraryQuery({
          query,
          version: '2.0',
          region: 'us-east-1',
          accountIds: [EVERYTHING],
          start,
          end,
          values: sampleValues(query, { [name]: value }),
        });
        expect(sql).not.toContain(value);
        const status = await runToCompletion(engine, {
          sql,
          parameters: values,
        });
        // a bound value can only be wrong as a value (e.g. no such date unit), never change the statement
        const reason = status.stateChangeReason ?? '';
        expect({
          value,
          state: status.state,
          parsed: !/syntax|parser/i.test(reason),
          wrongValue:
            status.state === 'SUCCEEDED' ||
            /not recognized|Unknown|invalid/i.test(reason),
        }).toEqual({
          value,
          state: expect.stringMatching(/^(SUCCEEDED|FAILED)$/),
          parsed: true,
          wrongValue: true,
        });
      }
    },
  );
});
