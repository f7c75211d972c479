import {
  isAwsRegion,
  isSecurityLakeSourceName,
  SECURITY_LAKE_SOURCE_VERSIONS,
} from '../sources';
import { SubscriberRequestInput } from './types';

/** The Security Lake API's pattern for a subscriber's principal. @public */
export const SUBSCRIBER_PRINCIPAL_PATTERN =
  /^([0-9]{12}|[a-z0-9.-]*\.(amazonaws|amazon)\.com)$/;
/** The Security Lake API's pattern for an external id (2–1224 characters). @public */
export const SUBSCRIBER_EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]*$/;
/** A subscriber name: 1–64 letters, digits, spaces, `_`, `.` and `-`. @public */
export const SUBSCRIBER_NAME_PATTERN = /^[\w .-]{1,64}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;
const MAX_EXPIRY_DAYS = 366;

/** A field of the request and what is wrong with it. @public */
export interface SubscriberRequestProblem {
  field: string;
  message: string;
}

/**
 * Everything about a request that can be checked without knowing who asks: the same rules in the form and
 * on the server. Field names are the request's (`principal`, `sources[1].version`, ...).
 *
 * @public
 */
export function checkSubscriberRequest(
  input: Partial<SubscriberRequestInput>,
  now: Date = new Date(),
): SubscriberRequestProblem[] {
  const problems: SubscriberRequestProblem[] = [];
  const add = (field: string, message: string) =>
    problems.push({ field, message });

  if (
    !input.subscriberName ||
    !SUBSCRIBER_NAME_PATTERN.test(input.subscriberName)
  ) {
    add(
      'subscriberName',
      'use 1–64 letters, digits, spaces, underscores, dots or hyphens',
    );
  }
  if (!input.principal || !SUBSCRIBER_PRINCIPAL_PATTERN.test(input.principal)) {
    add(
      'principal',
      'must be a 12-digit AWS account id or a service principal such as glue.amazonaws.com',
    );
  }
  const externalId = input.externalId ?? '';
  if (
    externalId.length < 2 ||
    externalId.length > 1224 ||
    !SUBSCRIBER_EXTERNAL_ID_PATTERN.test(externalId)
  ) {
    add(
      'externalId',
      'must be 2–1224 characters of letters, digits and + = , . @ : / _ -',
    );
  }
  if (!input.accountIds?.length) {
    add('accountIds', "name at least one of your team's accounts");
  } else if (input.accountIds.some(a => !/^[0-9]{12}$/.test(a))) {
    add('accountIds', 'each must be a 12-digit AWS account id');
  }
  if (!input.sources?.length) {
    add('sources', 'choose at least one source');
  }
  input.sources?.forEach((s, i) => {
    if (!isSecurityLakeSourceName(s.source)) {
      add(`sources[${i}].source`, `${s.source} is not a Security Lake source`);
    }
    if (
      !(SECURITY_LAKE_SOURCE_VERSIONS as readonly string[]).includes(s.version)
    ) {
      add(`sources[${i}].version`, 'must be 1.0 or 2.0');
    }
  });
  if (!input.regions?.length) {
    add('regions', 'choose at least one region');
  }
  input.regions?.forEach((r, i) => {
    if (!isAwsRegion(r)) {
      add(`regions[${i}]`, `${r} is not an AWS region such as us-east-1`);
    }
  });
  if (input.accessType !== 'LAKEFORMATION' && input.accessType !== 'S3') {
    add(
      'accessType',
      'must be LAKEFORMATION (query access) or S3 (data access)',
    );
  }
  if (input.accessType === 'S3' && input.scope === 'team') {
    add(
      'scope',
      "S3 access is to whole sources; only query access can be narrowed to the team's accounts",
    );
  }
  const scope = input.scope ?? (input.accessType === 'S3' ? 'all' : 'team');
  if (
    scope === 'team' &&
    input.principal &&
    SUBSCRIBER_PRINCIPAL_PATTERN.test(input.principal) &&
    !/^[0-9]{12}$/.test(input.principal)
  ) {
    add(
      'principal',
      "access to the team's accounts is granted to an AWS account: give its 12-digit id",
    );
  }
  if (input.notification) {
    if (input.accessType !== 'S3') {
      add('notification', 'only S3 access has a notification');
    } else if (input.notification.type === 'HTTPS') {
      let url: URL | undefined;
      try {
        url = new URL(input.notification.endpoint);
      } catch {
        url = undefined;
      }
      if (!url || url.protocol !== 'https:') {
        add('notification.endpoint', 'must be an https:// URL');
      }
      if (!ROLE_ARN.test(input.notification.targetRoleArn ?? '')) {
        add(
          'notification.targetRoleArn',
          'must be an IAM role ARN such as arn:aws:iam::123456789012:role/notify',
        );
      }
    } else if (input.notification.type !== 'SQS') {
      add('notification.type', 'must be SQS or HTTPS');
    }
  }
  if (input.extendsRequestId !== undefined) {
    if (!/^[\w-]{1,64}$/.test(input.extendsRequestId)) {
      add('extendsRequestId', 'must be the id of the request to extend');
    } else if (scope !== 'team' || input.accessType !== 'LAKEFORMATION') {
      add(
        'extendsRequestId',
        "only query access to the team's accounts can be extended",
      );
    }
  }
  const justification = input.justification?.trim() ?? '';
  if (justification.length < 10 || justification.length > 2000) {
    add('justification', 'say in 10–2000 characters what the access is for');
  }
  if (input.expiresAt !== undefined) {
    const date = new Date(input.expiresAt);
    if (
      !/^\d{4}-\d{2}-\d{2}/.test(input.expiresAt) ||
      Number.isNaN(date.getTime())
    ) {
      add('expiresAt', 'must be a date such as 2027-03-31');
    } else if (date <= now) {
      add('expiresAt', 'must be in the future');
    } else if (date.getTime() - now.getTime() > MAX_EXPIRY_DAYS * 86_400_000) {
      add('expiresAt', 'may be at most a year away');
    }
  }
  return problems;
}

/**
 * The row filter of a team-scoped grant: `accountid IN ('111111111111', '222222222222')`, the ids sorted;
 * no account matches nothing. The server puts exactly this on every table; the form shows it.
 *
 * @public
 */
export function subscriberRowFilter(accountIds: string[]): string {
  const ids = [...new Set(accountIds)].sort();
  return ids.length
    ? `accountid IN (${ids.map(id => `'${id}'`).join(', ')})`
    : `accountid = ''`;
}
