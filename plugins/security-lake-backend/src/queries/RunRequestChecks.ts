import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  isAwsRegion,
  securityLakeQueryRunPermission,
} from '@internal/plugin-security-lake-common';
import { StoredCell } from '../inventory/LakeInventory';
import { AccountScope } from '../scope/AccountScope';

const HOUR_MS = 3_600_000;

/** The bounds `securityLake.queries.*` puts on every run a caller asks for. @internal */
export interface QueryLimits {
  /** The longest time window a run may cover. */
  maxWindowDays: number;
  /** Most accounts in one run. */
  maxAccountsPerRun: number;
}

/** @internal */
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxWindowDays: 31,
  maxAccountsPerRun: 50,
};

function ceilToMinute(ms: number): number {
  return Math.ceil(ms / 60_000) * 60_000;
}

/** `field` is the request's name for it, e.g. `parameters.start` or `window.end`. */
function parseTime(field: string, value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (
    !date ||
    Number.isNaN(date.getTime()) ||
    !/^\d{4}-\d{2}-\d{2}T/.test(String(value))
  ) {
    throw new InputError(
      `${field}: must be an ISO 8601 timestamp such as 2026-11-23T08:00:00Z`,
    );
  }
  return date;
}

/**
 * What a library run and an ad-hoc run are both checked for before anything is queued: the accounts (the
 * caller's to query, within the limit), the window (within the limit), and the region.
 *
 * @internal
 */
export class RunRequestChecks {
  readonly limits: QueryLimits;

  constructor(
    private readonly options: {
      scope: AccountScope;
      limits?: Partial<QueryLimits>;
    },
  ) {
    this.limits = { ...DEFAULT_QUERY_LIMITS, ...options.limits };
  }

  /** The run's accounts, once each, within the run limit and every one the caller's to query (403 otherwise). */
  async accounts(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    requested: string[],
  ): Promise<string[]> {
    const accountIds = [...new Set(requested)];
    if (accountIds.length === 0) {
      throw new InputError('accountIds: name at least one account');
    }
    if (accountIds.length > this.limits.maxAccountsPerRun) {
      throw new InputError(
        `accountIds: at most ${this.limits.maxAccountsPerRun} accounts in one run`,
      );
    }
    const allowed = new Set(
      (
        await this.options.scope.resolve(
          credentials,
          securityLakeQueryRunPermission,
        )
      ).map(a => a.accountId),
    );
    const refused = accountIds.filter(id => !allowed.has(id));
    if (refused.length > 0) {
      throw new NotAllowedError(
        `accountIds: you may not query account${
          refused.length > 1 ? 's' : ''
        } ${refused.join(', ')}`,
      );
    }
    return accountIds;
  }

  /** The run's window: `end` defaults to now (to the minute), `start` to `defaultHours` before it. */
  window(
    window: { start?: unknown; end?: unknown },
    prefix: string,
    defaultHours: number,
  ): { start: Date; end: Date } {
    const end =
      window.end !== undefined
        ? parseTime(`${prefix}.end`, window.end)
        : new Date(ceilToMinute(Date.now()));
    const start =
      window.start !== undefined
        ? parseTime(`${prefix}.start`, window.start)
        : new Date(end.getTime() - defaultHours * HOUR_MS);
    if (start >= end) {
      throw new InputError(`${prefix}.start: must be before ${prefix}.end`);
    }
    if (
      end.getTime() - start.getTime() >
      this.limits.maxWindowDays * 24 * HOUR_MS
    ) {
      throw new InputError(
        `${prefix}.start: the window may cover at most ${this.limits.maxWindowDays} days`,
      );
    }
    return { start, end };
  }

  /** The requested region, or the one where most of the accounts collect what `cells` are of. */
  region(
    requested: unknown,
    accountIds: string[],
    cells: StoredCell[],
  ): string {
    if (requested !== undefined) {
      if (typeof requested !== 'string' || !isAwsRegion(requested)) {
        throw new InputError(
          'parameters.region: must be an AWS region such as us-east-1',
        );
      }
      return requested;
    }
    // the region where most of the accounts collect the source, so a run without one reads data
    const counts = new Map<string, number>();
    for (const cell of cells) {
      if (accountIds.includes(cell.accountId)) {
        counts.set(cell.region, (counts.get(cell.region) ?? 0) + 1);
      }
    }
    const best = [...counts.entries()].sort(
      (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
    )[0];
    if (!best) {
      throw new InputError(
        'parameters.region: none of the accounts collects this source anywhere the portal knows of; name a region',
      );
    }
    return best[0];
  }
}
