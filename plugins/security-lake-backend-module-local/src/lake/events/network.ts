/** VPC Flow and Route 53 resolver events. */
import {
  EventContext,
  SOURCE_IPS,
  hex,
  observable,
  pick,
  ts,
  workloadInstances,
} from './common';

export function vpcFlowEvent(ctx: EventContext) {
  const { random, accountId, region, time } = ctx;
  const inbound = random() < 0.5;
  const external = pick(random, SOURCE_IPS);
  const internal = `10.0.${Math.floor(random() * 8)}.${
    Math.floor(random() * 250) + 2
  }`;
  const pairTraffic = random() < 0.05;
  let [src, dst] = inbound ? [external, internal] : [internal, external];
  if (pairTraffic) {
    [src, dst] = ['192.0.2.1', '192.0.2.2'];
  }
  const dstPort = pick(random, [443, 443, 443, 22, 80, 53, 5432, 3389]);
  const srcPort =
    dstPort === 22 && random() < 0.3 ? 22 : 1024 + Math.floor(random() * 60000);
  const denied = random() < 0.2;
  const packets = 1 + Math.floor(random() * 400);
  const eni = `eni-${hex(random, 17)}`;
  const vpc = `vpc-${hex(random, 8)}`;
  const instance = pick(random, workloadInstances(accountId, region));
  const endpoint = (ip: string, port: number) => ({
    port,
    svc_name: null,
    ip,
    intermediate_ips: null,
    interface_uid: eni,
    vpc_uid: vpc,
    instance_uid: instance,
    subnet_uid: `subnet-${hex(random, 8)}`,
  });
  return {
    metadata: {
      product: {
        version: '5',
        name: 'Amazon VPC',
        feature: { name: 'Flowlogs' },
        vendor_name: 'AWS',
      },
      profiles: ['cloud', 'security_control', 'datetime'],
      version: '1.1.0',
    },
    cloud: {
      account: { uid: accountId },
      region,
      zone: `${region}a`,
      provider: 'AWS',
    },
    src_endpoint: endpoint(src, srcPort),
    dst_endpoint: endpoint(dst, dstPort),
    connection_info: {
      protocol_num: dstPort === 53 ? 17 : 6,
      tcp_flags: 2,
      protocol_ver: 'IPv4',
      boundary_id: 99,
      boundary: 'Other',
      direction_id: inbound ? 1 : 2,
      direction: inbound ? 'Inbound' : 'Outbound',
    },
    traffic: { packets, bytes: packets * (60 + Math.floor(random() * 1400)) },
    time,
    time_dt: ts(time),
    start_time_dt: ts(time),
    end_time_dt: ts(time + 60_000),
    status_code: 'OK',
    severity_id: 1,
    severity: 'Informational',
    class_name: 'Network Activity',
    class_uid: 4001,
    category_name: 'Network Activity',
    category_uid: 4,
    activity_name: 'Traffic',
    activity_id: 6,
    action: denied ? 'Denied' : 'Allowed',
    action_id: denied ? 2 : 1,
    disposition: denied ? 'Blocked' : 'Allowed',
    type_uid: 400106,
    type_name: 'Network Activity: Traffic',
    unmapped: { 'flow-direction': inbound ? 'ingress' : 'egress' },
    asl_version: '2.0',
    observables: [
      observable('src_endpoint.ip', src, 'IP Address', 2),
      observable('dst_endpoint.ip', dst, 'IP Address', 2),
    ],
  };
}

const HOSTNAMES = [
  's3.amazonaws.com.',
  'api.example.com.',
  'internal.payments.corp.',
  'updates.vendor.example.',
  'pool.minexmr.example.',
  'nonexistent.corp.',
];

const RARE_ZONES = ['dyn-update.example.net.', 'cdn-sync.example.org.'];

/** @internal */
export function route53Event(ctx: EventContext) {
  const { random, accountId, region, time } = ctx;
  // a few lookups go to one-off names under a dynamic DNS zone, the rare domains a hunt looks for
  const rare = random() < 0.05;
  const hostname = rare
    ? `${hex(random, 10)}.${pick(random, RARE_ZONES)}`
    : pick(random, HOSTNAMES);
  const nxdomain =
    hostname === 'nonexistent.corp.' || (!rare && random() < 0.05);
  const answerIp =
    random() < 0.2
      ? '192.0.2.1'
      : `198.51.100.${Math.floor(random() * 250) + 1}`;
  const srcIp = `10.0.${Math.floor(random() * 8)}.${
    Math.floor(random() * 250) + 2
  }`;
  const blocked = hostname.startsWith('pool.minexmr');
  return {
    metadata: {
      product: {
        version: '1.100000',
        name: 'Route 53',
        feature: { name: 'Resolver Query Logs' },
        vendor_name: 'AWS',
      },
      profiles: ['cloud', 'security_control', 'datetime'],
      version: '1.1.0',
    },
    cloud: { account: { uid: accountId }, region, provider: 'AWS' },
    src_endpoint: {
      vpc_uid: `vpc-${hex(random, 8)}`,
      ip: srcIp,
      port: 1024 + Math.floor(random() * 60000),
      instance_uid: pick(random, workloadInstances(accountId, region)),
    },
    time,
    time_dt: ts(time),
    query: { hostname, type: 'A', class: 'IN' },
    answers:
      nxdomain || blocked ? [] : [{ type: 'A', rdata: answerIp, class: 'IN' }],
    connection_info: {
      protocol_name: 'UDP',
      direction: 'Unknown',
      direction_id: 0,
    },
    dst_endpoint: {
      instance_uid: `rslvr-in-${hex(random, 17)}`,
      interface_uid: `rni-${hex(random, 17)}`,
    },
    firewall_rule: { uid: blocked ? `rslvr-frg-${hex(random, 16)}` : null },
    severity_id: 1,
    severity: 'Informational',
    class_name: 'DNS Activity',
    class_uid: 4003,
    category_name: 'Network Activity',
    category_uid: 4,
    activity_id: 2,
    activity_name: 'Response',
    type_uid: 400302,
    type_name: 'DNS Activity: Response',
    rcode_id: nxdomain ? 3 : 0,
    rcode: nxdomain ? 'NXDomain' : 'NoError',
    disposition: blocked ? 'Blocked' : 'Allowed',
    action: blocked ? 'Denied' : 'Allowed',
    action_id: blocked ? 2 : 1,
    unmapped: {},
    asl_version: '2.0',
    observables: [
      observable('src_endpoint.ip', srcIp, 'IP Address', 2),
      observable('query.hostname', hostname, 'Hostname', 1),
    ],
  };
}

/** What the data-event sources (S3, Lambda) share with CloudTrail management events. */
