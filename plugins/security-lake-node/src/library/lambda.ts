import { LibraryQuery } from '@internal/plugin-security-lake-common';
import { V2_WINDOW } from './window';

/** @internal */
export const lambdaInvocationsByFunction: LibraryQuery = {
  id: 'lambda-invocations-by-function',
  title: 'Lambda invocations by function',
  description:
    'Invoke calls per function, with failed invocations, distinct callers and the service that invoked it. A function called by an unexpected principal, or far more than usual, shows here.',
  sources: ['LAMBDA_EXECUTION'],
  sourceVersions: ['2.0'],
  tags: ['lambda', 'serverless', 'usage'],
  parameters: [],
  defaultWindowHours: 24,
  sql: {
    '2.0': `SELECT
  accountid,
  region,
  fn.uid AS function_arn,
  count(*) AS invocations,
  count_if(api.response.error IS NOT NULL) AS failed,
  count(DISTINCT actor.user.uid) AS callers,
  max(actor.invoked_by) AS invoked_by,
  min(time_dt) AS first_seen,
  max(time_dt) AS last_seen
FROM {{table}}
CROSS JOIN UNNEST(resources) AS r(fn)
WHERE ${V2_WINDOW}
  AND api.operation = 'Invoke'
  AND fn.type = 'AWS::Lambda::Function'
GROUP BY accountid, region, fn.uid
ORDER BY invocations DESC, function_arn
LIMIT 1000`,
  },
};

/** @internal */
export const LAMBDA_QUERIES: readonly LibraryQuery[] = [
  lambdaInvocationsByFunction,
];
