import {
  DataLakeException,
  isAwsRegion,
  isSecurityLakeSourceName,
  SourceStatus,
} from '@internal/plugin-security-lake-common';
import {
  ControlPlane,
  LogSourceRecord,
  SourceStatusRecord,
  SubscriberOperations,
} from '@internal/plugin-security-lake-node';
import fs from 'node:fs';
import path from 'node:path';

function list(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** What `control-plane.json` beside the lake adds to what the folders say. */
interface LocalControlPlaneState {
  configured?: LogSourceRecord[];
  statuses?: SourceStatusRecord[];
  exceptions?: DataLakeException[];
}

const STATUSES: readonly SourceStatus[] = [
  'COLLECTING',
  'MISCONFIGURED',
  'NOT_COLLECTING',
];

/**
 * The control plane of the embedded lake. A source counts as configured for an account and region when the
 * lake folder holds its partitions (`aws/<SOURCE>/<version>/...`, custom sources under `ext/<name>/`), as
 * Security Lake would have created them, and as collecting unless `control-plane.json` says otherwise.
 * That file also lists sources configured without data, and the data lake exceptions.
 *
 * @public
 */
export class LocalControlPlane implements ControlPlane {
  readonly kind = 'local' as const;
  readonly subscribers?: SubscriberOperations;

  constructor(
    private readonly options: {
      lakeDir: string;
      /** Subscribers and grants, kept without AWS. */
      subscribers?: SubscriberOperations;
    },
  ) {
    this.subscribers = options.subscribers;
  }

  async listDataLakeRegions(): Promise<string[]> {
    const regions = new Set((await this.listLogSources()).map(s => s.region));
    return [...regions].sort();
  }

  async listLogSources(): Promise<LogSourceRecord[]> {
    const records: LogSourceRecord[] = [];
    const awsDir = path.join(this.options.lakeDir, 'aws');
    for (const source of list(awsDir)) {
      if (!isSecurityLakeSourceName(source)) continue;
      for (const version of list(path.join(awsDir, source))) {
        if (version !== '1.0' && version !== '2.0') continue;
        for (const { region, accountId } of partitions(
          path.join(awsDir, source, version),
        )) {
          records.push({ accountId, region, source, version });
        }
      }
    }
    const extDir = path.join(this.options.lakeDir, 'ext');
    for (const source of list(extDir)) {
      for (const version of list(path.join(extDir, source))) {
        for (const { region, accountId } of partitions(
          path.join(extDir, source, version),
        )) {
          records.push({ kind: 'custom', accountId, region, source, version });
        }
      }
    }
    const key = (r: LogSourceRecord) =>
      `${r.kind ?? 'native'}/${r.accountId}/${r.region}/${r.source}/${
        r.version
      }`;
    const known = new Set(records.map(key));
    for (const extra of this.state().configured ?? []) {
      if (!known.has(key(extra))) records.push(extra);
    }
    return records;
  }

  async listSourceStatuses(): Promise<SourceStatusRecord[]> {
    const overrides = new Map(
      (this.state().statuses ?? [])
        .filter(s => STATUSES.includes(s.status))
        .map(s => [`${s.accountId}/${s.region}/${s.source}`, s.status]),
    );
    const statuses = new Map<string, SourceStatusRecord>();
    for (const record of await this.listLogSources()) {
      if (record.kind === 'custom') continue;
      const id = `${record.accountId}/${record.region}/${record.source}`;
      statuses.set(id, {
        accountId: record.accountId,
        region: record.region,
        source: record.source,
        status: overrides.get(id) ?? 'COLLECTING',
      });
    }
    return [...statuses.values()];
  }

  async listDataLakeExceptions(): Promise<DataLakeException[]> {
    return this.state().exceptions ?? [];
  }

  private state(): LocalControlPlaneState {
    const file = path.join(this.options.lakeDir, 'control-plane.json');
    return fs.existsSync(file)
      ? (JSON.parse(fs.readFileSync(file, 'utf8')) as LocalControlPlaneState)
      : {};
  }
}

/** The (region, account) partitions below a source version's folder. */
function* partitions(versionDir: string) {
  for (const regionDir of list(versionDir)) {
    const region = regionDir.replace(/^region=/, '');
    if (!isAwsRegion(region)) continue;
    for (const accountDir of list(path.join(versionDir, regionDir))) {
      const accountId = accountDir.replace(/^accountId=/, '');
      if (/^\d{12}$/.test(accountId)) {
        yield { region, accountId };
      }
    }
  }
}
