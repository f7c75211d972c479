import { ConflictError } from '@backstage/errors';
import { TeamQuery } from '@internal/plugin-security-lake-common';
import { Knex } from 'knex';

const TABLE = 'team_saved_queries';

interface Row {
  id: string;
  owner_ref: string;
  name: string;
  description: string | null;
  query_id: string | null;
  parameters: string | null;
  sql: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

function fromRow(row: Row): TeamQuery {
  return {
    id: row.id,
    name: row.name,
    ownerRef: row.owner_ref,
    ...(row.description ? { description: row.description } : {}),
    ...(row.query_id ? { queryId: row.query_id } : {}),
    ...(row.parameters ? { parameters: JSON.parse(row.parameters) } : {}),
    ...(row.sql ? { sql: row.sql } : {}),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

function toRow(query: TeamQuery): Row {
  return {
    id: query.id,
    owner_ref: query.ownerRef,
    name: query.name,
    description: query.description ?? null,
    query_id: query.queryId ?? null,
    parameters: query.parameters ? JSON.stringify(query.parameters) : null,
    sql: query.sql ?? null,
    created_by: query.createdBy,
    created_at: query.createdAt,
    updated_by: query.updatedBy,
    updated_at: query.updatedAt,
  };
}

/**
 * The teams' saved queries, in the plugin's database. A name is unique within its team: a second one is a
 * ConflictError, however two saves race, because the database's unique index decides.
 *
 * @internal
 */
export class TeamQueryStore {
  constructor(private readonly db: Knex) {}

  /** Those of the given owners (all of them for `undefined`), by name. */
  async list(ownerRefs?: string[]): Promise<TeamQuery[]> {
    const query = this.db<Row>(TABLE).orderBy([
      { column: 'name' },
      { column: 'owner_ref' },
    ]);
    if (ownerRefs) {
      query.whereIn('owner_ref', ownerRefs);
    }
    return (await query).map(fromRow);
  }

  async get(id: string): Promise<TeamQuery | undefined> {
    const row = await this.db<Row>(TABLE).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  async insert(query: TeamQuery): Promise<void> {
    await this.unique(query, () => this.db<Row>(TABLE).insert(toRow(query)));
  }

  /** Replaces a query's fields; false if it no longer exists. */
  async replace(query: TeamQuery): Promise<boolean> {
    const { id, created_by, created_at, ...fields } = toRow(query);
    const updated = await this.unique(query, () =>
      this.db<Row>(TABLE).where({ id }).update(fields),
    );
    return updated > 0;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db<Row>(TABLE).where({ id }).delete()) > 0;
  }

  private async unique<T>(
    query: TeamQuery,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const taken = await this.db<Row>(TABLE)
        .where({ owner_ref: query.ownerRef, name: query.name })
        .whereNot({ id: query.id })
        .first();
      if (taken) {
        throw new ConflictError(
          `name: ${query.ownerRef} already has a saved query named ${query.name}`,
        );
      }
      throw error;
    }
  }
}
