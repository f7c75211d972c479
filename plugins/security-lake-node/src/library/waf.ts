import { LibraryQuery } from '@internal/plugin-security-lake-common';
import { V2_WINDOW } from './window';

/** @internal */
export const wafBlockedByRuleAndIp: LibraryQuery = {
  id: 'waf-blocked-by-rule-and-ip',
  title: 'WAF blocked requests by rule and client IP',
  description:
    'Requests the web ACL blocked, counted per terminating rule and client address, with the country, how many paths were tried and an example path. Tells a scanner from a rule that blocks real users.',
  sources: ['WAF'],
  sourceVersions: ['2.0'],
  tags: ['waf', 'web', 'blocked'],
  parameters: [
    {
      name: 'minRequests',
      title: 'At least this many requests',
      type: 'integer',
      default: 1,
      min: 1,
      max: 1000000000,
    },
  ],
  defaultWindowHours: 24,
  sql: {
    '2.0': `SELECT
  accountid,
  firewall_rule.uid AS rule_id,
  firewall_rule.type AS rule_type,
  src_endpoint.ip AS client_ip,
  src_endpoint.location.country AS country,
  count(*) AS requests,
  count(DISTINCT http_request.url.path) AS paths,
  max(http_request.url.path) AS sample_path,
  min(time_dt) AS first_seen,
  max(time_dt) AS last_seen
FROM {{table}}
WHERE ${V2_WINDOW}
  AND (action_id = 2 OR disposition_id = 2)
GROUP BY
  accountid,
  firewall_rule.uid,
  firewall_rule.type,
  src_endpoint.ip,
  src_endpoint.location.country
HAVING count(*) >= {{minRequests}}
ORDER BY requests DESC, rule_id, client_ip
LIMIT 1000`,
  },
};

/** @internal */
export const WAF_QUERIES: readonly LibraryQuery[] = [wafBlockedByRuleAndIp];
