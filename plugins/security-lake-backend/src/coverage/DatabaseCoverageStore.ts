import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  CoverageHealth,
  CoverageRefreshState,
  DataLakeException,
  SourceStatus,
} from '@internal/plugin-security-lake-common';
import { Knex } from 'knex';
import { migrateSecurityLakeDatabase } from '../database/migrateSecurityLakeDatabase';
import { StoredCell } from '../inventory/LakeInventory';
import { CoverageSnapshot, CoverageStore, StoredRollup } from './CoverageStore';

const REFRESH_KIND = 'coverage';
// rows per insert: SQLite's knex dialect turns one insert into a compound SELECT of at most 500 terms
const INSERT_CHUNK = 250;
// ids per WHERE IN
const ID_CHUNK = 500;

type CellRow = {
  account_id: string;
  region: string;
  source_key: string;
  source_version: string;
  configured: boolean | number;
  status: string | null;
  health: string;
  last_event_at: Date | string | null;
  volume: string;
};

type RollupRow = {
  account_id: string;
  source_key: string;
  health: string;
  regions: string;
  last_event_at: Date | string | null;
  volume: string;
  exception_count: number;
};

function toDate(value: Date | string | null): Date | undefined {
  if (value === null || value === undefined) return undefined;
  // SQLite hands timestamps back as epoch milliseconds or text
  return value instanceof Date ? value : new Date(value);
}

function toCell(row: CellRow): StoredCell {
  return {
    accountId: row.account_id,
    region: row.region,
    sourceKey: row.source_key,
    version: row.source_version,
    configured: Boolean(row.configured),
    ...(row.status ? { status: row.status as SourceStatus } : {}),
    health: row.health as CoverageHealth,
    ...(row.last_event_at ? { lastEventAt: toDate(row.last_event_at) } : {}),
    volume: JSON.parse(row.volume),
  };
}

function toRollup(row: RollupRow): StoredRollup {
  return {
    accountId: row.account_id,
    sourceKey: row.source_key,
    health: row.health as CoverageHealth,
    regions: JSON.parse(row.regions),
    ...(row.last_event_at ? { lastEventAt: toDate(row.last_event_at) } : {}),
    volume: JSON.parse(row.volume),
    exceptionCount: Number(row.exception_count),
  };
}

