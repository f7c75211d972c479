import {
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  SqlGrammar,
  trinoSqlGrammar,
} from '@internal/plugin-security-lake-node';
import { Knex } from 'knex';
import { LakeInventory } from '../inventory/LakeInventory';
import { RunService } from '../runs/RunService';
import { AccountScope } from '../scope/AccountScope';
import { AdhocService } from './adhoc/AdhocService';
import { AdhocSql } from './adhoc/scopeAdhocSql';
import { LibraryService } from './library/LibraryService';
import { QueryLibrary } from './library/QueryLibrary';
import { QueryRuns } from './QueryRuns';
import { QueryLimits, RunRequestChecks } from './RunRequestChecks';
import { TeamQueryService } from './team/TeamQueryService';
import { TeamQueryStore } from './team/TeamQueryStore';

/**
 * The queries capability: the curated library, ad-hoc SQL (checked with Trino's grammar and the engine's
 * own), the checks both kinds of run pass, the door `POST /runs` goes through, and the teams' queries.
 *
 * @internal
 */
export function setUpQueries(deps: {
  db: Knex;
  /** The built-in queries and those modules added. */
  library: QueryLibrary;
  scope: AccountScope;
  inventory: LakeInventory;
  runs: RunService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  /** The engine's own grammar, when it is not Trino's. */
  engineGrammar?: SqlGrammar;
  limits: QueryLimits;
}) {
  const { scope, inventory, runs, permissions } = deps;
  const adhocSql = new AdhocSql(trinoSqlGrammar, deps.engineGrammar);
  const checks = new RunRequestChecks({ scope, limits: deps.limits });
  const library = new LibraryService({
    library: deps.library,
    scope,
    inventory,
    checks,
    runs,
  });
  const adhoc = new AdhocService({
    permissions,
    adhoc: adhocSql,
    inventory,
    checks,
    runs,
  });
  return {
    library,
    adhoc,
    submitter: new QueryRuns({ library, adhoc }),
    teamQueries: new TeamQueryService({
      store: new TeamQueryStore(deps.db),
      library: deps.library,
      scope,
      userInfo: deps.userInfo,
      permissions,
      adhoc: adhocSql,
    }),
  };
}
