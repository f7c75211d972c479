import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { LogSourceRecord } from '@internal/plugin-security-lake-node';
import { migrateSecurityLakeDatabase } from '../database/migrateSecurityLakeDatabase';
import { LogSourceStore } from './LogSourceStore';

const REFRESH_KIND = 'log-sources';
// stays under SQLite's and PostgreSQL's bound-parameter limits for large account lists
const CHUNK = 500;

type Row = {
  account_id: string;
  region: string;
  source_name: string;
  source_version: string;
};

/** @internal */
export class DatabaseLogSourceStore implements LogSourceStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseLogSourceStore> {
    return new DatabaseLogSourceStore(
      await migrateSecurityLakeDatabase(options.database, options),
    );
  }

  private constructor(private readonly db: Knex) {}

  async replaceAll(
    records: LogSourceRecord[],
    refreshedAt: Date,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('log_sources').delete();
      const rows: Row[] = records.map(r => ({
        account_id: r.accountId,
        region: r.region,
        source_name: r.source,
        source_version: r.version,
      }));
      for (let i = 0; i < rows.length; i += CHUNK) {
        await tx('log_sources').insert(rows.slice(i, i + CHUNK));
      }
      await tx('control_plane_refreshes')
        .insert({ kind: REFRESH_KIND, refreshed_at: refreshedAt })
        .onConflict('kind')
        .merge(['refreshed_at']);
    });
  }

  async list(filter?: { accountIds?: string[] }): Promise<LogSourceRecord[]> {
    const toRecord = (r: Row): LogSourceRecord => ({
      accountId: r.account_id,
      region: r.region,
      source: r.source_name as LogSourceRecord['source'],
      version: r.source_version as LogSourceRecord['version'],
    });
    const ordered = (q: Knex.QueryBuilder) =>
      q.orderBy(['account_id', 'source_name', 'source_version', 'region']);
    if (!filter?.accountIds) {
      return (await ordered(this.db<Row>('log_sources').select())).map(
        toRecord,
      );
    }
    const out: LogSourceRecord[] = [];
    for (let i = 0; i < filter.accountIds.length; i += CHUNK) {
      const chunk = filter.accountIds.slice(i, i + CHUNK);
      out.push(
        ...(
          await ordered(
            this.db<Row>('log_sources').whereIn('account_id', chunk),
          )
        ).map(toRecord),
      );
    }
    return out;
  }

  async listAccountIds(): Promise<string[]> {
    const rows = await this.db('log_sources')
      .distinct('account_id')
      .orderBy('account_id');
    return rows.map((r: { account_id: string }) => r.account_id);
  }

  async getRefreshedAt(): Promise<Date | undefined> {
    const row = await this.db('control_plane_refreshes')
      .where({ kind: REFRESH_KIND })
      .first();
    return row ? new Date(row.refreshed_at) : undefined;
  }
}
