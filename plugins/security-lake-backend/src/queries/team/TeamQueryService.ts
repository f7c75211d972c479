import {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  hasHiddenCharacters,
  isAwsRegion,
  QueryRunParameters,
  securityLakeQueryManagePermission,
  securityLakeQueryRunAdhocPermission,
  securityLakeQueryRunPermission,
  TeamQuery,
  TeamQueryInput,
  TeamQueryList,
  teamRefsOf,
} from '@internal/plugin-security-lake-common';
import { randomUUID } from 'node:crypto';
import { AccountScope } from '../../scope/AccountScope';
import { authorizeBasic } from '../../http/authorize';
import { AdhocSql, describe } from '../adhoc/scopeAdhocSql';
import { checkParameterValue } from '../parameters';
import { QueryLibrary } from '../library/QueryLibrary';
import { TeamQueryStore } from './TeamQueryStore';

/** Who is asking, and which teams' queries they may see: their own groups', or every team's. */
interface Caller {
  userEntityRef: string;
  groups: string[];
  seesAll: boolean;
}

/**
 * Queries teams keep: a library query with its values, or an ad-hoc statement, under a name. The owning
 * team sees and manages them (`security-lake.query.manage`, narrowed here to the caller's own groups);
 * platform owners, who may query every account, see every team's. Anyone else's query is not found.
 *
 * @internal
 */
export class TeamQueryService {
  constructor(
    private readonly options: {
      store: TeamQueryStore;
      library: QueryLibrary;
      scope: AccountScope;
      userInfo: UserInfoService;
      permissions: PermissionsService;
      adhoc: AdhocSql;
    },
  ) {}

  async list(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<TeamQueryList> {
    const caller = await this.caller(credentials);
    return {
      items: await this.options.store.list(
        caller.seesAll ? undefined : caller.groups,
      ),
    };
  }

  async get(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    id: string,
  ): Promise<TeamQuery> {
    return this.visible(await this.caller(credentials), id);
  }

  async create(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    input: TeamQueryInput,
  ): Promise<TeamQuery> {
    await this.mayManage(credentials);
    const caller = await this.caller(credentials);
    const now = new Date().toISOString();
    const query: TeamQuery = {
      id: randomUUID(),
      ...(await this.checked(credentials, caller, input)),
      createdBy: caller.userEntityRef,
      createdAt: now,
      updatedBy: caller.userEntityRef,
      updatedAt: now,
    };
    await this.options.store.insert(query);
    return query;
  }

  async update(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    id: string,
    input: TeamQueryInput,
  ): Promise<TeamQuery> {
    await this.mayManage(credentials);
    const caller = await this.caller(credentials);
    const before = await this.visible(caller, id);
    const query: TeamQuery = {
      id,
      ...(await this.checked(credentials, caller, {
        ownerRef: before.ownerRef,
        ...input,
      })),
      createdBy: before.createdBy,
      createdAt: before.createdAt,
      updatedBy: caller.userEntityRef,
      updatedAt: new Date().toISOString(),
    };
    if (!(await this.options.store.replace(query))) {
      throw new NotFoundError(`No saved query ${id}`);
    }
    return query;
  }

  async delete(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    id: string,
  ): Promise<TeamQuery> {
    await this.mayManage(credentials);
    const query = await this.visible(await this.caller(credentials), id);
    if (!(await this.options.store.delete(id))) {
      throw new NotFoundError(`No saved query ${id}`);
    }
    return query;
  }

  private mayManage(credentials: BackstageCredentials) {
    return authorizeBasic(
      this.options.permissions,
      credentials,
      securityLakeQueryManagePermission,
    );
  }

  private async caller(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<Caller> {
    const [info, visibility] = await Promise.all([
      this.options.userInfo.getUserInfo(credentials),
      this.options.scope.visibility(
        credentials,
        securityLakeQueryRunPermission,
      ),
    ]);
    return {
      userEntityRef: info.userEntityRef,
      groups: teamRefsOf(info.ownershipEntityRefs).sort(),
      seesAll: visibility.all,
    };
  }

  private async visible(caller: Caller, id: string): Promise<TeamQuery> {
    const query = await this.options.store.get(id);
    if (
      !query ||
      (!caller.seesAll && !caller.groups.includes(query.ownerRef))
    ) {
      throw new NotFoundError(`No saved query ${id}`);
    }
    return query;
  }

  /** The input's fields, each checked; the message names the first field that is wrong. */
  private async checked(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    caller: Caller,
    input: TeamQueryInput,
  ): Promise<
    Pick<
      TeamQuery,
      'name' | 'description' | 'ownerRef' | 'queryId' | 'parameters' | 'sql'
    >
  > {
    const name = input.name.trim();
    if (!name) {
      throw new InputError('name: give the query a name');
    }
    if (hasHiddenCharacters(name)) {
      throw new InputError('name: contains control or invisible characters');
    }
    const ownerRef = input.ownerRef ?? caller.groups[0];
    if (!ownerRef) {
      throw new InputError(
        'ownerRef: you belong to no team to save the query for',
      );
    }
    if (!caller.groups.includes(ownerRef)) {
      throw new InputError(
        `ownerRef: you may save queries for your own teams only (${
          caller.groups.join(', ') || 'none'
        })`,
      );
    }
    const description = input.description?.trim() || undefined;
    if ((input.queryId === undefined) === (input.sql === undefined)) {
      throw new InputError(
        'sql: save either a library query (queryId) or an ad-hoc statement (sql)',
      );
    }
    const parameters = input.parameters ?? {};
    if (parameters.region !== undefined) {
      if (
        typeof parameters.region !== 'string' ||
        !isAwsRegion(parameters.region)
      ) {
        throw new InputError(
          'parameters.region: must be an AWS region such as us-east-1',
        );
      }
    }

    if (input.sql !== undefined) {
      await authorizeBasic(
        this.options.permissions,
        credentials,
        securityLakeQueryRunAdhocPermission,
      );
      const other = Object.keys(parameters).find(k => k !== 'region');
      if (other) {
        throw new InputError(
          `parameters.${other}: an ad-hoc statement keeps only parameters.region; write values in the SQL`,
        );
      }
      const { problems } = await this.options.adhoc.check(
        input.sql,
        parameters.region as string | undefined,
      );
      if (problems.length > 0) {
        throw new InputError(`sql: ${problems.map(describe).join('; ')}`);
      }
      return {
        name,
        description,
        ownerRef,
        sql: input.sql,
        ...(parameters.region ? { parameters } : {}),
      };
    }

    const query = this.options.library.get(input.queryId!);
    if (!query) {
      throw new InputError(`queryId: no library query ${input.queryId}`);
    }
    const values: QueryRunParameters = {};
    for (const [key, value] of Object.entries(parameters)) {
      if (key === 'region') {
        values.region = value;
        continue;
      }
      const parameter = query.parameters.find(p => p.name === key);
      if (!parameter) {
        throw new InputError(
          `parameters.${key}: ${
            query.id
          } has no such parameter; it takes region${query.parameters
            .map(p => `, ${p.name}`)
            .join('')}`,
        );
      }
      values[key] = checkParameterValue(parameter, value);
    }
    return {
      name,
      description,
      ownerRef,
      queryId: query.id,
      parameters: values,
    };
  }
}
