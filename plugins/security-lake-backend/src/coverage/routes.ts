import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  CoverageFilter,
  CoverageHealth,
  securityLakeCoverageRefreshPermission,
} from '@internal/plugin-security-lake-common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { audited } from '../http/audit';
import { authorizeBasic } from '../http/authorize';
import { formulaSafeStringifier } from '../http/csv';
import { SecurityLakeRouter } from '../http/SecurityLakeRouter';
import { COVERAGE_REFRESH_TASK } from './CoverageRefresher';
import { CoverageService } from './CoverageService';
import { CoverageStore } from './CoverageStore';

const CSV_COLUMNS = [
  'account_id',
  'account',
  'owners',
  'region',
  'source',
  'version',
  'health',
  'status',
  'last_event_at',
  'events_in_window',
  'exceptions',
];

/** Query arrays arrive as `a,b` or repeated; the spec has checked every item already. */
function list<T extends string>(value: unknown): T[] | undefined {
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap(v =>
    String(v).split(','),
  );
  return items.filter(Boolean) as T[];
}

function filterOf(query: Record<string, unknown>): CoverageFilter {
  return {
    health: list<CoverageHealth>(query.health),
    source: list<string>(query.source),
    region: query.region as string | undefined,
    q: query.q as string | undefined,
    entityRef: query.entityRef as string | undefined,
  };
}

/** The coverage capability's endpoints. @internal */
export function addCoverageRoutes(
  router: SecurityLakeRouter,
  options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    auditor: AuditorService;
    scheduler: SchedulerService;
    coverage: CoverageService;
    store: CoverageStore;
  },
) {
  const { httpAuth, coverage } = options;

  router.get('/coverage', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await coverage.list(credentials, filterOf(req.query), {
        cursor: req.query.cursor,
        limit: req.query.limit,
      }),
    );
  });

  router.get('/coverage.csv', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const rows = await coverage.export(credentials, filterOf(req.query));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="security-lake-coverage-${new Date()
        .toISOString()
        .slice(0, 10)}.csv"`,
    );
    await pipeline(
      Readable.from(rows),
      // account titles, custom source names and exception texts come from others: none may be a formula
      formulaSafeStringifier({ header: true, columns: CSV_COLUMNS }),
      res,
    );
  });

  router.get('/coverage/accounts/:accountId', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await coverage.getAccount(credentials, req.params.accountId));
  });

  router.post('/coverage/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizeBasic(
      options.permissions,
      credentials,
      securityLakeCoverageRefreshPermission,
    );
    const state = await audited(
      options.auditor,
      { eventId: 'coverage-refresh', request: req },
      async () => {
        const requestedAt = new Date();
        await options.store.recordRequest(requestedAt);
        await options.scheduler.triggerTask(COVERAGE_REFRESH_TASK);
        const { volumeEndDay, ...refresh } =
          await options.store.getRefreshState();
        return {
          result: refresh,
          meta: { requestedAt: requestedAt.toISOString() },
        };
      },
    );
    res.status(202).json(state);
  });
}
