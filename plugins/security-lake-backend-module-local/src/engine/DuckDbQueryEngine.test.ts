import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { text } from 'node:stream/consumers';
import os from 'node:os';
import path from 'node:path';
import { generateLake } from '../lake/generateLake';
import { DuckDbQueryEngine } from './DuckDbQueryEngine';
import { QueryParameter } from '@internal/plugin-security-lake-node';

const T = (source: string) =>
  `"amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_${source}_2_0"`;
const T1 = (source: string) =>
  `"amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_${source}_1_0"`;
const LAST_7_DAYS = `time_dt BETWEEN CURRENT_TIMESTAMP - INTERVAL '7' DAY AND CURRENT_TIMESTAMP`;

/**
 * AWS's published source version 2 example queries (../shared/ocsf/queries.md), unchanged apart from the bugs
 * listed there, each fixed as noted. `check` asserts something every returned row must satisfy.
 */
const AWS_EXAMPLES: {
  name: string;
  sql: string;
  check: (row: Record<string, any>) => void;
}[] = [
  {
    name: 'CloudTrail: unauthorized attempts in the last 7 days',
    sql: `SELECT time_dt, api.service.name, api.operation, api.response.error, api.response.message, api.response.data, cloud.region, actor.user.uid, src_endpoint.ip, http_request.user_agent
FROM ${T('cloud_trail_mgmt')}
WHERE ${LAST_7_DAYS}
AND api.response.error in ('Client.UnauthorizedOperation', 'Client.InvalidPermission.NotFound', 'Client.OperationNotPermitted', 'AccessDenied')
ORDER BY time desc LIMIT 25`,
    check: row =>
      expect([
        'Client.UnauthorizedOperation',
        'Client.InvalidPermission.NotFound',
        'Client.OperationNotPermitted',
        'AccessDenied',
      ]).toContain(row.error),
  },
  {
    // fixed: AWS's literal is '192.0.2.1.' (trailing dot), which never matches
    name: 'CloudTrail: activity from source IP 192.0.2.1',
    sql: `SELECT api.request.uid, time_dt, api.service.name, api.operation, cloud.region, actor.user.uid, src_endpoint.ip, http_request.user_agent
FROM ${T('cloud_trail_mgmt')}
WHERE ${LAST_7_DAYS} AND src_endpoint.ip = '192.0.2.1'
ORDER BY time desc LIMIT 25`,
    check: row => expect(row.ip).toBe('192.0.2.1'),
  },
  {
    name: 'CloudTrail: IAM activity',
    sql: `SELECT * FROM ${T(
      'cloud_trail_mgmt',
    )} WHERE ${LAST_7_DAYS} AND api.service.name = 'iam.amazonaws.com' ORDER BY time desc LIMIT 25`,
    check: row =>
      expect(JSON.parse(row.api).service.name).toBe('iam.amazonaws.com'),
  },
  {
    name: 'CloudTrail: credential AIDACKCEVSQ6C2EXAMPLE',
    sql: `SELECT actor.user.uid, actor.user.uid_alt, actor.user.account.uid, cloud.region
FROM ${T('cloud_trail_mgmt')}
WHERE ${LAST_7_DAYS} AND actor.user.credential_uid = 'AIDACKCEVSQ6C2EXAMPLE' LIMIT 25`,
    check: row => expect(row.uid).toMatch(/^arn:aws:iam::\d{12}:user\//),
  },
  {
    // fixed: OCSF status captions are 'Failure', not 'failed'
    name: 'CloudTrail: failed records',
    sql: `SELECT actor.user.uid, actor.user.uid_alt, actor.user.account.uid, cloud.region, status
FROM ${T('cloud_trail_mgmt')}
WHERE status='Failure' and ${LAST_7_DAYS} ORDER BY time DESC LIMIT 25`,
    check: row => expect(row.status).toBe('Failure'),
  },
  {
    name: 'Route 53: DNS queries',
    sql: `SELECT time_dt, src_endpoint.instance_uid, src_endpoint.ip, src_endpoint.port, query.hostname, rcode
FROM ${T('route53')} WHERE ${LAST_7_DAYS} ORDER BY time DESC LIMIT 25`,
    check: row => expect(row.hostname).toMatch(/\.$/),
  },
  {
    name: 'Route 53: queries for s3.amazonaws.com',
    sql: `SELECT time_dt, src_endpoint.instance_uid, src_endpoint.ip, src_endpoint.port, query.hostname, rcode, answers
FROM ${T(
      'route53',
    )} WHERE query.hostname LIKE 's3.amazonaws.com.' and ${LAST_7_DAYS} ORDER BY time DESC LIMIT 25`,
    check: row => expect(row.hostname).toBe('s3.amazonaws.com.'),
  },
  {
    name: 'Route 53: queries that did not resolve',
    sql: `SELECT time_dt, src_endpoint.instance_uid, src_endpoint.ip, src_endpoint.port, query.hostname, rcode, answers
FROM ${T(
      'route53',
    )} WHERE cardinality(answers) = 0 and ${LAST_7_DAYS} LIMIT 25`,
    check: row => expect(JSON.parse(row.answers)).toEqual([]),
  },
  {
    name: 'Route 53: queries that resolved to 192.0.2.1',
    sql: `SELECT time_dt, src_endpoint.instance_uid, src_endpoint.ip, src_endpoint.port, query.hostname, rcode, answer.rdata
FROM ${T('route53')}, UNNEST(answers) as st(answer)
WHERE answer.rdata='192.0.2.1' AND ${LAST_7_DAYS} LIMIT 25`,
    check: row => expect(row.rdata).toBe('192.0.2.1'),
  },
  {
    name: 'Security Hub: new findings of MEDIUM or more',
    sql: `SELECT time_dt, finding_info, severity_id, status FROM ${T(
      'sh_findings',
    )}
WHERE ${LAST_7_DAYS} AND severity_id >= 3 AND status = 'New' ORDER BY time DESC LIMIT 25`,
    check: row => {
      expect(Number(row.severity_id)).toBeGreaterThanOrEqual(3);
      expect(row.status).toBe('New');
    },
  },
  {
    name: 'Security Hub: credentials used externally',
    sql: `SELECT time_dt, finding_info, severity_id, status FROM ${T(
      'sh_findings',
    )}
CROSS JOIN UNNEST(finding_info.types) AS t(type)
WHERE type LIKE '%InstanceCredentialExfiltration%' ORDER BY time_dt DESC LIMIT 25`,
    check: row =>
      expect(JSON.parse(row.finding_info).types.join()).toContain(
        'InstanceCredentialExfiltration',
      ),
  },
  {
    name: 'Security Hub: accounts with most EC2 findings',
    sql: `SELECT accountid, COUNT(*) AS total_findings FROM ${T('sh_findings')}
WHERE any_match(resources, element -> element.type = 'AwsEc2Instance')
GROUP BY accountid ORDER BY total_findings DESC LIMIT 10`,
    check: row => {
      expect(row.accountid).toMatch(/^\d{12}$/);
      expect(Number(row.total_findings)).toBeGreaterThan(0);
    },
  },
  {
    name: 'Security Hub: duplicate findings',
    sql: `SELECT finding_info.uid, MAX(time_dt) AS time, ARBITRARY(region) AS region, ARBITRARY(accountid) AS accountid, ARBITRARY(finding_info) AS finding, ARBITRARY(vulnerabilities) AS vulnerabilities
FROM ${T(
      'sh_findings',
    )} WHERE ${LAST_7_DAYS} GROUP BY finding_info.uid LIMIT 25`,
    check: row => expect(JSON.parse(row.finding).uid).toBe(row.uid),
  },
  {
    name: 'Security Hub: non-informational findings',
    sql: `SELECT time_dt, finding_info.title, finding_info, severity FROM ${T(
      'sh_findings',
    )}
WHERE severity != 'Informational' and ${LAST_7_DAYS} LIMIT 25`,
    check: row => expect(row.severity).not.toBe('Informational'),
  },
  {
    // fixed: AWS compares with the placeholder 'amzn-s3-demo-bucket' instead of the resource type
    name: 'Security Hub: findings on S3 buckets',
    sql: `SELECT * FROM ${T(
      'sh_findings',
    )} WHERE any_match(resources, element -> element.type = 'AwsS3Bucket') LIMIT 25`,
    check: row => expect(JSON.parse(row.resources)[0].type).toBe('AwsS3Bucket'),
  },
  {
    // fixed: a comma was missing after DISTINCT finding_info.uid
    name: 'Security Hub: CVSS score above 1',
    sql: `SELECT DISTINCT finding_info.uid, time_dt, metadata, finding_info, vulnerabilities, resource
FROM ${T(
      'sh_findings',
    )}, UNNEST(vulnerabilities) AS t(vulnerability), UNNEST(vulnerability.cve.cvss) AS t(cvs)
WHERE cvs.base_score > 1.0 AND vulnerabilities is NOT NULL LIMIT 25`,
    check: row =>
      expect(
        Math.max(
          ...JSON.parse(row.vulnerabilities)[0].cve.cvss.map((c: any) =>
            Number(c.base_score),
          ),
        ),
      ).toBeGreaterThan(1),
  },
  {
    name: 'Security Hub: findings for CVE-0000-0000',
    sql: `SELECT * FROM ${T(
      'sh_findings',
    )} WHERE any_match(vulnerabilities, element -> element.cve.uid = 'CVE-0000-0000') LIMIT 25`,
    check: row =>
      expect(JSON.parse(row.vulnerabilities)[0].cve.uid).toBe('CVE-0000-0000'),
  },
  {
    name: 'Security Hub: products sending findings',
    sql: `SELECT metadata.product.name, count(*) FROM ${T(
      'sh_findings',
    )} WHERE ${LAST_7_DAYS}
GROUP BY metadata.product.name ORDER BY metadata.product.name DESC LIMIT 25`,
    check: row =>
      expect(['Security Hub', 'GuardDuty', 'Inspector']).toContain(row.name),
  },
  {
    name: 'Security Hub: resource types',
    sql: `SELECT count(*) AS "Total", resource.type FROM ${T(
      'sh_findings',
    )} WHERE ${LAST_7_DAYS}
GROUP BY resource.type ORDER BY count(*) DESC LIMIT 25`,
    check: row => expect(row.type).toMatch(/^Aws/),
  },
  {
    name: 'Security Hub: vulnerable packages',
    sql: `SELECT vulnerabilities FROM ${T(
      'sh_findings',
    )} WHERE ${LAST_7_DAYS} AND vulnerabilities is NOT NULL LIMIT 25`,
    check: row =>
      expect(
        JSON.parse(row.vulnerabilities)[0].affected_packages.length,
      ).toBeGreaterThan(0),
  },
  {
    name: 'Security Hub: findings that changed',
    sql: `SELECT status, finding_info.title, finding_info.created_time_dt, finding_info, finding_info.uid, finding_info.first_seen_time_dt, finding_info.last_seen_time_dt, finding_info.modified_time_dt
FROM ${T('sh_findings')} WHERE ${LAST_7_DAYS} LIMIT 25`,
    check: row =>
      expect(row.first_seen_time_dt <= row.last_seen_time_dt).toBe(true),
  },
  {
    name: 'VPC: traffic in specific regions',
    sql: `SELECT * FROM ${T(
      'vpc_flow',
    )} WHERE ${LAST_7_DAYS} AND region in ('us-east-1','us-east-2','us-west-2') LIMIT 25`,
    check: row => expect(row.region).toBe('us-east-1'),
  },
  {
    name: 'VPC: source IP 192.0.2.1 and port 22',
    sql: `SELECT * FROM ${T(
      'vpc_flow',
    )} WHERE ${LAST_7_DAYS} AND src_endpoint.ip = '192.0.2.1' AND src_endpoint.port = 22 LIMIT 25`,
    check: row =>
      expect(JSON.parse(row.src_endpoint)).toMatchObject({
        ip: '192.0.2.1',
        port: 22,
      }),
  },
  {
    name: 'VPC: distinct destination IPs',
    sql: `SELECT COUNT(DISTINCT dst_endpoint.ip) AS "Total" FROM ${T(
      'vpc_flow',
    )} WHERE ${LAST_7_DAYS} LIMIT 25`,
    check: row => expect(Number(row.Total)).toBeGreaterThan(1),
  },
  {
    name: 'VPC: traffic from 198.51.100.0/24',
    sql: `SELECT * FROM ${T('vpc_flow')} WHERE ${LAST_7_DAYS}
AND split_part(src_endpoint.ip,'.', 1)='198'AND split_part(src_endpoint.ip,'.', 2)='51' LIMIT 25`,
    check: row => expect(JSON.parse(row.src_endpoint).ip).toMatch(/^198\.51\./),
  },
  {
    name: 'VPC: HTTPS traffic',
    sql: `SELECT dst_endpoint.ip as dst, src_endpoint.ip as src, traffic.packets FROM ${T(
      'vpc_flow',
    )}
WHERE ${LAST_7_DAYS} AND dst_endpoint.port = 443
GROUP BY dst_endpoint.ip, traffic.packets, src_endpoint.ip ORDER BY traffic.packets DESC LIMIT 25`,
    check: row => expect(Number(row.packets)).toBeGreaterThan(0),
  },
  {
    name: 'VPC: packet counts to port 443',
    sql: `SELECT traffic.packets, dst_endpoint.ip FROM ${T(
      'vpc_flow',
    )} WHERE ${LAST_7_DAYS} AND dst_endpoint.port = 443
GROUP BY traffic.packets, dst_endpoint.ip ORDER BY traffic.packets DESC LIMIT 25`,
    check: row => expect(row.ip).toBeTruthy(),
  },
  {
    // fixed: the OR was not parenthesised with the time bound, so one branch scanned everything
    name: 'VPC: traffic between 192.0.2.1 and 192.0.2.2',
    sql: `SELECT start_time_dt, end_time_dt, src_endpoint.interface_uid, connection_info.direction, src_endpoint.ip, dst_endpoint.ip, src_endpoint.port, dst_endpoint.port, traffic.packets, traffic.bytes
FROM ${T('vpc_flow')} WHERE ${LAST_7_DAYS}
AND ((src_endpoint.ip = '192.0.2.1' AND dst_endpoint.ip = '192.0.2.2') OR (src_endpoint.ip = '192.0.2.2' AND dst_endpoint.ip = '192.0.2.1'))
ORDER BY start_time_dt ASC LIMIT 25`,
    check: row =>
      expect(
        row.start_time_dt >=
          new Date(Date.now() - 8 * 86400000).toISOString().slice(0, 10),
      ).toBe(true),
  },
  {
    name: 'VPC: inbound traffic',
    sql: `SELECT * FROM ${T(
      'vpc_flow',
    )} WHERE ${LAST_7_DAYS} AND connection_info.direction = 'Inbound' LIMIT 25`,
    check: row =>
      expect(JSON.parse(row.connection_info).direction).toBe('Inbound'),
  },
  {
    name: 'VPC: outbound traffic',
    sql: `SELECT * FROM ${T(
      'vpc_flow',
    )} WHERE ${LAST_7_DAYS} AND connection_info.direction = 'Outbound' LIMIT 25`,
    check: row =>
      expect(JSON.parse(row.connection_info).direction).toBe('Outbound'),
  },
  {
    name: 'VPC: rejected traffic',
    sql: `SELECT * FROM ${T(
      'vpc_flow',
    )} WHERE ${LAST_7_DAYS} AND action = 'Denied' LIMIT 25`,
    check: row => expect(row.action).toBe('Denied'),
  },
];

/** The JSON dump AWS publishes beside each sample parquet: one event per file. */
function readDerivedEvents(dir: string): any[] {
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.derived.jsonl'))
    .map(f =>
      JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8').split('\n')[0]),
    );
}

async function runToCompletion(
  engine: DuckDbQueryEngine,
  sql: string,
  parameters?: QueryParameter[],
) {
  const executionId = randomUUID();
  const status = await engine.execute({ sql, parameters, executionId });
  if (status.state === 'FAILED') throw new Error(status.stateChangeReason);
  expect(status.state).toBe('SUCCEEDED');
  const page = await engine.getQueryResults(executionId);
  return {
    executionId,
    page,
    rows: page.rows.map(cells =>
      Object.fromEntries(page.columns.map((c, i) => [c.name, cells[i]])),
    ),
  };
}

describe('DuckDbQueryEngine', () => {
  let dir: string;
  let engine: DuckDbQueryEngine;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duckdb-engine-'));
    await generateLake({ lakeDir: path.join(dir, 'lake'), days: 10 });
    engine = await DuckDbQueryEngine.create({
      lakeDir: path.join(dir, 'lake'),
      resultsDir: path.join(dir, 'results'),
    });
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exposes the Glue database and table names of every region and source in the lake', async () => {
    const tables = await engine.tableNames();
    expect(tables).toContain(T('cloud_trail_mgmt'));
    expect(tables).toContain(
      '"amazon_security_lake_glue_db_ap_southeast_2"."amazon_security_lake_table_ap_southeast_2_sh_findings_2_0"',
    );
    // only one account collects Route 53 in Sydney, and not the one whose data is missing there
    const { rows } = await runToCompletion(
      engine,
      `SELECT DISTINCT accountid FROM "amazon_security_lake_glue_db_ap_southeast_2"."amazon_security_lake_table_ap_southeast_2_route53_2_0"`,
    );
    expect(rows.map(r => r.accountid)).toEqual(['555555555555']);
  });

  it("exposes a custom source's table as Glue names it, with the account partition", async () => {
    expect(await engine.tableNames()).toContain(
      '"amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_ext_okta_sso"',
    );
    const { rows } = await runToCompletion(
      engine,
      `SELECT accountid, class_uid, count(*) > 0 AS some FROM "amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_ext_okta_sso" GROUP BY ALL`,
    );
    expect(rows).toEqual([
      { accountid: '111111111111', class_uid: '3002', some: 'true' },
    ]);
  });

  it.each(AWS_EXAMPLES.map(e => [e.name, e] as const))(
    'runs the AWS example "%s"',
    async (_, example) => {
      const { rows } = await runToCompletion(engine, example.sql);
      expect(rows.length).toBeGreaterThan(0);
      rows.forEach(example.check);
    },
  );

  it('keeps account and region partitions as string columns with the Athena names', async () => {
    const { page } = await runToCompletion(
      engine,
      `SELECT accountid, region, time_dt FROM ${T(
        'vpc_flow',
      )} WHERE accountid = ? LIMIT 1`,
      ['111111111111'],
    );
    expect(page.columns).toEqual([
      { name: 'accountid', type: 'varchar' },
      { name: 'region', type: 'varchar' },
      { name: 'time_dt', type: 'timestamp' },
    ]);
    expect(page.rows[0][0]).toBe('111111111111');
  });

  it('binds parameters instead of splicing them into the SQL', async () => {
    const { rows } = await runToCompletion(
      engine,
      `SELECT count(*) AS n FROM ${T('cloud_trail_mgmt')} WHERE accountid = ?`,
      ["111111111111' OR '1'='1"],
    );
    expect(rows[0].n).toBe('0');
  });

  it('pages results with a next token', async () => {
    const { executionId } = await runToCompletion(
      engine,
      `SELECT metadata.uid FROM ${T('cloud_trail_mgmt')} ORDER BY metadata.uid`,
    );
    const first = await engine.getQueryResults(executionId, { maxResults: 50 });
    expect(first.rows).toHaveLength(50);
    const second = await engine.getQueryResults(executionId, {
      maxResults: 50,
      cursor: first.nextCursor,
    });
    expect(second.rows[0][0]! > first.rows[49][0]!).toBe(true);
  });

  it('refuses anything but one SELECT before it reaches the engine, with the reason', async () => {
    await expect(
      engine.execute({
        sql: `DELETE FROM ${T('cloud_trail_mgmt')}`,
        executionId: randomUUID(),
      }),
    ).rejects.toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: 'Only a read-only SELECT statement may run',
      }),
    );
    await expect(
      engine.execute({ sql: 'SELECT 1; SELECT 2', executionId: randomUUID() }),
    ).rejects.toThrow(
      /Exactly one SELECT statement may run, and this SQL has 2/,
    );
    await expect(
      engine.execute({ sql: 'SELEC 1', executionId: randomUUID() }),
    ).rejects.toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(/syntax error at or near "SELEC"/),
      }),
    );
  });

  it('fails a query that breaks at run time with the engine error, naming no file', async () => {
    const executionId = randomUUID();
    const status = await engine.execute({
      sql: `SELECT CAST('x' AS INTEGER) FROM ${T('cloud_trail_mgmt')}`,
      executionId,
    });
    expect(status.state).toBe('FAILED');
    expect(status.stateChangeReason).toMatch(
      /Could not convert string 'x' to INT32/,
    );
    expect(status.stateChangeReason).not.toContain(dir);
    await expect(engine.getQueryResults(executionId)).rejects.toThrow(
      /no results/,
    );
  });

  it('refuses paging tokens it never gave out', async () => {
    const { executionId } = await runToCompletion(engine, 'SELECT 1 AS one');
    for (const cursor of ['-1', 'abc', '1; DROP TABLE x', '1e3', '']) {
      await expect(
        engine.getQueryResults(executionId, { cursor }),
      ).rejects.toThrow(expect.objectContaining({ name: 'InputError' }));
    }
    await expect(engine.getQueryResults('../../etc/passwd')).rejects.toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    );
  });

  it('keeps the result of an execution asked for again, and runs nothing twice', async () => {
    const { executionId, rows } = await runToCompletion(
      engine,
      'SELECT random() AS r',
    );
    const again = await engine.execute({
      sql: 'SELECT random() AS r',
      executionId,
    });
    expect(again.state).toBe('SUCCEEDED');
    expect((await engine.getQueryResults(executionId)).rows[0][0]).toBe(
      rows[0].r,
    );
  });

  it('streams the result as CSV with a header and every field quoted, as Athena writes it', async () => {
    const { executionId } = await runToCompletion(
      engine,
      `SELECT * FROM (VALUES (1, 'a "quoted", text'), (2, NULL)) t(n, s) ORDER BY n`,
    );
    const csv = await text(await engine.readResultCsv(executionId));
    expect(csv.trim().split('\n')).toEqual([
      '"n","s"',
      '"1","a ""quoted"", text"',
      '"2",',
    ]);
  });

  it('keeps executions that run at once apart: each gets its own rows, and pages and CSVs read at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        runToCompletion(
          engine,
          `SELECT ? AS n, count(*) AS c FROM range(200000 + ?)`,
          [i, i],
        ),
      ),
    );
    const reads = await Promise.all(
      results.flatMap(({ executionId }) => [
        engine.getQueryResults(executionId),
        engine.readResultCsv(executionId).then(text),
      ]),
    );
    results.forEach(({ rows }, i) => {
      expect(rows).toEqual([{ n: String(i), c: String(200000 + i) }]);
      expect(reads[2 * i]).toMatchObject({
        rows: [[String(i), String(200000 + i)]],
      });
      expect(reads[2 * i + 1]).toBe(`"n","c"\n"${i}","${200000 + i}"\n`);
    });
  });

  it('deletes what an execution left behind, parquet and CSV', async () => {
    const { executionId } = await runToCompletion(engine, 'SELECT 1 AS one');
    await text(await engine.readResultCsv(executionId));
    await engine.deleteResult(executionId);
    expect(
      fs
        .readdirSync(path.join(dir, 'results'))
        .filter(f => f.startsWith(executionId)),
    ).toEqual([]);
    await expect(engine.getQueryResults(executionId)).rejects.toThrow(
      /no results/,
    );
  });

  it('cancels a running statement when the signal aborts', async () => {
    const controller = new AbortController();
    const execution = engine.execute(
      {
        sql: `SELECT count(*) FROM range(10000000000) a`,
        executionId: randomUUID(),
      },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 200);
    const status = await execution;
    expect(status.state).toBe('CANCELLED');
    await expect(engine.getQueryResults(status.executionId)).rejects.toThrow(
      /no results/,
    );
  });

  const samples = path.resolve(__dirname, '../../../../../shared/ocsf/samples');
  // AWS's samples sit beside the repository in CI; a user's clone may not have them
  const withSamples = fs.existsSync(samples) ? it : it.skip;
  if (!fs.existsSync(samples)) {
    // eslint-disable-next-line no-console
    console.warn(`Skipping the AWS sample tests: ${samples} is not there`);
  }

  withSamples(
    'reads the real Security Lake source version 1 samples',
    async () => {
      const ctDir = path.join(
        samples,
        'cloudtrail_mgmt/ocsf-validation/samples/1.0.0-rc.2/CLOUD_TRAIL',
      );
      const shDir = path.join(
        samples,
        'sh_findings/ocsf-validation/samples/1.0.0-rc.2/SH_FINDINGS',
      );
      const v1 = await DuckDbQueryEngine.create({
        lakeDir: path.join(dir, 'empty-lake'),
        resultsDir: path.join(dir, 'v1-results'),
        extraTables: [
          {
            database: 'amazon_security_lake_glue_db_us_east_1',
            table: 'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0',
            dir: ctDir,
            glob: '*/*.parquet',
            version: '1.0',
            hivePartitioning: false,
          },
          {
            database: 'amazon_security_lake_glue_db_us_east_1',
            table: 'amazon_security_lake_table_us_east_1_sh_findings_1_0',
            dir: shDir,
            glob: '*.parquet',
            version: '1.0',
            hivePartitioning: false,
          },
        ],
      });
      try {
        const expected = readDerivedEvents(path.join(ctDir, 'account_change'));
        const { rows } = await runToCompletion(
          v1,
          `SELECT metadata.uid, api.operation, class_uid FROM ${T1(
            'cloud_trail_mgmt',
          )} WHERE class_uid = 3001 ORDER BY metadata.uid`,
        );
        expect(rows).toEqual(
          expected
            .map(e => ({
              uid: e.metadata.uid,
              operation: e.api.operation,
              class_uid: String(e.class_uid),
            }))
            .sort((a, b) => (a.uid < b.uid ? -1 : 1)),
        );

        const sh = await runToCompletion(
          v1,
          `SELECT cloud.account_uid, finding.uid FROM ${T1(
            'sh_findings',
          )} ORDER BY finding.uid`,
        );
        const shExpected = readDerivedEvents(shDir)
          .map(e => ({ account_uid: e.cloud.account_uid, uid: e.finding.uid }))
          .sort((a, b) => (a.uid < b.uid ? -1 : 1));
        expect(sh.rows).toEqual(shExpected);
      } finally {
        await v1.close();
      }
    },
  );
});