/** @internal */
export class DatabaseCoverageStore implements CoverageStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseCoverageStore> {
    return new DatabaseCoverageStore(
      await migrateSecurityLakeDatabase(options.database, options),
    );
  }

  /** Over a client whose migrations have run (`migrateSecurityLakeDatabase`). */
  constructor(private readonly db: Knex) {}

  async replaceSnapshot(snapshot: CoverageSnapshot): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('coverage_cells').delete();
      await tx('coverage_rollups').delete();
      await tx('data_lake_exceptions').delete();
      // rows are built a chunk at a time: a refresh of 20,000 accounts has millions of cells
      for (let i = 0; i < snapshot.cells.length; i += INSERT_CHUNK) {
        await tx('coverage_cells').insert(
          snapshot.cells.slice(i, i + INSERT_CHUNK).map(c => ({
            account_id: c.accountId,
            region: c.region,
            source_key: c.sourceKey,
            source_version: c.version,
            configured: c.configured,
            status: c.status ?? null,
            health: c.health,
            last_event_at: c.lastEventAt ?? null,
            volume: JSON.stringify(c.volume),
          })),
        );
      }
      for (let i = 0; i < snapshot.rollups.length; i += INSERT_CHUNK) {
        await tx('coverage_rollups').insert(
          snapshot.rollups.slice(i, i + INSERT_CHUNK).map(r => ({
            account_id: r.accountId,
            source_key: r.sourceKey,
            health: r.health,
            regions: JSON.stringify(r.regions),
            last_event_at: r.lastEventAt ?? null,
            volume: JSON.stringify(r.volume),
            exception_count: r.exceptionCount,
          })),
        );
      }
      for (let i = 0; i < snapshot.exceptions.length; i += INSERT_CHUNK) {
        await tx('data_lake_exceptions').insert(
          snapshot.exceptions.slice(i, i + INSERT_CHUNK).map(e => ({
            region: e.region,
            exception: e.exception,
            remediation: e.remediation ?? null,
            occurred_at: e.timestamp ? new Date(e.timestamp) : null,
          })),
        );
      }
      await tx('control_plane_refreshes')
        .insert({
          kind: REFRESH_KIND,
          refreshed_at: snapshot.refreshedAt,
          attempted_at: snapshot.refreshedAt,
          attempt_status: 'succeeded',
          attempt_error: null,
          requested_at: null,
          volume_end_day: snapshot.volumeEndDay,
        })
        .onConflict('kind')
        .merge([
          'refreshed_at',
          'attempt_status',
          'attempt_error',
          'requested_at',
          'volume_end_day',
        ]);
    });
  }

  async recordAttempt(
    attempt:
      | { status: 'running'; at: Date }
      | { status: 'failed'; at: Date; error: string },
  ): Promise<void> {
    const row =
      attempt.status === 'running'
        ? { attempted_at: attempt.at, attempt_status: 'running' }
        : {
            attempt_status: 'failed',
            // a failed attempt answers the request that started it
            requested_at: null,
            attempt_error: attempt.error.slice(0, 4000),
          };
    await this.db('control_plane_refreshes')
      .insert({ kind: REFRESH_KIND, attempted_at: attempt.at, ...row })
      .onConflict('kind')
      .merge(Object.keys(row));
  }

  async recordRequest(at: Date): Promise<void> {
    await this.db('control_plane_refreshes')
      .insert({ kind: REFRESH_KIND, requested_at: at })
      .onConflict('kind')
      .merge(['requested_at']);
  }

  async getRefreshState(): Promise<
    CoverageRefreshState & { volumeEndDay?: string }
  > {
    const row = await this.db('control_plane_refreshes')
      .where({ kind: REFRESH_KIND })
      .first();
    if (!row) {
      return {};
    }
    const iso = (v: Date | string | null) => toDate(v)?.toISOString();
    return {
      ...(row.refreshed_at ? { refreshedAt: iso(row.refreshed_at) } : {}),
      ...(row.attempted_at ? { lastAttemptAt: iso(row.attempted_at) } : {}),
      ...(row.attempt_status ? { lastAttemptStatus: row.attempt_status } : {}),
      ...(row.attempt_error ? { lastError: row.attempt_error } : {}),
      ...(row.requested_at ? { requestedAt: iso(row.requested_at) } : {}),
      ...(row.volume_end_day ? { volumeEndDay: row.volume_end_day } : {}),
    };
  }

  async listRollups(): Promise<StoredRollup[]> {
    const rows = await this.db<RollupRow>('coverage_rollups').orderBy([
      'account_id',
      'source_key',
    ]);
    return rows.map(toRollup);
  }

  async listCells(filter?: { accountIds?: string[] }): Promise<StoredCell[]> {
    const ordered = (q: Knex.QueryBuilder) =>
      q.orderBy(['account_id', 'source_key', 'region', 'source_version']);
    if (!filter?.accountIds) {
      return (await ordered(this.db<CellRow>('coverage_cells'))).map(toCell);
    }
    const out: StoredCell[] = [];
    for (let i = 0; i < filter.accountIds.length; i += ID_CHUNK) {
      const rows = await ordered(
        this.db<CellRow>('coverage_cells').whereIn(
          'account_id',
          filter.accountIds.slice(i, i + ID_CHUNK),
        ),
      );
      out.push(...rows.map(toCell));
    }
    return out;
  }

  async listExceptions(): Promise<DataLakeException[]> {
    const rows = await this.db('data_lake_exceptions').orderBy('id');
    return rows.map(
      (r: {
        region: string;
        exception: string;
        remediation: string | null;
        occurred_at: Date | string | null;
      }) => ({
        region: r.region,
        exception: r.exception,
        ...(r.remediation ? { remediation: r.remediation } : {}),
        ...(r.occurred_at
          ? { timestamp: toDate(r.occurred_at)!.toISOString() }
          : {}),
      }),
    );
  }

  async listAccountIds(): Promise<string[]> {
    // asked on every request of a caller who sees everything: read again only after a new refresh
    const row = await this.db('control_plane_refreshes')
      .where({ kind: REFRESH_KIND })
      .first('refreshed_at');
    const generation = String(
      toDate(row?.refreshed_at ?? null)?.getTime() ?? '',
    );
    if (this.accountIds?.generation !== generation) {
      const ids = this.db('coverage_rollups')
        .distinct('account_id')
        .orderBy('account_id')
        .then(rows => rows.map((r: { account_id: string }) => r.account_id));
      this.accountIds = { generation, ids };
      ids.catch(() => {
        this.accountIds = undefined;
      });
    }
    return this.accountIds.ids;
  }

  private accountIds?: { generation: string; ids: Promise<string[]> };
}
