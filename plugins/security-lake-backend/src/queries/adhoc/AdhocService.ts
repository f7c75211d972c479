import {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  adhocRunTitle,
  hasHiddenCharacters,
  isAwsRegion,
  NamedQueryList,
  parseSecurityLakeTableName,
  QueryRun,
  QueryRunRequest,
  QueryTableList,
  securityLakeDatabaseName,
  securityLakeQueryRunAdhocPermission,
  SqlCheckRequest,
  SqlCheckResult,
} from '@internal/plugin-security-lake-common';
import { authorizeBasic } from '../../http/authorize';
import { LakeInventory } from '../../inventory/LakeInventory';
import { RunService } from '../../runs/RunService';
import { RunRequestChecks } from '../RunRequestChecks';
import { AdhocSql } from './scopeAdhocSql';

const ADHOC_DEFAULT_WINDOW_HOURS = 24;

/**
 * Ad-hoc SQL for people allowed it (`security-lake.query.run-adhoc`): its check while typing, the tables
 * and named queries the editor offers, and its run, queued like any run once `AdhocSql` has scoped it.
 *
 * @internal
 */
export class AdhocService {
  constructor(
    private readonly options: {
      permissions: PermissionsService;
      adhoc: AdhocSql;
      inventory: LakeInventory;
      checks: RunRequestChecks;
      runs: RunService;
    },
  ) {}

  private mayRunAdhoc(credentials: BackstageCredentials) {
    return authorizeBasic(
      this.options.permissions,
      credentials,
      securityLakeQueryRunAdhocPermission,
    );
  }

  /**
   * Ad-hoc SQL: parsed, refused unless it reads only Security Lake tables of the run's region, and
   * rewritten so that each of them is read only within the window and the caller's accounts. Then queued
   * like any run.
   */
  async submit(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    request: QueryRunRequest & { sql: string },
  ): Promise<QueryRun> {
    const { checks } = this.options;
    await this.mayRunAdhoc(credentials);
    const accountIds = await checks.accounts(credentials, request.accountIds);
    const parameters = request.parameters ?? {};
    for (const name of Object.keys(parameters)) {
      if (name !== 'region') {
        throw new InputError(
          `parameters.${name}: ad-hoc SQL takes only parameters.region (and window.start, window.end); write other values in the SQL`,
        );
      }
    }
    const given = request.title?.trim();
    if (given && hasHiddenCharacters(given)) {
      throw new InputError('title: contains control or invisible characters');
    }
    const { start, end } = checks.window(
      request.window ?? {},
      'window',
      ADHOC_DEFAULT_WINDOW_HOURS,
    );
    const cells = (
      await this.options.inventory.listCells({ accountIds })
    ).filter(c => c.health !== 'absent');
    const region = checks.region(parameters.region, accountIds, cells);
    const scoped = await this.options.adhoc.scope({
      sql: request.sql,
      region,
      accountIds,
      start,
      end,
    });
    return this.options.runs.enqueue(
      await this.options.runs.ownerOf(credentials),
      {
        // untitled, a run is named by what it reads, so a list of runs tells them apart
        title: given || adhocRunTitle(scoped.tables),
        rendered: { sql: scoped.sql, values: scoped.values },
        parameters: {
          region,
          start: start.toISOString(),
          end: end.toISOString(),
        },
        accountIds,
        region,
        sourceVersion: scoped.sourceVersion,
        entityRef: request.entityRef,
      },
    );
  }

  /** What a run of this SQL would be refused for, with lines and columns; nothing is run or written. */
  async checkSql(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    request: SqlCheckRequest,
  ): Promise<SqlCheckResult> {
    await this.mayRunAdhoc(credentials);
    if (request.region !== undefined && !isAwsRegion(request.region)) {
      throw new InputError('region: must be an AWS region such as us-east-1');
    }
    const { problems, tables } = await this.options.adhoc.check(
      request.sql,
      request.region,
    );
    return { valid: problems.length === 0, problems, tables };
  }

  /** The Security Lake tables of a region, with their columns, as the engine has them. */
  async listTables(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    region: string,
  ): Promise<QueryTableList> {
    await this.mayRunAdhoc(credentials);
    if (!isAwsRegion(region)) {
      throw new InputError('region: must be an AWS region such as us-east-1');
    }
    const database = securityLakeDatabaseName(region);
    const tables =
      (await this.options.runs.engine.listTables?.(database)) ?? [];
    const items = tables.flatMap(table => {
      const identity = parseSecurityLakeTableName(table.name, database);
      return identity
        ? [
            {
              database,
              name: table.name.toLowerCase(),
              source: identity.source,
              version: identity.version,
              columns: table.columns,
            },
          ]
        : [];
    });
    items.sort(
      (a, b) =>
        a.source.localeCompare(b.source) || a.version.localeCompare(b.version),
    );
    return { region, items };
  }

  /** The engine's named queries, for people allowed ad-hoc SQL; running one is ad-hoc SQL. */
  async listNamedQueries(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<NamedQueryList> {
    await this.mayRunAdhoc(credentials);
    const items = (await this.options.runs.engine.listNamedQueries?.()) ?? [];
    return {
      items: [...items].sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
}
