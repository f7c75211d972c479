import {
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { ControlPlane } from '@internal/plugin-security-lake-node';
import { LogSourceStore } from './LogSourceStore';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 3 },
};

/**
 * Reads the configured log sources from the control plane into the database on a schedule, once across
 * all replicas, so that no request waits on AWS.
 *
 * @internal
 */
export class LogSourceRefresher {
  constructor(
    private readonly options: {
      controlPlane: ControlPlane;
      store: LogSourceStore;
      logger: LoggerService;
    },
  ) {}

  async refresh(): Promise<number> {
    const records = await this.options.controlPlane.listLogSources();
    await this.options.store.replaceAll(records, new Date());
    this.options.logger.info(
      `Read ${records.length} configured log sources from the ${this.options.controlPlane.kind} control plane`,
    );
    return records.length;
  }

  async schedule(scheduler: SchedulerService, config: RootConfigService) {
    const key = 'securityLake.schedules.logSources';
    const schedule = config.has(key)
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig(key),
        )
      : DEFAULT_SCHEDULE;
    await scheduler.scheduleTask({
      id: 'security-lake-log-source-refresh',
      scope: 'global',
      ...schedule,
      fn: async () => {
        await this.refresh();
      },
    });
  }
}
