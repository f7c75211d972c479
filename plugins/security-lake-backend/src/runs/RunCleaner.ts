import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { QueryEngine } from '@internal/plugin-security-lake-node';
import { RunStore } from './RunStore';

/** @internal */
export const RUN_CLEANUP_TASK = 'security-lake-query-runs-cleanup';

const DAY_MS = 86_400_000;

/**
 * Forgets runs older than `securityLake.queries.keepRunsDays` (30 by default), and the result files an
 * in-process engine keeps for them, so neither the database nor the results folder grows forever. Athena's
 * result objects are the output bucket's lifecycle rules' to expire.
 *
 * @internal
 */
export class RunCleaner {
  constructor(
    private readonly options: {
      store: RunStore;
      engine: QueryEngine;
      logger: LoggerService;
      keepRunsDays: number;
    },
  ) {}

  async clean(now = new Date()): Promise<number> {
    const { store, engine, logger, keepRunsDays } = this.options;
    const { deleted, orphanedExecutionIds } = await store.deleteEndedBefore(
      new Date(now.getTime() - keepRunsDays * DAY_MS),
    );
    if (engine.mode === 'in-process') {
      for (const executionId of orphanedExecutionIds) {
        await engine.deleteResult(executionId);
      }
    }
    if (deleted > 0) {
      logger.info(
        `Query runs: forgot ${deleted} runs older than ${keepRunsDays} days`,
      );
    }
    return deleted;
  }

  /** On the scheduler, once across replicas, when `schedule` says (`securityLake.schedules.queryRunsCleanup`). */
  async schedule(
    scheduler: SchedulerService,
    schedule: SchedulerServiceTaskScheduleDefinition,
  ) {
    await scheduler.scheduleTask({
      id: RUN_CLEANUP_TASK,
      scope: 'global',
      ...schedule,
      fn: async () => {
        await this.clean();
      },
    });
  }
}
