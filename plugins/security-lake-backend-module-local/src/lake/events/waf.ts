/** WAF events. */
import {
  EventContext,
  hex,
  observable,
  pick,
  pickWeighted,
  ts,
  uuid,
} from './common';

const WAF_BLOCK_RULES = [
  {
    uid: 'AWS-AWSManagedRulesCommonRuleSet',
    type: 'MANAGED_RULE_GROUP',
    condition: 'XSS',
    location: 'BODY',
    label: 'awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body',
    method: 'POST',
    path: '/api/v1/comments',
    args: '',
    match: ['<script>alert(1)</script>'],
    weight: 2,
  },
  {
    uid: 'AWS-AWSManagedRulesSQLiRuleSet',
    type: 'MANAGED_RULE_GROUP',
    condition: 'SQL_INJECTION',
    location: 'QUERY_STRING',
    label: 'awswaf:managed:aws:sql-database:SQLi_QueryArguments',
    method: 'GET',
    path: '/api/v1/orders',
    args: 'id=1%27%20OR%20%271%27%3D%271',
    match: ["1' OR '1'='1"],
    weight: 2,
  },
  {
    uid: 'AWS-AWSManagedRulesKnownBadInputsRuleSet',
    type: 'MANAGED_RULE_GROUP',
    condition: 'REGEX',
    location: 'URI',
    label: 'awswaf:managed:aws:known-bad-inputs:ExploitablePaths_URIPath',
    method: 'GET',
    path: '/.aws/credentials',
    args: '',
    match: ['/.aws/'],
    weight: 1.5,
  },
  {
    uid: 'RateLimitPerClientIp',
    type: 'RATE_BASED',
    condition: null,
    location: null,
    label: 'awswaf:<account>:webacl:public-api:rule:RateLimitPerClientIp',
    method: 'POST',
    path: '/api/v1/login',
    args: '',
    match: null,
    weight: 2,
  },
  {
    uid: 'BlockListedIpSet',
    type: 'REGULAR',
    condition: null,
    location: null,
    label: null,
    method: 'GET',
    path: '/',
    args: '',
    match: null,
    weight: 1,
  },
];

const WAF_ATTACKERS = [
  { ip: '198.51.100.23', country: 'NL' },
  { ip: '203.0.113.10', country: 'BR' },
  { ip: '203.0.113.77', country: 'RU' },
  { ip: '192.0.2.44', country: 'CN' },
];

const WAF_CLIENT_COUNTRIES = ['US', 'US', 'DE', 'GB', 'FR', 'AU', 'IE'];

const HTTP_ACTIVITIES: Record<string, number> = {
  DELETE: 2,
  GET: 3,
  HEAD: 4,
  OPTIONS: 5,
  POST: 6,
  PUT: 7,
};

/**
 * An AWS WAF web ACL log record: HTTP Activity 4002, the terminating rule in `firewall_rule`, blocked
 * requests mostly from a few addresses.
 *
 * @internal
 */
export function wafEvent(ctx: EventContext) {
  const { random, accountId, region, time } = ctx;
  const blocked = random() < 0.3;
  const rule = blocked ? pickWeighted(random, WAF_BLOCK_RULES) : null;
  const attacker =
    blocked && random() < 0.85 ? pick(random, WAF_ATTACKERS) : null;
  const client = attacker ?? {
    ip: `${pick(random, ['34', '52', '81', '90', '151'])}.${Math.floor(
      random() * 250,
    )}.${Math.floor(random() * 250)}.${Math.floor(random() * 250) + 1}`,
    country: pick(random, WAF_CLIENT_COUNTRIES),
  };
  const method =
    rule?.method ?? pick(random, ['GET', 'GET', 'GET', 'POST', 'PUT']);
  const path =
    rule?.path ??
    pick(random, [
      '/',
      '/api/v1/orders',
      '/api/v1/cart',
      '/static/app.js',
      '/api/v1/login',
    ]);
  const hostname = pick(random, [
    'api.payments.example.com',
    'shop.example.com',
  ]);
  const webAcl = `arn:aws:wafv2:${region}:${accountId}:regional/webacl/public-api/${uuid(
    random,
  )}`;
  const activityId = HTTP_ACTIVITIES[method];
  const activityName = method.charAt(0) + method.slice(1).toLowerCase();
  const userAgent = attacker
    ? pick(random, [
        'sqlmap/1.8.2#stable',
        'python-requests/2.31.0',
        'Nuclei - Open-source project',
      ])
    : 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
  return {
    metadata: {
      product: {
        feature: { uid: webAcl },
        version: '1',
        vendor_name: 'AWS',
        name: 'AWS WAF',
      },
      labels: rule?.label ? [rule.label.replace('<account>', accountId)] : [],
      profiles: ['cloud', 'firewall', 'datetime'],
      version: '1.1.0',
    },
    src_endpoint: {
      svc_name: 'ALB',
      uid: `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/app/public-api/${hex(
        random,
        16,
      )}`,
      ip: client.ip,
      location: { country: client.country },
    },
    http_request: {
      url: { path, hostname },
      version: 'HTTP/1.1',
      http_method: method,
      uid: `1-${hex(random, 8)}-${hex(random, 24)}`,
      args: rule?.args ?? '',
      http_headers: [
        { name: 'Host', value: hostname },
        { name: 'Accept', value: '*/*' },
      ],
      user_agent: userAgent,
      x_forwarded_for: null,
      referrer: null,
    },
    firewall_rule: {
      uid: rule?.uid ?? 'Default_Action',
      type: rule?.type ?? 'REGULAR',
      condition: rule?.condition ?? null,
      match_location: rule?.location ?? null,
      match_details: rule?.match ?? null,
      rate_limit: rule?.type === 'RATE_BASED' ? 2000 : null,
    },
    http_status: blocked ? 403 : pick(random, [200, 200, 200, 304, 404]),
    time,
    time_dt: ts(time),
    class_name: 'HTTP Activity',
    class_uid: 4002,
    category_name: 'Network Activity',
    category_uid: 4,
    severity_id: 1,
    severity: 'Informational',
    cloud: { provider: 'AWS' },
    activity_name: activityName,
    activity_id: activityId,
    type_name: `HTTP Activity: ${activityName}`,
    type_uid: 400200 + activityId,
    action: blocked ? 'Denied' : 'Allowed',
    action_id: blocked ? 2 : 1,
    disposition: blocked ? 'Blocked' : 'Allowed',
    disposition_id: blocked ? 2 : 1,
    unmapped: {
      action: blocked ? 'BLOCK' : 'ALLOW',
      webaclId: webAcl,
      terminatingRuleId: rule?.uid ?? 'Default_Action',
    },
    asl_version: '2.0',
    observables: [
      observable('src_endpoint.ip', client.ip, 'IP Address', 2),
      observable('http_request.url.hostname', hostname, 'Hostname', 1),
    ],
  };
}
