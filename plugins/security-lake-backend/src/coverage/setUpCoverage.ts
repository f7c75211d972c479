import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ControlPlane, QueryEngine } from '@internal/plugin-security-lake-node';
import { AccountScope } from '../scope/AccountScope';
import { CoverageRefresher } from './CoverageRefresher';
import { CoverageService } from './CoverageService';
import { CoverageStore } from './CoverageStore';
import { CoverageSettings } from './settings';

/**
 * The coverage capability: the refresh that writes the lake inventory on the scheduler (once across
 * replicas), and the service that answers from it.
 *
 * @internal
 */
export async function setUpCoverage(deps: {
  store: CoverageStore;
  controlPlane: ControlPlane;
  engine: QueryEngine;
  scope: AccountScope;
  logger: LoggerService;
  scheduler: SchedulerService;
  settings: CoverageSettings;
}): Promise<CoverageService> {
  await new CoverageRefresher({
    controlPlane: deps.controlPlane,
    engine: deps.engine,
    store: deps.store,
    logger: deps.logger,
    settings: deps.settings,
  }).schedule(deps.scheduler);
  return new CoverageService({ scope: deps.scope, store: deps.store });
}
