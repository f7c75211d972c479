import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { QueryEngine } from '@internal/plugin-security-lake-node';
import { BrokerSettings, DEFAULT_BROKER_SETTINGS } from '../runs/RunBroker';
import { DEFAULT_RUN_SETTINGS, RunSettings } from '../runs/RunService';
import { DEFAULT_QUERY_LIMITS, QueryLimits } from './RunRequestChecks';

const CLEANUP_SCHEDULE_KEY = 'securityLake.schedules.queryRunsCleanup';
const DEFAULT_CLEANUP_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 6 },
  timeout: { minutes: 10 },
  initialDelay: { minutes: 5 },
};

/** Runs at once on an engine in this process; DuckDB shares the backend's cores. */
const IN_PROCESS_MAX_CONCURRENT = 2;

/**
 * The queries capability's settings, read once: `securityLake.queries.*` (how many runs at once, how long a
 * window, how long results are reused, how long runs are kept) and when old runs are forgotten
 * (`securityLake.schedules.queryRunsCleanup`).
 *
 * @internal
 */
export function readQuerySettings(
  config: Config,
  engine: QueryEngine,
): {
  broker: Partial<BrokerSettings>;
  runs: RunSettings;
  limits: QueryLimits;
  keepRunsDays: number;
  cleanupSchedule: SchedulerServiceTaskScheduleDefinition;
} {
  const queries = config.getOptionalConfig('securityLake.queries');
  const positive = (key: string, fallback: number) => {
    const value = queries?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(
        `securityLake.queries.${key} must be a number of at least 0, not ${value}`,
      );
    }
    return value;
  };
  const maxConcurrent = positive(
    'maxConcurrent',
    engine.mode === 'in-process'
      ? IN_PROCESS_MAX_CONCURRENT
      : DEFAULT_BROKER_SETTINGS.maxConcurrent,
  );
  if (maxConcurrent < 1) {
    throw new Error('securityLake.queries.maxConcurrent must be at least 1');
  }
  const keepRunsDays = positive('keepRunsDays', 30);
  if (keepRunsDays < 1) {
    throw new Error('securityLake.queries.keepRunsDays must be at least 1');
  }
  const broker = {
    maxConcurrent,
    leaseMs:
      positive('leaseSeconds', DEFAULT_BROKER_SETTINGS.leaseMs / 1000) * 1000,
    pollIntervalMs: positive(
      'pollIntervalMs',
      DEFAULT_BROKER_SETTINGS.pollIntervalMs,
    ),
  };
  const maxWindowDays = positive(
    'maxWindowDays',
    DEFAULT_QUERY_LIMITS.maxWindowDays,
  );
  const reuseResultsMinutes = positive(
    'reuseResultsMinutes',
    DEFAULT_RUN_SETTINGS.reuseResultsMinutes,
  );
  const maxAccountsPerRun = positive(
    'maxAccountsPerRun',
    DEFAULT_QUERY_LIMITS.maxAccountsPerRun,
  );
  return {
    keepRunsDays,
    broker,
    runs: { reuseResultsMinutes },
    limits: { maxWindowDays, maxAccountsPerRun },
    cleanupSchedule: config.has(CLEANUP_SCHEDULE_KEY)
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig(CLEANUP_SCHEDULE_KEY),
        )
      : DEFAULT_CLEANUP_SCHEDULE,
  };
}
