/** The Okta sign-ins payments-prod sends as a custom source. */
import { EventContext, hex, pick, ts } from './common';

const OKTA_USERS = [
  'ana@example.com',
  'ben@example.com',
  'chen@example.com',
  'dee@example.com',
];

/**
 * An Okta sign-in as a custom source delivers it: OCSF Authentication (3002).
 *
 * @internal
 */
export function oktaSignInEvent(ctx: EventContext) {
  const { random, time } = ctx;
  const failed = random() < 0.1;
  return {
    time,
    time_dt: ts(time),
    class_uid: 3002,
    category_uid: 3,
    activity_id: 1,
    severity_id: failed ? 3 : 1,
    status: failed ? 'Failure' : 'Success',
    user: { name: pick(random, OKTA_USERS), uid: `00u${hex(random, 17)}` },
    src_endpoint: {
      ip: `203.0.113.${Math.floor(random() * 250) + 1}`,
    },
    metadata: {
      product: { name: 'Okta', vendor_name: 'Okta' },
      version: '1.1.0',
    },
  };
}

/** The columns of the custom source's table, in DuckDB types. @internal */
export const OKTA_SIGN_IN_COLUMNS: [string, string][] = [
  ['time', 'BIGINT'],
  ['time_dt', 'TIMESTAMP'],
  ['class_uid', 'INTEGER'],
  ['category_uid', 'INTEGER'],
  ['activity_id', 'INTEGER'],
  ['severity_id', 'INTEGER'],
  ['status', 'VARCHAR'],
  ['user', 'STRUCT(name VARCHAR, uid VARCHAR)'],
  ['src_endpoint', 'STRUCT(ip VARCHAR)'],
  [
    'metadata',
    'STRUCT(product STRUCT(name VARCHAR, vendor_name VARCHAR), version VARCHAR)',
  ],
];
