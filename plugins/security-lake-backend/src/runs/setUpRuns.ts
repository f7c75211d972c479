import {
  LifecycleService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { QueryEngine } from '@internal/plugin-security-lake-node';
import { Knex } from 'knex';
import { AccountScope } from '../scope/AccountScope';
import { BrokerSettings, RunBroker } from './RunBroker';
import { RunCleaner } from './RunCleaner';
import { RunService, RunSettings } from './RunService';
import { RunStore } from './RunStore';

/**
 * The run lifecycle: the runs in the database, this replica's broker loop (stopped, its leases handed back,
 * at shutdown), the clean-up of old runs on the scheduler, and the service callers reach runs through.
 *
 * @internal
 */
export async function setUpRuns(deps: {
  db: Knex;
  engine: QueryEngine;
  scope: AccountScope;
  userInfo: UserInfoService;
  logger: LoggerService;
  lifecycle: LifecycleService;
  scheduler: SchedulerService;
  settings: {
    broker: Partial<BrokerSettings>;
    runs: RunSettings;
    keepRunsDays: number;
    cleanupSchedule: SchedulerServiceTaskScheduleDefinition;
  };
}): Promise<RunService> {
  const { engine, logger, settings } = deps;
  const store = new RunStore(deps.db);
  const broker = new RunBroker({
    engine,
    store,
    logger,
    settings: settings.broker,
  });
  broker.start();
  deps.lifecycle.addShutdownHook(() => broker.stop());
  await new RunCleaner({
    store,
    engine,
    logger,
    keepRunsDays: settings.keepRunsDays,
  }).schedule(deps.scheduler, settings.cleanupSchedule);
  return new RunService({
    scope: deps.scope,
    store,
    broker,
    userInfo: deps.userInfo,
    settings: settings.runs,
  });
}
