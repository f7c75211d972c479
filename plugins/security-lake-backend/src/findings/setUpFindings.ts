import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { QueryEngine } from '@internal/plugin-security-lake-node';
import { Knex } from 'knex';
import { LakeInventory } from '../inventory/LakeInventory';
import { RunService } from '../runs/RunService';
import { AccountScope } from '../scope/AccountScope';
import { FindingsRefresher } from './FindingsRefresher';
import { FindingsService } from './FindingsService';
import { FindingsStore } from './FindingsStore';
import { FindingsSettings } from './settings';

/**
 * The findings capability: the database copy, the refresh that reads the lake into it (a task on this
 * replica's scheduler), and the service that answers from the copy.
 *
 * @internal
 */
export async function setUpFindings(deps: {
  db: Knex;
  engine: QueryEngine;
  scope: AccountScope;
  inventory: LakeInventory;
  runs: RunService;
  logger: LoggerService;
  scheduler: SchedulerService;
  settings: FindingsSettings;
}): Promise<FindingsService> {
  const { runs, settings } = deps;
  const store = new FindingsStore(deps.db);
  const refresher = new FindingsRefresher({
    store,
    runs,
    engine: deps.engine,
    logger: deps.logger,
    settings,
  });
  await refresher.schedule(deps.scheduler);
  return new FindingsService({
    scope: deps.scope,
    store,
    runs,
    refresher,
    inventory: deps.inventory,
    settings,
  });
}
