import { LibraryQuery } from '@internal/plugin-security-lake-common';
import { V2_WINDOW } from './window';

/** @internal */
export const eksPodExec: LibraryQuery = {
  id: 'eks-pod-exec',
  title: 'Exec and attach into pods',
  description:
    'Every `kubectl exec` or `attach` (a `create` on the pods/exec or pods/attach subresource): who opened a shell in which pod, from where, and whether the API server allowed it.',
  sources: ['EKS_AUDIT'],
  sourceVersions: ['2.0'],
  tags: ['eks', 'kubernetes', 'exec'],
  parameters: [],
  defaultWindowHours: 168,
  sql: {
    '2.0': `SELECT
  time_dt,
  accountid,
  region,
  actor.user.name AS username,
  pod.namespace AS namespace,
  pod.name AS pod_name,
  pod.type AS subresource,
  http_request.url.path AS request_uri,
  api.response.code AS response_code,
  src_endpoint.ip AS source_ip,
  http_request.user_agent AS user_agent
FROM {{table}}
CROSS JOIN UNNEST(resources) AS r(pod)
WHERE ${V2_WINDOW}
  AND api.operation = 'create'
  AND (
    pod.type IN ('pods/exec', 'pods/attach')
    OR http_request.url.path LIKE '%/pods/%/exec%'
    OR http_request.url.path LIKE '%/pods/%/attach%'
  )
ORDER BY time_dt DESC, api.request.uid
LIMIT 1000`,
  },
};

/** @internal */
export const eksAnonymousRequests: LibraryQuery = {
  id: 'eks-anonymous-requests',
  title: 'Anonymous requests to the Kubernetes API',
  description:
    'Requests made as system:anonymous, per client address, verb, path and response code. Anything but health checks answered 401/403 points at a probe, and anything answered 200 beyond /version and /healthz at an over-broad binding.',
  sources: ['EKS_AUDIT'],
  sourceVersions: ['2.0'],
  tags: ['eks', 'kubernetes', 'anonymous', 'exposure'],
  parameters: [],
  defaultWindowHours: 168,
  sql: {
    '2.0': `SELECT
  accountid,
  region,
  src_endpoint.ip AS source_ip,
  api.operation AS verb,
  http_request.url.path AS request_uri,
  api.response.code AS response_code,
  count(*) AS requests,
  max(http_request.user_agent) AS user_agent,
  min(time_dt) AS first_seen,
  max(time_dt) AS last_seen
FROM {{table}}
WHERE ${V2_WINDOW}
  AND actor.user.name = 'system:anonymous'
GROUP BY
  accountid,
  region,
  src_endpoint.ip,
  api.operation,
  http_request.url.path,
  api.response.code
ORDER BY requests DESC, source_ip, request_uri, response_code
LIMIT 1000`,
  },
};

/** @internal */
export const EKS_AUDIT_QUERIES: readonly LibraryQuery[] = [
  eksPodExec,
  eksAnonymousRequests,
];
