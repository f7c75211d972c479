// the findings queries are -node's, as the backend plugin runs them; this test runs them on the engine this
// module supplies
import {
  mapFindingRecord,
  LibraryQuery,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import {
  DAILY_FINDINGS_QUERY,
  getLibraryQuery,
  LATEST_FINDINGS_QUERY,
  recordFromRow,
  renderLibraryQuery,
  runToCompletion,
} from '@internal/plugin-security-lake-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDbQueryEngine } from './engine/DuckDbQueryEngine';
import { generateLake } from './lake/generateLake';
import { instanceArn, workloadInstances } from './lake/events';

jest.setTimeout(120_000);

const PAYMENTS = '111111111111';
const SAMPLE_ACCOUNT = '123456789100';
const DAY_MS = 86_400_000;

describe('the findings queries on the local engine', () => {
  let dir: string;
  let engine: DuckDbQueryEngine;
  const end = new Date(Date.now() + 3_600_000);
  const start = new Date(end.getTime() - 10 * DAY_MS);

  const samples = path.resolve(
    __dirname,
    '../../../../shared/ocsf/samples/sh_findings/ocsf-validation/samples/1.0.0-rc.2/SH_FINDINGS',
  );
  const haveSamples = fs.existsSync(samples);
  // AWS's samples sit beside the repository in CI; a user's clone may not have them
  const withSamples = haveSamples ? it : it.skip;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-lake-findings-'));
    const lakeDir = path.join(dir, 'lake');
    await generateLake({ lakeDir, days: 8 });
    if (haveSamples) {
      // AWS's real version 1 records, laid out in a bucket's partitions as Security Lake writes them
      for (const file of fs
        .readdirSync(samples)
        .filter(f => f.endsWith('.parquet'))) {
        const record = JSON.parse(
          fs
            .readFileSync(path.join(samples, `${file}.derived.jsonl`), 'utf8')
            .split('\n')[0],
        );
        const day = new Date(record.time)
          .toISOString()
          .slice(0, 10)
          .replace(/-/g, '');
        const target = path.join(
          lakeDir,
          `aws/SH_FINDINGS/1.0/region=us-east-1/accountId=${SAMPLE_ACCOUNT}/eventDay=${day}`,
        );
        fs.mkdirSync(target, { recursive: true });
        fs.copyFileSync(path.join(samples, file), path.join(target, file));
      }
    }
    engine = await DuckDbQueryEngine.create({
      lakeDir,
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
    window: { start: Date; end: Date } = { start, end },
    values: Record<string, string> = {},
  ) {
    const rendered = renderLibraryQuery({
      query,
      version,
      region: 'us-east-1',
      accountIds: [accountId],
      ...window,
      values,
    });
    const status = await runToCompletion(engine, {
      sql: rendered.sql,
      parameters: rendered.values,
    });
    expect(status).toMatchObject({ state: 'SUCCEEDED' });
    const columns: string[] = [];
    const rows: (string | null)[][] = [];
    let nextCursor: string | undefined;
    do {
      const page = await engine.getQueryResults(status.executionId, {
        cursor: nextCursor,
        maxResults: 1000,
      });
      columns.splice(0, columns.length, ...page.columns.map(c => c.name));
      rows.push(...page.rows);
      nextCursor = page.nextCursor;
    } while (nextCursor);
    return { columns, rows };
  }

  /** Rows of SQL run straight on the engine, as objects. */
  async function direct(sql: string, parameters: (string | number)[]) {
    const status = await runToCompletion(engine, { sql, parameters });
    expect(status).toMatchObject({ state: 'SUCCEEDED' });
    const page = await engine.getQueryResults(status.executionId);
    return page.rows.map(cells =>
      Object.fromEntries(page.columns.map((c, i) => [c.name, cells[i]])),
    );
  }

  async function latestFindings(
    version: SecurityLakeSourceVersion,
    accountId: string,
    window?: { start: Date; end: Date },
  ) {
    const { columns, rows } = await run(
      LATEST_FINDINGS_QUERY,
      version,
      accountId,
      window,
    );
    return rows.map(row => {
      const { record, reports } = recordFromRow(version, columns, row);
      return mapFindingRecord(record, { reports, sourceVersion: version });
    });
  }

  it('keeps the latest report of each finding uid, with how often it was reported', async () => {
    const findings = await latestFindings('2.0', PAYMENTS);
    expect(findings.length).toBeGreaterThan(5);
    expect(new Set(findings.map(f => f.id)).size).toBe(findings.length);

    // the same facts, counted straight from the table
    const rows = await direct(
      `SELECT finding_info.uid AS uid, count(*) AS reports, max(time) AS latest, arg_max(status, time) AS status
        FROM amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_sh_findings_2_0
        WHERE accountid = ? AND time_dt >= ? AND time_dt < ?
        GROUP BY finding_info.uid`,
      [
        PAYMENTS,
        start.toISOString().replace('T', ' ').replace('Z', ''),
        end.toISOString().replace('T', ' ').replace('Z', ''),
      ],
    );
    expect(findings).toHaveLength(rows.length);
    const byUid = new Map(rows.map(r => [r.uid, r]));
    for (const finding of findings) {
      const expected = byUid.get(finding.id)!;
      expect(finding.reports).toBe(Number(expected.reports));
      expect(Date.parse(finding.lastSeen)).toBe(Number(expected.latest));
      expect(finding.status).toBe(expected.status);
    }
    // the sample lake re-reports findings daily, so de-duplication has work to do
    expect(findings.some(f => f.reports > 1)).toBe(true);

    // every record maps whole: the nested columns come back as JSON the mapping reads
    const vulnerability = findings.find(
      f => f.findingType === 'Vulnerability Finding',
    )!;
    expect(vulnerability.vulnerabilities[0]).toMatchObject({
      cve: expect.stringMatching(/^CVE-/),
      fixAvailable: true,
      packages: [expect.objectContaining({ fixedInVersion: '9.8p1' })],
    });
    const compliance = findings.find(f => f.compliance)!;
    expect(compliance.compliance?.control).toMatch(/^[A-Za-z0-9]+\.\d+$/);
    expect(compliance.remediation?.references[0]).toMatch(/^https:\/\//);
    expect(findings.every(f => f.accountId === PAYMENTS)).toBe(true);
    expect(findings.every(f => f.resources.length === 1)).toBe(true);
    expect(new Set(findings.map(f => f.severity)).size).toBeGreaterThan(3);
  });

  it('counts distinct findings per day and severity', async () => {
    const { columns, rows } = await run(DAILY_FINDINGS_QUERY, '2.0', PAYMENTS);
    const cell = (row: (string | null)[], name: string) =>
      row[columns.indexOf(name)];
    const reports = await direct(
      `SELECT CAST(CAST(time_dt AS date) AS VARCHAR) AS day, count(*) AS reports
        FROM amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_sh_findings_2_0
        WHERE accountid = ? GROUP BY 1`,
      [PAYMENTS],
    );
    const perDay = new Map<string, number>();
    for (const row of rows) {
      const day = cell(row, 'day')!;
      perDay.set(day, (perDay.get(day) ?? 0) + Number(cell(row, 'findings')));
    }
    // one report per finding per day in the sample lake: distinct findings equal the day's reports
    expect(Object.fromEntries(perDay)).toEqual(
      Object.fromEntries(reports.map(r => [r.day, Number(r.reports)])),
    );
  });

  withSamples(
    "reads AWS's real version 1 records: four reports of one finding, the latest kept",
    async () => {
      // the samples were recorded in 2021 and 2022
      const findings = await latestFindings('1.0', SAMPLE_ACCOUNT, {
        start: new Date('2021-10-01T00:00:00Z'),
        end: new Date('2022-08-31T00:00:00Z'),
      });
      expect(findings).toHaveLength(1);
      const [finding] = findings;
      expect(finding).toMatchObject({
        id: 'arn:aws:securityhub:us-east-1:123456789100:subscription/cis-aws-foundations-benchmark/v/1.2.0/3.9/finding/randomsample',
        accountId: SAMPLE_ACCOUNT,
        reports: 4,
        // example3 is the latest report (1659636565316): Critical and Suppressed
        lastSeen: new Date(1659636565316).toISOString(),
        severity: 'Critical',
        status: 'Suppressed',
        findingType: 'Security Finding',
        resourceType: 'AwsEc2SecurityGroup',
        sourceVersion: '1.0',
      });
      expect(finding.remediation?.references).toEqual([
        'https://docs.aws.amazon.com/console/securityhub/EC2.19/remediation',
      ]);
    },
  );

  it('finds the logs around an instance finding: its API calls, flows and DNS lookups, in the window', async () => {
    const findings = await latestFindings('2.0', PAYMENTS);
    const instance = findings.find(f => f.resourceType === 'AwsEc2Instance')!;
    const instanceId = instance.resourceUid!.split('/').pop()!;
    expect(workloadInstances(PAYMENTS, 'us-east-1')).toContain(instanceId);
    expect(instance.resourceUid).toBe(
      instanceArn(PAYMENTS, 'us-east-1', instanceId),
    );

    const around = {
      start: new Date(Date.parse(instance.lastSeen) - 24 * 3_600_000),
      end: new Date(Date.parse(instance.lastSeen) + 24 * 3_600_000),
    };
    const read = async (queryId: string, values: Record<string, string>) => {
      const query = getLibraryQuery(queryId)!;
      const { columns, rows } = await run(
        query,
        '2.0',
        PAYMENTS,
        around,
        values,
      );
      return rows.map(r =>
        Object.fromEntries(columns.map((c, i) => [c, r[i]])),
      );
    };
    const inWindow = (row: Record<string, string | null>) => {
      const t = Date.parse(`${row.time_dt!.replace(' ', 'T')}Z`);
      return t >= around.start.getTime() && t < around.end.getTime();
    };

    const calls = await read('cloudtrail-resource-activity', {
      resource: instance.resourceUid!,
    });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every(inWindow)).toBe(true);
    expect(new Set(calls.map(c => c.operation))).toEqual(
      new Set(['DescribeInstances']),
    );

    const flows = await read('vpcflow-instance-traffic', {
      instance: instanceId,
    });
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.every(inWindow)).toBe(true);

    const lookups = await read('route53-instance-queries', {
      instance: instanceId,
    });
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every(inWindow)).toBe(true);

    // the query returns exactly the instance's flows; the account's other instances have their own
    const other = workloadInstances(PAYMENTS, 'us-east-1').find(
      id => id !== instanceId,
    )!;
    const overlap = await direct(
      `SELECT count(*) AS n
        FROM amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_vpc_flow_2_0
        WHERE accountid = ? AND time_dt >= ? AND time_dt < ?
          AND (src_endpoint.instance_uid = ? OR dst_endpoint.instance_uid = ?)`,
      [
        PAYMENTS,
        around.start.toISOString().replace('T', ' ').replace('Z', ''),
        around.end.toISOString().replace('T', ' ').replace('Z', ''),
        instanceId,
        instanceId,
      ],
    );
    expect(Number(overlap[0].n)).toBe(flows.length);
    const otherFlows = await read('vpcflow-instance-traffic', {
      instance: other,
    });
    expect(otherFlows.length).toBeGreaterThan(0);
  });
});
