import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  QueryRun,
  QueryRunRequest,
} from '@internal/plugin-security-lake-common';
import { RunSubmitter } from '../runs/RunService';
import { AdhocService } from './adhoc/AdhocService';
import { LibraryService } from './library/LibraryService';

/**
 * What `POST /runs` starts: a run of a library query (`queryId`) or of ad-hoc SQL (`sql`), exactly one.
 *
 * @internal
 */
export class QueryRuns implements RunSubmitter {
  constructor(
    private readonly options: { library: LibraryService; adhoc: AdhocService },
  ) {}

  async submit(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    request: QueryRunRequest,
  ): Promise<QueryRun> {
    if (request.sql !== undefined) {
      if (request.queryId !== undefined) {
        throw new InputError(
          'queryId: a run is of a library query (queryId) or of ad-hoc SQL (sql), not both',
        );
      }
      return this.options.adhoc.submit(credentials, {
        ...request,
        sql: request.sql,
      });
    }
    if (request.queryId === undefined) {
      throw new InputError(
        'queryId: name a library query, or send ad-hoc SQL as sql',
      );
    }
    for (const field of ['window', 'title'] as const) {
      if (request[field] !== undefined) {
        throw new InputError(
          `${field}: only ad-hoc SQL takes ${field}; a library query's window is parameters.start and parameters.end`,
        );
      }
    }
    return this.options.library.submit(credentials, {
      ...request,
      queryId: request.queryId,
    });
  }
}
