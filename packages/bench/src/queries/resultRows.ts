/*
 * The rows of a stand-in query result: made up from the row's index alone, so the CSV object on disk and
 * the GetQueryResults pages hold the same rows without a million of them in memory.
 */
import fs from 'node:fs';
import { once } from 'node:events';

export const RESULT_COLUMNS = [
  'time_dt',
  'accountid',
  'region',
  'operation',
  'actor',
  'source_ip',
  'status',
  'error',
  'bytes',
  'user_agent',
];

const OPERATIONS = [
  'GetObject',
  'PutObject',
  'AssumeRole',
  'DescribeInstances',
  'ListBuckets',
  'CreateAccessKey',
  'ConsoleLogin',
  'GetSecretValue',
];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const FIRST_TIME = Date.UTC(2026, 10, 23, 12);

/** Row `i` of a result: ten text cells of the widths a CloudTrail query returns (about 200 bytes as CSV). */
export function resultRow(i: number): string[] {
  const account = String(100000000000 + (i % 50) * 11111);
  const failed = i % 17 === 0;
  return [
    new Date(FIRST_TIME - i * 1000)
      .toISOString()
      .replace('T', ' ')
      .slice(0, 23),
    account,
    REGIONS[i % REGIONS.length],
    OPERATIONS[i % OPERATIONS.length],
    `arn:aws:sts::${account}:assumed-role/app-role-${i % 300}/session-${
      i % 977
    }`,
    `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    failed ? 'Failure' : 'Success',
    failed ? 'AccessDenied' : '',
    String((i * 7919) % 1_000_000),
    `aws-sdk-java/2.20.${i % 160} Linux/5.10.${
      i % 200
    } OpenJDK_64-Bit_Server_VM/17.0.${i % 12}`,
  ];
}

/** A CSV line as Athena writes its result objects: every field quoted, quotes doubled. */
export function csvLine(cells: string[]): string {
  return `${cells.map(c => `"${c.replace(/"/g, '""')}"`).join(',')}\n`;
}

/** The result of `rows` rows as Athena's CSV object: a header, then the rows. */
export async function writeResultCsv(file: string, rows: number) {
  const out = fs.createWriteStream(file);
  out.write(csvLine(RESULT_COLUMNS));
  const batch = 10_000;
  for (let start = 0; start < rows; start += batch) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + batch); i++) {
      chunk += csvLine(resultRow(i));
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
