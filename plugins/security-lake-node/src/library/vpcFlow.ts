import { LibraryQuery } from '@internal/plugin-security-lake-common';
import { PRIVATE_IPV4, V2_WINDOW, INSTANCE_PARAMETER } from './window';

/** @internal */
export const vpcFlowRejectedTraffic: LibraryQuery = {
  id: 'vpcflow-rejected-traffic',
  title: 'Rejected traffic',
  description:
    'Flows that security groups or network ACLs rejected, grouped by source, destination, port and direction, busiest first. Scans and misconfigured clients show up here.',
  sources: ['VPC_FLOW'],
  sourceVersions: ['2.0'],
  tags: ['vpc-flow', 'network', 'rejected'],
  parameters: [],
  defaultWindowHours: 24,
  sql: {
    '2.0': `SELECT
  accountid,
  src_endpoint.ip AS source_ip,
  dst_endpoint.ip AS destination_ip,
  dst_endpoint.port AS destination_port,
  connection_info.protocol_num AS protocol,
  connection_info.direction AS direction,
  count(*) AS flows,
  sum(traffic.packets) AS packets,
  sum(traffic.bytes) AS bytes,
  min(time_dt) AS first_seen,
  max(time_dt) AS last_seen
FROM {{table}}
WHERE ${V2_WINDOW}
  AND action = 'Denied'
GROUP BY
  accountid,
  src_endpoint.ip,
  dst_endpoint.ip,
  dst_endpoint.port,
  connection_info.protocol_num,
  connection_info.direction
ORDER BY flows DESC, packets DESC, source_ip, destination_ip, destination_port
LIMIT 1000`,
  },
};

/** @internal */
export const vpcFlowEgressByDestination: LibraryQuery = {
  id: 'vpcflow-egress-by-destination',
  title: 'Egress by destination',
  description:
    'Accepted outbound traffic totalled per destination address and port, largest first: where the data leaves to. By default only destinations outside private address ranges.',
  sources: ['VPC_FLOW'],
  sourceVersions: ['2.0'],
  tags: ['vpc-flow', 'network', 'egress', 'exfiltration'],
  parameters: [
    {
      name: 'scope',
      title: 'Destinations',
      description:
        '`external` leaves out private (RFC 1918), loopback, link-local and carrier-grade NAT addresses.',
      type: 'choice',
      options: ['external', 'all'],
      default: 'external',
    },
    {
      name: 'minBytes',
      title: 'At least this many bytes',
      type: 'integer',
      default: 0,
      min: 0,
      max: 1000000000000000,
    },
  ],
  defaultWindowHours: 24,
  sql: {
    '2.0': `SELECT
  accountid,
  dst_endpoint.ip AS destination_ip,
  dst_endpoint.port AS destination_port,
  count(*) AS flows,
  sum(traffic.bytes) AS bytes,
  sum(traffic.packets) AS packets,
  count(DISTINCT src_endpoint.ip) AS sources,
  min(time_dt) AS first_seen,
  max(time_dt) AS last_seen
FROM {{table}}
WHERE ${V2_WINDOW}
  AND connection_info.direction = 'Outbound'
  AND action = 'Allowed'
  AND ({{scope}} = 'all' OR NOT regexp_like(dst_endpoint.ip, '${PRIVATE_IPV4}'))
GROUP BY accountid, dst_endpoint.ip, dst_endpoint.port
HAVING sum(traffic.bytes) >= {{minBytes}}
ORDER BY bytes DESC, destination_ip, destination_port
LIMIT 1000`,
  },
};

/** @internal */
export const vpcFlowInboundAdminPorts: LibraryQuery = {
  id: 'vpcflow-inbound-admin-ports',
  title: 'SSH and RDP accepted from outside',
  description:
    'Inbound flows to ports 22 and 3389 that were accepted from addresses outside private ranges: administrative ports open to the internet, and who used them.',
  sources: ['VPC_FLOW'],
  sourceVersions: ['2.0'],
  tags: ['vpc-flow', 'network', 'ssh', 'rdp', 'exposure'],
  parameters: [],
  defaultWindowHours: 168,
  sql: {
    '2.0': `SELECT
  accountid,
  src_endpoint.ip AS source_ip,
  dst_endpoint.ip AS destination_ip,
  dst_endpoint.port AS destination_port,
  count(*) AS flows,
  sum(traffic.bytes) AS bytes,
  min(time_dt) AS first_seen,
  max(time_dt) AS last_seen
FROM {{table}}
WHERE ${V2_WINDOW}
  AND connection_info.direction = 'Inbound'
  AND action = 'Allowed'
  AND dst_endpoint.port IN (22, 3389)
  AND NOT regexp_like(src_endpoint.ip, '${PRIVATE_IPV4}')
GROUP BY accountid, src_endpoint.ip, dst_endpoint.ip, dst_endpoint.port
ORDER BY flows DESC, source_ip, destination_ip, destination_port
LIMIT 1000`,
  },
};

/** @internal */
export const vpcFlowInstanceTraffic: LibraryQuery = {
  id: 'vpcflow-instance-traffic',
  title: "An instance's network flows",
  description:
    'Every flow to or from one EC2 instance, newest first, with its peer, port, direction, bytes and whether it was accepted. The VPC Flow side of "the logs around a finding".',
  sources: ['VPC_FLOW'],
  sourceVersions: ['2.0'],
  tags: ['vpc-flow', 'network', 'investigation', 'findings'],
  parameters: [INSTANCE_PARAMETER],
  defaultWindowHours: 24,
  sql: {
    '2.0': `SELECT
  time_dt,
  accountid,
  connection_info.direction AS direction,
  src_endpoint.ip AS source_ip,
  src_endpoint.port AS source_port,
  dst_endpoint.ip AS destination_ip,
  dst_endpoint.port AS destination_port,
  connection_info.protocol_num AS protocol,
  action,
  traffic.packets AS packets,
  traffic.bytes AS bytes
FROM {{table}}
WHERE ${V2_WINDOW}
  AND {{instance}} IN (src_endpoint.instance_uid, dst_endpoint.instance_uid)
ORDER BY time_dt DESC, source_ip, destination_ip, destination_port
LIMIT 1000`,
  },
};

/** @internal */
export const VPC_FLOW_QUERIES: readonly LibraryQuery[] = [
  vpcFlowRejectedTraffic,
  vpcFlowEgressByDestination,
  vpcFlowInboundAdminPorts,
  vpcFlowInstanceTraffic,
];
