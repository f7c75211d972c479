import {
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import { readDurationFromConfig } from '@backstage/config';
import { ControlPlane, QueryEngine } from '@internal/plugin-security-lake-node';
import { computeCoverage } from './computeCoverage';
import { CoverageStore } from './CoverageStore';
import { VolumeReader } from './VolumeReader';

/** The scheduler task's id; `POST /coverage/refresh` triggers it. */
export const COVERAGE_REFRESH_TASK = 'security-lake-coverage-refresh';

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
}

/** @internal */
export function readCoverageSettings(config: RootConfigService): CoverageSettings {
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
        durationToMilliseconds(readDurationFromConfig(staleAfter!.getConfig(key))),
      );
    }
  }
  const volumeDays = coverage?.getOptionalNumber('volumeDays') ?? DEFAULT_VOLUME_DAYS;
  if (!Number.isInteger(volumeDays) || volumeDays < 1 || volumeDays > 90) {
    throw new Error(
      `securityLake.coverage.volumeDays must be a whole number from 1 to 90, not ${volumeDays}`,
    );
  }
  return {
    volumeDays,
    staleAfterMs: sourceKey => perSource.get(sourceKey) ?? defaultMs,
    queryConcurrency: coverage?.getOptionalNumber('queryConcurrency') ?? 4,
  };
}

/**
 * Reads coverage into the database on a schedule, once across all replicas, so that no request waits on
 * AWS: the control plane's configured sources, their statuses and the exceptions, and from the lake (one
 * bounded aggregate per table) when data last arrived and how much. A failed attempt is recorded with its
 * reason and leaves the last good snapshot in place.
 *
 * @internal
 */
export class CoverageRefresher {
  private readonly volume: VolumeReader;

  constructor(
    private readonly options: {
      controlPlane: ControlPlane;
      engine: QueryEngine;
      store: CoverageStore;
      logger: LoggerService;
      settings: CoverageSettings;
    },
  ) {
    this.volume = new VolumeReader({
      engine: options.engine,
      logger: options.logger,
      concurrency: options.settings.queryConcurrency,
    });
  }

  async refresh(now = new Date()): Promise<{ cells: number }> {
    const { controlPlane, store, logger, settings } = this.options;
    const started = Date.now();
    await store.recordAttempt({ status: 'running', at: now });
    try {
      const [logSources, statuses, exceptions] = await Promise.all([
        controlPlane.listLogSources(),
        controlPlane.listSourceStatuses(),
        controlPlane.listDataLakeExceptions(),
      ]);
      const volume = await this.volume.read(logSources, {
        end: now,
        days: settings.volumeDays,
      });
      const { cells, rollups } = computeCoverage({
        logSources,
        statuses,
        volume,
        exceptions,
        now,
        volumeDays: settings.volumeDays,
        staleAfterMs: settings.staleAfterMs,
      });
      await store.replaceSnapshot({
        cells,
        rollups,
        exceptions,
        refreshedAt: new Date(),
        volumeEndDay: now.toISOString().slice(0, 10),
      });
      logger.info(
        `Coverage: ${cells.length} cells of ${rollups.length} account sources from the ${
          controlPlane.kind
        } control plane in ${Date.now() - started} ms`,
      );
      return { cells: cells.length };
    } catch (error) {
      const message = (error as Error).message;
      logger.error(`Coverage refresh failed: ${message}`);
      await store.recordAttempt({ status: 'failed', at: now, error: message });
      throw error;
    }
  }

  async schedule(scheduler: SchedulerService, config: RootConfigService) {
    const key = 'securityLake.schedules.coverage';
    const schedule = config.has(key)
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(config.getConfig(key))
      : DEFAULT_SCHEDULE;
    await scheduler.scheduleTask({
      id: COVERAGE_REFRESH_TASK,
      scope: 'global',
      ...schedule,
      fn: async () => {
        await this.refresh();
      },
    });
  }
}
