import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-security-lake-backend',
  'migrations',
);

/**
 * The plugin's knex client with its migrations applied, unless the database service says to skip them.
 * Every store of every capability gets its client here, so one migration history covers them all.
 *
 * @internal
 */
export async function migrateSecurityLakeDatabase(
  database: DatabaseService,
  options?: { skipMigrations?: boolean },
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip && !options?.skipMigrations) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}
