import {
  isAwsRegion,
  isSecurityLakeSourceName,
} from '@internal/plugin-security-lake-common';
import fs from 'node:fs';
import path from 'node:path';
import {
  ControlPlane,
  LogSourceRecord,
} from '@internal/plugin-security-lake-node';

function list(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/**
 * The control plane of the embedded lake: a source counts as configured for an account and region when the
 * lake folder holds its partitions, which is what Security Lake would have created.
 *
 * @public
 */
export class LocalControlPlane implements ControlPlane {
  readonly kind = 'local' as const;

  constructor(private readonly options: { lakeDir: string }) {}

  async listDataLakeRegions(): Promise<string[]> {
    const regions = new Set((await this.listLogSources()).map(s => s.region));
    return [...regions].sort();
  }

  async listLogSources(): Promise<LogSourceRecord[]> {
    const awsDir = path.join(this.options.lakeDir, 'aws');
    const records: LogSourceRecord[] = [];
    for (const source of list(awsDir)) {
      if (!isSecurityLakeSourceName(source)) continue;
      for (const version of list(path.join(awsDir, source))) {
        if (version !== '1.0' && version !== '2.0') continue;
        for (const regionDir of list(path.join(awsDir, source, version))) {
          const region = regionDir.replace(/^region=/, '');
          if (!isAwsRegion(region)) continue;
          for (const accountDir of list(
            path.join(awsDir, source, version, regionDir),
          )) {
            const accountId = accountDir.replace(/^accountId=/, '');
            if (/^\d{12}$/.test(accountId)) {
              records.push({ accountId, region, source, version });
            }
          }
        }
      }
    }
    return records;
  }
}
