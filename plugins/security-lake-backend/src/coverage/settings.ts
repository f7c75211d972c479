import {
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import { readDurationFromConfig } from '@backstage/config';

const SCHEDULE_KEY = 'securityLake.schedules.coverage';
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 3 },
};
const DEFAULT_STALE_AFTER_MS = 24 * 3_600_000;
const DEFAULT_VOLUME_DAYS = 14;

/**
 * How coverage is judged, from `securityLake.coverage`.
 *
 * @internal
 */
export interface CoverageSettings {
  volumeDays: number;
  staleAfterMs: (sourceKey: string) => number;
  queryConcurrency: number;
  /** When the refresh runs (`securityLake.schedules.coverage`). */
  schedule: SchedulerServiceTaskScheduleDefinition;
}

/** The coverage capability's settings, read once. @internal */
export function readCoverageSettings(
  config: RootConfigService,
): CoverageSettings {
  const coverage = config.getOptionalConfig('securityLake.coverage');
  const staleAfter = coverage?.getOptionalConfig('staleAfter');
  const defaultMs = staleAfter?.has('default')
    ? durationToMilliseconds(
        readDurationFromConfig(staleAfter.getConfig('default')),
      )
    : DEFAULT_STALE_AFTER_MS;
  const perSource = new Map<string, number>();
  for (const key of staleAfter?.keys() ?? []) {
    if (key !== 'default') {
      perSource.set(
        key,
        durationToMilliseconds(
          readDurationFromConfig(staleAfter!.getConfig(key)),
        ),
      );
    }
  }
  const volumeDays =
    coverage?.getOptionalNumber('volumeDays') ?? DEFAULT_VOLUME_DAYS;
  if (!Number.isInteger(volumeDays) || volumeDays < 1 || volumeDays > 90) {
    throw new Error(
      `securityLake.coverage.volumeDays must be a whole number from 1 to 90, not ${volumeDays}`,
    );
  }
  return {
    volumeDays,
    staleAfterMs: sourceKey => perSource.get(sourceKey) ?? defaultMs,
    queryConcurrency: coverage?.getOptionalNumber('queryConcurrency') ?? 4,
    schedule: config.has(SCHEDULE_KEY)
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig(SCHEDULE_KEY),
        )
      : DEFAULT_SCHEDULE,
  };
}
