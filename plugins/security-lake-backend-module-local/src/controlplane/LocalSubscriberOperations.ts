import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  DataCellsFilterSpec,
  SubscriberNotificationSpec,
  SubscriberOperations,
  SubscriberRecord,
  SubscriberSpec,
} from '@internal/plugin-security-lake-node';
import { randomUUID } from 'node:crypto';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

interface SubscriberRow {
  subscriber_id: string;
  region: string;
  name: string;
  spec: string;
  created_at: number;
  endpoint: string | null;
}

const SUBSCRIBERS = 'local_subscribers';
const FILTERS = 'local_data_cells_filters';
const GRANTS = 'local_lake_formation_grants';

/**
 * Subscribers and Lake Formation grants without AWS, kept in the plugin's database so a restart or another
 * replica sees them. A new subscriber is `PENDING` for `activationSeconds`, then `ACTIVE`, as Security Lake's
 * are while their share and role are made, so the demo goes through every state. ARNs have the real shapes,
 * in the delegated administrator account `catalogId`.
 *
 * @public
 */
export class LocalSubscriberOperations implements SubscriberOperations {
  private ready?: Promise<Knex>;

  constructor(
    private readonly options: {
      database: DatabaseService;
      /** The local lake's delegated administrator account. */
      catalogId: string;
      /** How long a new subscriber stays PENDING; default 3. */
      activationSeconds?: number;
    },
  ) {}

  get catalogId(): string {
    return this.options.catalogId;
  }

  private db(): Promise<Knex> {
    this.ready ??= (async () => {
      const db = await this.options.database.getClient();
      if (!(await db.schema.hasTable(SUBSCRIBERS))) {
        await db.schema.createTable(SUBSCRIBERS, table => {
          table.comment('Subscribers of the local control plane');
          table.string('subscriber_id', 36).primary();
          table.string('region', 32).notNullable();
          table.string('name', 64).notNullable();
          table.text('spec').notNullable();
          table.bigInteger('created_at').notNullable();
          table.text('endpoint').nullable();
          table.unique(['region', 'name']);
        });
      }
      if (!(await db.schema.hasTable(FILTERS))) {
        await db.schema.createTable(FILTERS, table => {
          table.comment('Data cells filters of the local control plane');
          table.string('region', 32).notNullable();
          table.string('name', 255).notNullable();
          table.string('database_name', 255).notNullable();
          table.string('table_name', 255).notNullable();
          table.text('row_filter').notNullable();
          table.primary(['region', 'name']);
        });
      }
      if (!(await db.schema.hasTable(GRANTS))) {
        await db.schema.createTable(GRANTS, table => {
          table.comment('SELECT grants on local data cells filters');
          table.string('region', 32).notNullable();
          table.string('principal', 64).notNullable();
          table.string('filter_name', 255).notNullable();
          table.primary(['region', 'principal', 'filter_name']);
        });
      }
      return db;
    })().catch(error => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private record(row: SubscriberRow): SubscriberRecord {
    const spec: SubscriberSpec = JSON.parse(row.spec);
    const { catalogId } = this.options;
    const id = row.subscriber_id;
    const active =
      Date.now() - Number(row.created_at) >=
      (this.options.activationSeconds ?? 3) * 1000;
    return {
      subscriberId: id,
      subscriberArn: `arn:aws:securitylake:${row.region}:${catalogId}:subscriber/${id}`,
      subscriberStatus: active ? 'ACTIVE' : 'PENDING',
      ...(spec.accessTypes.includes('LAKEFORMATION')
        ? {
            resourceShareArn: `arn:aws:ram:${row.region}:${catalogId}:resource-share/${id}`,
            resourceShareName: `LakeFormation-V3-${id
              .slice(0, 8)
              .toUpperCase()}-${catalogId}`,
          }
        : {}),
      ...(spec.accessTypes.includes('S3')
        ? {
            roleArn: `arn:aws:iam::${catalogId}:role/AmazonSecurityLake-${id.slice(
              0,
              8,
            )}`,
            s3BucketArn: `arn:aws:s3:::aws-security-data-lake-${
              row.region
            }-${id.slice(0, 8)}`,
          }
        : {}),
      ...(row.endpoint ? { subscriberEndpoint: row.endpoint } : {}),
    };
  }

  async createSubscriber(
    region: string,
    spec: SubscriberSpec,
  ): Promise<SubscriberRecord> {
    const db = await this.db();
    const row: SubscriberRow = {
      subscriber_id: randomUUID(),
      region,
      name: spec.name,
      spec: JSON.stringify(spec),
      created_at: Date.now(),
      endpoint: null,
    };
    await db(SUBSCRIBERS).insert(row);
    return this.record(row);
  }

  async findSubscriber(
    region: string,
    name: string,
  ): Promise<SubscriberRecord | undefined> {
    const row = await (await this.db())<SubscriberRow>(SUBSCRIBERS)
      .where({ region, name })
      .first();
    return row ? this.record(row) : undefined;
  }

  async getSubscriber(
    region: string,
    subscriberId: string,
  ): Promise<SubscriberRecord | undefined> {
    const row = await (await this.db())<SubscriberRow>(SUBSCRIBERS)
      .where({ region, subscriber_id: subscriberId })
      .first();
    return row ? this.record(row) : undefined;
  }

  async createSubscriberNotification(
    region: string,
    subscriberId: string,
    notification: SubscriberNotificationSpec,
  ): Promise<string | undefined> {
    const endpoint =
      notification.type === 'SQS'
        ? `arn:aws:sqs:${region}:${this.options.catalogId}:AmazonSecurityLake-${subscriberId}-Main-Queue`
        : notification.endpoint;
    await (await this.db())(SUBSCRIBERS)
      .where({ region, subscriber_id: subscriberId })
      .update({ endpoint });
    return endpoint;
  }

  async deleteSubscriber(region: string, subscriberId: string): Promise<void> {
    await (await this.db())(SUBSCRIBERS)
      .where({ region, subscriber_id: subscriberId })
      .delete();
  }

  async putDataCellsFilter(
    region: string,
    filter: DataCellsFilterSpec,
  ): Promise<void> {
    await (
      await this.db()
    )(FILTERS)
      .insert({
        region,
        name: filter.name,
        database_name: filter.database,
        table_name: filter.table,
        row_filter: filter.rowFilter,
      })
      .onConflict(['region', 'name'])
      .merge(['row_filter', 'database_name', 'table_name']);
  }

  async deleteDataCellsFilter(
    region: string,
    filter: DataCellsFilterSpec,
  ): Promise<void> {
    await (await this.db())(FILTERS)
      .where({ region, name: filter.name })
      .delete();
  }

  async grantFilterSelect(
    region: string,
    principal: string,
    filters: DataCellsFilterSpec[],
  ): Promise<void> {
    const db = await this.db();
    for (const filter of filters) {
      await db(GRANTS)
        .insert({ region, principal, filter_name: filter.name })
        .onConflict(['region', 'principal', 'filter_name'])
        .ignore();
    }
  }

  async revokeFilterSelect(
    region: string,
    principal: string,
    filters: DataCellsFilterSpec[],
  ): Promise<void> {
    await (
      await this.db()
    )(GRANTS)
      .where({ region, principal })
      .whereIn(
        'filter_name',
        filters.map(f => f.name),
      )
      .delete();
  }
}
