import { LibraryQuery } from '@internal/plugin-security-lake-common';
import { V2_WINDOW, INSTANCE_PARAMETER } from './window';

/** @internal */
export const route53NxdomainTrend: LibraryQuery = {
  id: 'route53-nxdomain-trend',
  title: 'NXDOMAIN trend',
  description:
    'DNS lookups per day (or hour) and how many of them got NXDOMAIN, with the distinct names and clients behind the failures. A jump often means malware trying generated domains, or a broken deployment.',
  sources: ['ROUTE53'],
  sourceVersions: ['2.0'],
  tags: ['route53', 'dns', 'nxdomain', 'trend'],
  parameters: [
    {
      name: 'granularity',
      title: 'Per',
      type: 'choice',
      options: ['day', 'hour'],
      default: 'day',
    },
  ],
  defaultWindowHours: 168,
  sql: {
    '2.0': `SELECT
  bucket_start,
  count(*) AS queries,
  count_if(rcode_id = 3) AS nxdomain,
  count(DISTINCT CASE WHEN rcode_id = 3 THEN hostname END) AS nxdomain_names,
  count(DISTINCT CASE WHEN rcode_id = 3 THEN source_ip END) AS nxdomain_clients
FROM (
  SELECT
    date_trunc({{granularity}}, time_dt) AS bucket_start,
    rcode_id,
    query.hostname AS hostname,
    src_endpoint.ip AS source_ip
  FROM {{table}}
  WHERE ${V2_WINDOW}
) lookups
GROUP BY bucket_start
ORDER BY bucket_start
LIMIT 1000`,
  },
};

/** @internal */
export const route53RareDomains: LibraryQuery = {
  id: 'route53-rare-domains',
  title: 'Rarely queried domains',
  description:
    'Names looked up by only a few clients and only a few times in the window, rarest first: one-off or generated domains (beaconing, DGA, tunnelling) hide in this long tail.',
  sources: ['ROUTE53'],
  sourceVersions: ['2.0'],
  tags: ['route53', 'dns', 'threat-hunting'],
  parameters: [
    {
      name: 'maxClients',
      title: 'Queried by at most this many clients',
      type: 'integer',
      default: 2,
      min: 1,
      max: 10000,
    },
    {
      name: 'maxQueries',
      title: 'Queried at most this many times',
      type: 'integer',
      default: 5,
      min: 1,
      max: 1000000,
    },
  ],
  defaultWindowHours: 168,
  sql: {
    '2.0': `SELECT
  query.hostname AS hostname,
  count(*) AS queries,
  count(DISTINCT src_endpoint.ip) AS clients,
  count(DISTINCT accountid) AS accounts,
  max(rcode) AS rcode,
  min(time_dt) AS first_seen,
  max(time_dt) AS last_seen
FROM {{table}}
WHERE ${V2_WINDOW}
  AND query.hostname NOT LIKE '%.in-addr.arpa.'
  AND query.hostname NOT LIKE '%.ip6.arpa.'
GROUP BY query.hostname
HAVING count(DISTINCT src_endpoint.ip) <= {{maxClients}}
  AND count(*) <= {{maxQueries}}
ORDER BY queries, clients, hostname
LIMIT 1000`,
  },
};

/** @internal */
export const route53FirewallBlocked: LibraryQuery = {
  id: 'route53-firewall-blocked',
  title: 'Lookups blocked by DNS Firewall',
  description:
    'DNS queries that Route 53 Resolver DNS Firewall blocked, per name, client and rule group: instances trying to reach known-bad domains.',
  sources: ['ROUTE53'],
  sourceVersions: ['2.0'],
  tags: ['route53', 'dns', 'dns-firewall', 'blocked'],
  parameters: [],
  defaultWindowHours: 168,
  sql: {
    '2.0': `SELECT
  accountid,
  query.hostname AS hostname,
  src_endpoint.ip AS source_ip,
  src_endpoint.vpc_uid AS vpc,
  firewall_rule.uid AS rule_group,
  count(*) AS queries,
  min(time_dt) AS first_seen,
  max(time_dt) AS last_seen
FROM {{table}}
WHERE ${V2_WINDOW}
  AND action_id = 2
GROUP BY
  accountid,
  query.hostname,
  src_endpoint.ip,
  src_endpoint.vpc_uid,
  firewall_rule.uid
ORDER BY queries DESC, hostname, source_ip, vpc
LIMIT 1000`,
  },
};

/** @internal */
export const route53InstanceQueries: LibraryQuery = {
  id: 'route53-instance-queries',
  title: "An instance's DNS queries",
  description:
    'Every name one EC2 instance looked up, newest first, with the answer code and any DNS Firewall action. The Route 53 side of "the logs around a finding".',
  sources: ['ROUTE53'],
  sourceVersions: ['2.0'],
  tags: ['route53', 'dns', 'investigation', 'findings'],
  parameters: [INSTANCE_PARAMETER],
  defaultWindowHours: 24,
  sql: {
    '2.0': `SELECT
  time_dt,
  accountid,
  query.hostname AS hostname,
  query.type AS query_type,
  rcode,
  src_endpoint.ip AS source_ip,
  disposition
FROM {{table}}
WHERE ${V2_WINDOW}
  AND src_endpoint.instance_uid = {{instance}}
ORDER BY time_dt DESC, hostname
LIMIT 1000`,
  },
};

/** @internal */
export const ROUTE53_QUERIES: readonly LibraryQuery[] = [
  route53NxdomainTrend,
  route53RareDomains,
  route53FirewallBlocked,
  route53InstanceQueries,
];
