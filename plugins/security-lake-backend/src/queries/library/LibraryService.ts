import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  QueryRun,
  QueryRunRequest,
  LibraryQuery,
  LibraryQueryDetail,
  LibraryQuerySummary,
  securityLakeQueryRunPermission,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import { renderLibraryQuery } from '@internal/plugin-security-lake-node';
import { LakeInventory, StoredCell } from '../../inventory/LakeInventory';
import { RunService } from '../../runs/RunService';
import { AccountScope } from '../../scope/AccountScope';
import { checkParameterValue } from '../parameters';
import { RunRequestChecks } from '../RunRequestChecks';
import { QueryLibrary } from './QueryLibrary';

const STANDARD_PARAMETERS = new Set(['region', 'start', 'end']);

function summary(query: LibraryQuery): LibraryQuerySummary {
  const { sql, ...rest } = query;
  return rest;
}

/** Version 2 unless the accounts only have version 1 tables there; one version per run. */
function chooseVersion(
  query: LibraryQuery,
  accountIds: string[],
  region: string,
  cells: StoredCell[],
): SecurityLakeSourceVersion {
  const versions = new Map<string, Set<string>>();
  for (const cell of cells) {
    if (cell.region !== region) continue;
    const set = versions.get(cell.accountId) ?? new Set();
    set.add(cell.version);
    versions.set(cell.accountId, set);
  }
  const onlyV1 = accountIds.filter(
    id => versions.get(id)?.has('1.0') && !versions.get(id)?.has('2.0'),
  );
  if (onlyV1.length === 0) {
    if (!query.sql['2.0']) {
      throw new InputError(
        `queryId: ${query.id} reads source version 1 tables only`,
      );
    }
    return '2.0';
  }
  if (onlyV1.length < accountIds.length) {
    throw new InputError(
      `accountIds: ${onlyV1.join(', ')} still send ${
        query.sources[0]
      } as source version 1 in ${region} and the others version 2; run them separately`,
    );
  }
  if (!query.sql['1.0']) {
    throw new InputError(
      `accountIds: ${onlyV1.join(', ')} send ${
        query.sources[0]
      } as source version 1 in ${region}, which ${query.id} does not read`,
    );
  }
  return '1.0';
}

/**
 * The curated library as callers see it: the queries, where the caller's accounts collect each one's
 * source, and a library query's run, its values checked and bound, for accounts the caller may query.
 *
 * @internal
 */
export class LibraryService {
  constructor(
    private readonly options: {
      library: QueryLibrary;
      scope: AccountScope;
      inventory: LakeInventory;
      checks: RunRequestChecks;
      runs: RunService;
    },
  ) {}

  listQueries(filter: {
    q?: string;
    source?: string;
    tag?: string;
  }): LibraryQuerySummary[] {
    const q = filter.q?.toLowerCase();
    return this.options.library
      .list()
      .filter(
        query =>
          (!q ||
            query.title.toLowerCase().includes(q) ||
            query.description.toLowerCase().includes(q) ||
            query.id.includes(q)) &&
          (!filter.source || query.sources.includes(filter.source as any)) &&
          (!filter.tag || query.tags.includes(filter.tag)),
      )
      .map(summary);
  }

  async getQuery(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    queryId: string,
  ): Promise<LibraryQueryDetail> {
    const query = this.options.library.get(queryId);
    if (!query) {
      throw new NotFoundError(`No library query ${queryId}`);
    }
    const accounts = await this.options.scope.resolve(
      credentials,
      securityLakeQueryRunPermission,
    );
    const cells = accounts.length
      ? await this.options.inventory.listCells({
          accountIds: accounts.map(a => a.accountId),
        })
      : [];
    return {
      query,
      limits: { ...this.options.checks.limits },
      availability: cells
        .filter(
          c =>
            c.sourceKey === query.sources[0] &&
            c.health !== 'absent' &&
            query.sql[c.version as SecurityLakeSourceVersion] !== undefined,
        )
        .map(c => ({
          accountId: c.accountId,
          region: c.region,
          version: c.version as SecurityLakeSourceVersion,
        }))
        .sort(
          (a, b) =>
            a.accountId.localeCompare(b.accountId) ||
            a.region.localeCompare(b.region),
        ),
    };
  }

  /**
   * Checks a library query's run request, then queues it (or answers it from an identical recent run).
   * Nothing is written unless every check passes.
   */
  async submit(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    request: QueryRunRequest & { queryId: string },
  ): Promise<QueryRun> {
    const { checks } = this.options;
    const query = this.options.library.get(request.queryId);
    if (!query) {
      throw new InputError(`queryId: no library query ${request.queryId}`);
    }
    const accountIds = await checks.accounts(credentials, request.accountIds);

    const parameters = request.parameters ?? {};
    const known = new Set(query.parameters.map(p => p.name));
    for (const name of Object.keys(parameters)) {
      if (!known.has(name) && !STANDARD_PARAMETERS.has(name)) {
        throw new InputError(
          `parameters.${name}: ${query.id} has no such parameter; it takes ${[
            ...STANDARD_PARAMETERS,
            ...known,
          ].join(', ')}`,
        );
      }
    }
    const values: Record<string, string | number> = {};
    for (const parameter of query.parameters) {
      const value = parameters[parameter.name] ?? parameter.default;
      if (value === undefined || value === '') {
        throw new InputError(`parameters.${parameter.name}: is required`);
      }
      values[parameter.name] = checkParameterValue(parameter, value);
    }

    const { start, end } = checks.window(
      { start: parameters.start, end: parameters.end },
      'parameters',
      query.defaultWindowHours,
    );

    const cells = (
      await this.options.inventory.listCells({ accountIds })
    ).filter(c => c.sourceKey === query.sources[0] && c.health !== 'absent');
    const region = checks.region(parameters.region, accountIds, cells);
    const version = chooseVersion(query, accountIds, region, cells);

    const rendered = renderLibraryQuery({
      query,
      version,
      region,
      accountIds,
      start,
      end,
      values,
    });
    return this.options.runs.enqueue(
      await this.options.runs.ownerOf(credentials),
      {
        queryId: query.id,
        title: query.title,
        rendered,
        parameters: {
          ...values,
          region,
          start: start.toISOString(),
          end: end.toISOString(),
        },
        accountIds,
        region,
        sourceVersion: version,
        entityRef: request.entityRef,
      },
    );
  }
}
