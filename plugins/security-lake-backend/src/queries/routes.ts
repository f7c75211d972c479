import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import {
  queryRunCsvFileName,
  TeamQuery,
} from '@internal/plugin-security-lake-common';
import { audited } from '../http/audit';
import { formulaSafeResultCsv } from '../http/csv';
import { SecurityLakeRouter } from '../http/SecurityLakeRouter';
import { auditedSubmit } from '../runs/auditedSubmit';
import { RunService } from '../runs/RunService';
import { AdhocService } from './adhoc/AdhocService';
import { LibraryService } from './library/LibraryService';
import { QueryRuns } from './QueryRuns';
import { TeamQueryService } from './team/TeamQueryService';

/** The library, the runs, ad-hoc SQL and the team queries (`/saved-queries`). @internal */
export function addQueryRoutes(
  router: SecurityLakeRouter,
  options: {
    httpAuth: HttpAuthService;
    auditor: AuditorService;
    library: LibraryService;
    adhoc: AdhocService;
    submitter: QueryRuns;
    runs: RunService;
    teamQueries: TeamQueryService;
  },
) {
  const { httpAuth, library, adhoc, submitter, runs, teamQueries, auditor } =
    options;

  router.get('/queries', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json({
      items: library.listQueries({
        q: req.query.q,
        source: req.query.source,
        tag: req.query.tag,
      }),
    });
  });

  router.get('/queries/:queryId', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await library.getQuery(credentials, req.params.queryId));
  });

  router.post('/runs', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const run = await auditedSubmit(auditor, submitter, credentials, req.body, {
      request: req,
    });
    res.status(202).json(run);
  });

  router.get('/runs', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await runs.listRuns(credentials, {
        mine: req.query.mine,
        entityRef: req.query.entityRef,
        queryId: req.query.queryId,
        cursor: req.query.cursor,
        limit: req.query.limit,
      }),
    );
  });

  router.get('/runs/:runId', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await runs.getRun(credentials, req.params.runId, {
        waitSeconds: req.query.waitSeconds,
      }),
    );
  });

  router.get('/runs/:runId/results', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await runs.getResults(credentials, req.params.runId, {
        cursor: req.query.cursor,
        limit: req.query.limit,
      }),
    );
  });

  // reached by a plain link with the auth cookie (see the plugin's auth policy), so a browser streams it
  router.get('/runs/:runId/results.csv', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user'],
      allowLimitedAccess: true,
    });
    const { run, csv } = await runs.readCsv(credentials, req.params.runId);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${queryRunCsvFileName(run)}"`,
    );
    // A result runs to hundreds of megabytes. The root router's compression would gzip it at zlib's default
    // level, some 80 MB/s and the download's bottleneck; the fastest level is over twice as quick for about
    // a fifth more bytes. The root router leaves a response that is already encoded alone.
    res.vary('Accept-Encoding');
    // The engine's CSV is read and written again, a chunk of records at a time, so that no cell reaches a
    // spreadsheet as a formula (http/csv.ts). That costs more than the gzip (csv-stringify writes some
    // tens of MB/s), and is the price of the rule being the one every export is written with.
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      res.setHeader('Content-Encoding', 'gzip');
      await pipeline(
        csv,
        ...formulaSafeResultCsv(),
        createGzip({ level: 1 }),
        res,
      );
    } else {
      await pipeline(csv, ...formulaSafeResultCsv(), res);
    }
  });

  router.post('/runs/:runId/cancel', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const run = await audited(
      auditor,
      {
        eventId: 'query-run-cancel',
        request: req,
        meta: { runId: req.params.runId },
      },
      async () => ({
        result: await runs.cancel(credentials, req.params.runId),
      }),
    );
    res.status(202).json(run);
  });

  router.post('/sql/check', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await adhoc.checkSql(credentials, req.body));
  });

  router.get('/query-tables', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await adhoc.listTables(credentials, req.query.region));
  });

  router.get('/named-queries', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await adhoc.listNamedQueries(credentials));
  });

  router.get('/saved-queries', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await teamQueries.list(credentials));
  });

  router.get('/saved-queries/:savedQueryId', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await teamQueries.get(credentials, req.params.savedQueryId));
  });

  // every save, edit and delete is audited with what it named and, once done, what it kept
  router.post('/saved-queries', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const saved = await audited(
      auditor,
      {
        eventId: 'saved-query-create',
        request: req,
        meta: { name: req.body.name, ownerRef: req.body.ownerRef ?? null },
      },
      async () => {
        const created = await teamQueries.create(credentials, req.body);
        return { result: created, meta: teamQueryMeta(created) };
      },
    );
    res.status(201).json(saved);
  });

  router.put('/saved-queries/:savedQueryId', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const saved = await audited(
      auditor,
      {
        eventId: 'saved-query-update',
        request: req,
        meta: { savedQueryId: req.params.savedQueryId },
      },
      async () => {
        const updated = await teamQueries.update(
          credentials,
          req.params.savedQueryId,
          req.body,
        );
        return { result: updated, meta: teamQueryMeta(updated) };
      },
    );
    res.json(saved);
  });

  router.delete('/saved-queries/:savedQueryId', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await audited(
      auditor,
      {
        eventId: 'saved-query-delete',
        request: req,
        meta: { savedQueryId: req.params.savedQueryId },
      },
      async () => {
        const deleted = await teamQueries.delete(
          credentials,
          req.params.savedQueryId,
        );
        return { result: deleted, meta: teamQueryMeta(deleted) };
      },
    );
    res.status(204).end();
  });
}

function teamQueryMeta(query: TeamQuery) {
  return {
    savedQueryId: query.id,
    name: query.name,
    ownerRef: query.ownerRef,
    ...(query.queryId ? { queryId: query.queryId } : {}),
    ...(query.sql !== undefined ? { sql: query.sql } : {}),
  };
}
