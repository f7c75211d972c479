import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ControlPlane, QueryEngine } from '@internal/plugin-security-lake-node';
import { computeCoverage } from './computeCoverage';
import { CoverageStore } from './CoverageStore';
import { CoverageSettings } from './settings';
import { VolumeReader } from './VolumeReader';

/** The scheduler task's id; `POST /coverage/refresh` triggers it. */
export const COVERAGE_REFRESH_TASK = 'security-lake-coverage-refresh';

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
        `Coverage: ${cells.length} cells of ${
          rollups.length
        } account sources from the ${controlPlane.kind} control plane in ${
          Date.now() - started
        } ms`,
      );
      return { cells: cells.length };
    } catch (error) {
      const message = (error as Error).message;
      logger.error(`Coverage refresh failed: ${message}`);
      await store.recordAttempt({ status: 'failed', at: now, error: message });
      throw error;
    }
  }

  async schedule(scheduler: SchedulerService) {
    await scheduler.scheduleTask({
      id: COVERAGE_REFRESH_TASK,
      scope: 'global',
      ...this.options.settings.schedule,
      fn: async () => {
        await this.refresh();
      },
    });
  }
}
