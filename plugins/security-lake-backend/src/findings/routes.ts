import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { FindingsFilter } from '@internal/plugin-security-lake-common';
import { SecurityLakeRouter } from '../http/SecurityLakeRouter';
import { auditedSubmit } from '../runs/auditedSubmit';
import { RunSubmitter } from '../runs/RunService';
import { FindingsService } from './FindingsService';

/** The findings endpoints. @internal */
export function addFindingsRoutes(
  router: SecurityLakeRouter,
  options: {
    httpAuth: HttpAuthService;
    auditor: AuditorService;
    findings: FindingsService;
    /** Starts the context runs: library query runs, checked like any. */
    runs: RunSubmitter;
  },
) {
  const { httpAuth, auditor, findings, runs } = options;

  const filterOf = (query: {
    accountId?: string;
    entityRef?: string;
    windowDays?: number;
  }): FindingsFilter => ({
    accountId: query.accountId,
    entityRef: query.entityRef,
    windowDays: query.windowDays,
  });

  router.get('/findings/summary', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await findings.summary(credentials, filterOf(req.query), {
        waitSeconds: req.query.waitSeconds,
      }),
    );
  });

  router.get('/findings', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { query } = req;
    res.json(
      await findings.list(
        credentials,
        {
          ...filterOf(query),
          severity: query.severity,
          status: query.status,
          findingType: query.findingType,
          product: query.product,
          resourceType: query.resourceType,
          region: query.region,
        },
        {
          cursor: query.cursor,
          limit: query.limit,
          waitSeconds: query.waitSeconds,
        },
      ),
    );
  });

  router.get('/findings/trend', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await findings.trend(credentials, filterOf(req.query), {
        waitSeconds: req.query.waitSeconds,
      }),
    );
  });

  router.get('/findings/:findingId', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await findings.get(credentials, req.params.findingId, {
        waitSeconds: req.query.waitSeconds,
      }),
    );
  });

  router.post('/findings/:findingId/context-runs', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const result = await findings.startContextRuns(
      credentials,
      req.params.findingId,
      req.body ?? {},
      // each run is audited as any run is
      request =>
        auditedSubmit(auditor, runs, credentials, request, {
          request: req,
          meta: { findingId: req.params.findingId },
        }),
    );
    res.status(202).json(result);
  });
}
