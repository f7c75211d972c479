/** EKS audit events. */
import {
  EventContext,
  hex,
  observable,
  pick,
  pickWeighted,
  ts,
  uuid,
} from './common';

const EKS_VERBS: Record<string, { id: number; name: string }> = {
  create: { id: 1, name: 'Create' },
  get: { id: 2, name: 'Read' },
  list: { id: 2, name: 'Read' },
  watch: { id: 2, name: 'Read' },
  update: { id: 3, name: 'Update' },
  patch: { id: 3, name: 'Update' },
  delete: { id: 4, name: 'Delete' },
};

const EKS_NAMESPACES = ['payments', 'checkout', 'kube-system'];

/**
 * An EKS audit log event: mostly controllers reading and watching, people deploying, now and then an
 * `exec` into a pod, and anonymous probes of the API server from outside.
 *
 * @internal
 */
export function eksAuditEvent(ctx: EventContext) {
  const { random, accountId, region, time } = ctx;
  const kind = pickWeighted(random, [
    { kind: 'controller', weight: 10 },
    { kind: 'deploy', weight: 3 },
    { kind: 'exec', weight: 1.5 },
    { kind: 'anonymous', weight: 1.5 },
  ]).kind;
  const namespace = pick(random, EKS_NAMESPACES);
  const pod = `${
    namespace === 'kube-system' ? 'coredns' : `${namespace}-api`
  }-${hex(random, 9)}-${hex(random, 5)}`;
  let verb: string;
  let path: string;
  let user: { name: string; uid: string; groups: string[] };
  let resource: { type: string; name: string | null; namespace: string | null };
  let srcIp = `10.0.${Math.floor(random() * 8)}.${
    Math.floor(random() * 250) + 2
  }`;
  let code = 200;
  let group = '';
  let userAgent = 'kube-controller-manager/v1.30.2 (linux/amd64) kubernetes';
  switch (kind) {
    case 'exec': {
      verb = 'create';
      const who = pick(random, ['alice', 'bob', 'break-glass']);
      user = {
        name: who,
        uid: `aws-iam-authenticator:${accountId}:AROA${hex(
          random,
          16,
        ).toUpperCase()}`,
        groups: [
          'system:authenticated',
          who === 'bob' ? 'developers' : 'system:masters',
        ],
      };
      path = `/api/v1/namespaces/${namespace}/pods/${pod}/exec?command=%2Fbin%2Fsh&container=app&stdin=true&stdout=true&tty=true`;
      resource = { type: 'pods/exec', name: pod, namespace };
      code = 101;
      userAgent = 'kubectl/v1.30.2 (darwin/arm64) kubernetes/3968350';
      break;
    }
    case 'anonymous': {
      verb = 'get';
      user = {
        name: 'system:anonymous',
        uid: '',
        groups: ['system:unauthenticated'],
      };
      path = pick(random, [
        '/',
        '/version',
        '/api/v1/namespaces/kube-system/secrets',
        '/api/v1/pods',
        '/.env',
      ]);
      resource = { type: '', name: null, namespace: null };
      if (path.includes('secrets')) {
        resource = { type: 'secrets', name: null, namespace: 'kube-system' };
      } else if (path.includes('pods')) {
        resource = { type: 'pods', name: null, namespace: null };
      }
      srcIp = pick(random, ['198.51.100.23', '203.0.113.10', '192.0.2.2']);
      code = path === '/version' ? 200 : 403;
      userAgent = pick(random, [
        'curl/8.5.0',
        'python-requests/2.31.0',
        'Go-http-client/1.1',
      ]);
      break;
    }
    case 'deploy': {
      verb = pick(random, ['patch', 'update', 'get']);
      group = 'apps';
      user = {
        name: 'ci-deploy',
        uid: `aws-iam-authenticator:${accountId}:AROA${hex(
          random,
          16,
        ).toUpperCase()}`,
        groups: ['system:authenticated', 'deployers'],
      };
      const deployment = `${
        namespace === 'kube-system' ? 'coredns' : `${namespace}-api`
      }`;
      path = `/apis/apps/v1/namespaces/${namespace}/deployments/${deployment}`;
      resource = { type: 'deployments', name: deployment, namespace };
      userAgent = 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350';
      break;
    }
    default: {
      verb = pick(random, ['get', 'list', 'watch', 'update']);
      user = {
        name: 'system:kube-controller-manager',
        uid: '',
        groups: ['system:authenticated'],
      };
      if (verb === 'update' || verb === 'get') {
        group = 'coordination.k8s.io';
        path = `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager`;
        resource = {
          type: 'leases',
          name: 'kube-controller-manager',
          namespace: 'kube-system',
        };
      } else {
        path = `/api/v1/namespaces/${namespace}/pods`;
        resource = { type: 'pods', name: null, namespace };
      }
      srcIp = '172.16.4.9';
    }
  }
  const activity = EKS_VERBS[verb];
  const cluster = `${
    accountId === '555555555555' ? 'security' : 'apps'
  }-${region}`;
  return {
    metadata: {
      log_level: kind === 'exec' ? 'RequestResponse' : 'Metadata',
      product: {
        version: 'audit.k8s.io/v1',
        vendor_name: 'AWS',
        name: 'Amazon EKS',
        feature: { name: 'Elastic Kubernetes Service' },
      },
      profiles: ['cloud', 'datetime'],
      version: '1.1.0',
    },
    api: {
      request: { uid: uuid(random), containers: null },
      operation: verb,
      version: 'v1',
      response: {
        code,
        message:
          code === 403
            ? `forbidden: User "${user.name}" cannot ${verb} path "${
                path.split('?')[0]
              }"`
            : null,
        error: code === 403 ? 'Forbidden' : null,
        error_message: code === 403 ? 'Failure' : null,
        containers: null,
      },
      group: { name: group },
    },
    message: 'ResponseComplete',
    http_request: { url: { path }, user_agent: userAgent },
    actor: {
      user: {
        name: user.name,
        uid: user.uid || null,
        groups: user.groups.map(name => ({ name })),
        type_id: 0,
      },
      session: { credential_uid: null, issuer: null, uid: null },
    },
    cloud: { account: { uid: accountId }, provider: 'AWS' },
    src_endpoint: { ip: srcIp, intermediate_ips: null },
    resources: [
      {
        namespace: resource.namespace,
        name: resource.name,
        uid: null,
        version: null,
        type: resource.type,
      },
    ],
    start_time_dt: ts(time - 20),
    time_dt: ts(time),
    time,
    severity_id: 1,
    severity: 'Informational',
    class_name: 'API Activity',
    class_uid: 6003,
    category_name: 'Application Activity',
    category_uid: 6,
    activity_name: activity.name,
    activity_id: activity.id,
    type_name: `API Activity: ${activity.name}`,
    type_uid: 600300 + activity.id,
    unmapped: {
      clusterName: cluster,
      'annotations.authorization.k8s.io/decision':
        code === 403 ? 'forbid' : 'allow',
    },
    asl_version: '2.0',
    observables: [
      observable('src_endpoint.ip', srcIp, 'IP Address', 2),
      observable('actor.user.name', user.name, 'User Name', 4),
      observable('http_request.url.path', path, 'URL String', 6),
    ],
  };
}
