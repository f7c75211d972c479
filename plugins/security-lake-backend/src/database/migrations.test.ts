import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs/promises';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@internal/plugin-security-lake-backend',
  'migrations',
);

describe('migrations', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    '20261123100000_log_sources.js goes up and down with data in it, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory: migrationsDir,
        name: '20261123100000_log_sources.js',
      });
      await knex('log_sources').insert({
        account_id: '111111111111',
        region: 'us-east-1',
        source_name: 'VPC_FLOW',
        source_version: '2.0',
      });
      // the primary key holds one row per account, region, source and version
      await knex('log_sources')
        .insert({
          account_id: '111111111111',
          region: 'us-east-1',
          source_name: 'VPC_FLOW',
          source_version: '2.0',
        })
        .onConflict(['account_id', 'region', 'source_name', 'source_version'])
        .ignore();
      expect(Number((await knex('log_sources').count({ n: '*' }))[0].n)).toBe(
        1,
      );
      await knex('control_plane_refreshes').insert({
        kind: 'log-sources',
        refreshed_at: new Date(),
      });

      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex.schema.hasTable('log_sources')).toBe(false);
      expect(await knex.schema.hasTable('control_plane_refreshes')).toBe(false);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    '20261124100000_coverage.js goes up over a filled log_sources table and back down, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory: migrationsDir,
        name: '20261123100000_log_sources.js',
      });
      await knex('log_sources').insert({
        account_id: '111111111111',
        region: 'us-east-1',
        source_name: 'VPC_FLOW',
        source_version: '2.0',
      });
      await knex('control_plane_refreshes').insert({
        kind: 'log-sources',
        refreshed_at: new Date(),
      });

      await knex.migrate.up({
        directory: migrationsDir,
        name: '20261124100000_coverage.js',
      });
      expect(await knex.schema.hasTable('log_sources')).toBe(false);
      await knex('coverage_cells').insert({
        account_id: '111111111111',
        region: 'us-east-1',
        source_key: 'VPC_FLOW',
        source_version: '2.0',
        configured: true,
        status: 'COLLECTING',
        health: 'healthy',
        volume: '[1]',
      });
      await knex('coverage_rollups').insert({
        account_id: '111111111111',
        source_key: 'VPC_FLOW',
        health: 'healthy',
        regions: '{}',
        volume: '[1]',
      });
      // a refresh that has only been attempted has no refreshed_at yet
      await knex('control_plane_refreshes').insert({
        kind: 'coverage',
        attempted_at: new Date(),
        attempt_status: 'running',
      });
      // one row per account, region, source and version (read the error's message: SQLite's errors may
      // come from another test file's realm, which `rejects.toThrow()` does not recognise)
      const duplicate = knex('coverage_cells')
        .insert({
          account_id: '111111111111',
          region: 'us-east-1',
          source_key: 'VPC_FLOW',
          source_version: '2.0',
          configured: true,
          health: 'stale',
          volume: '[]',
        })
        .then(
          () => 'inserted',
          (error: Error) => error.message,
        );
      expect(await duplicate).toMatch(/UNIQUE constraint failed|duplicate key/);

      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex.schema.hasTable('coverage_cells')).toBe(false);
      expect(await knex.schema.hasTable('coverage_rollups')).toBe(false);
      expect(await knex.schema.hasTable('data_lake_exceptions')).toBe(false);
      expect(await knex.schema.hasTable('log_sources')).toBe(true);
      expect(
        await knex.schema.hasColumn(
          'control_plane_refreshes',
          'attempt_status',
        ),
      ).toBe(false);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    '20261129110000_subscriber_grants.js goes up over subscriber requests, marks the ended ones removed, and back down, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const before = (await fs.readdir(migrationsDir))
        .filter(f => f.endsWith('.js') && f < '20261129110000')
        .sort();
      for (const name of before) {
        await knex.migrate.up({ directory: migrationsDir, name });
      }
      const row = (id: string, state: string) => ({
        id,
        owner_ref: 'group:default/team-payments',
        requested_by: 'user:default/alice',
        state,
        scope: 'team',
        request: '{}',
        provisioned: '[]',
        created_at: '2026-11-28T10:00:00.000Z',
        updated_at: '2026-11-28T11:00:00.000Z',
      });
      await knex('subscriber_requests').insert([
        row('r-revoked', 'revoked'),
        row('r-expired', 'expired'),
        row('r-active', 'active'),
      ]);
      await knex('subscriber_request_transitions').insert({
        request_id: 'r-active',
        to_state: 'active',
        action: 'activate',
        actor: 'plugin:security-lake',
        at: '2026-11-28T11:00:00.000Z',
      });

      await knex.migrate.up({
        directory: migrationsDir,
        name: '20261129110000_subscriber_grants.js',
      });
      // access that ended before grants were recorded was removed when it ended
      expect(
        await knex('subscriber_requests')
          .select('id', 'removed_at', 'granted_account_ids')
          .orderBy('id'),
      ).toEqual([
        { id: 'r-active', removed_at: null, granted_account_ids: null },
        {
          id: 'r-expired',
          removed_at: '2026-11-28T11:00:00.000Z',
          granted_account_ids: null,
        },
        {
          id: 'r-revoked',
          removed_at: '2026-11-28T11:00:00.000Z',
          granted_account_ids: null,
        },
      ]);
      await knex('subscriber_requests').insert({
        ...row('r-extension', 'pending'),
        extends_request_id: 'r-active',
      });
      await knex('subscriber_requests')
        .where({ id: 'r-active' })
        .update({ granted_account_ids: '["111111111111"]' });

      await knex.migrate.down({ directory: migrationsDir });
      expect(
        await knex.schema.hasColumn('subscriber_requests', 'removed_at'),
      ).toBe(false);
      expect(
        await knex.schema.hasColumn(
          'subscriber_requests',
          'extends_request_id',
        ),
      ).toBe(false);
      expect(
        await knex.schema.hasColumn(
          'subscriber_requests',
          'granted_account_ids',
        ),
      ).toBe(false);
      // the requests and their history stay
      expect(
        (await knex('subscriber_requests').select('id').orderBy('id')).map(
          r => r.id,
        ),
      ).toEqual(['r-active', 'r-expired', 'r-extension', 'r-revoked']);
      expect(
        await knex('subscriber_request_transitions').select('request_id'),
      ).toEqual([{ request_id: 'r-active' }]);
      await knex.destroy();
    },
  );
});
