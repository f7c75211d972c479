import {
  SubscriberRequest,
  SubscriberRequestState,
  SubscriberRowFilter,
  SubscriberSourceChoice,
} from '@internal/plugin-security-lake-common';
import { sourceTitle } from '../components/sourceTitle';

/** Every state, in the order a request goes through them. */
export const SUBSCRIBER_REQUEST_STATES: readonly SubscriberRequestState[] = [
  'pending',
  'approved',
  'provisioning',
  'active',
  'rejected',
  'withdrawn',
  'failed',
  'revoked',
  'expired',
];

/** The states in which the portal is still provisioning: the request is read again until they end. */
export function isProvisioning(state: SubscriberRequestState): boolean {
  return state === 'approved' || state === 'provisioning';
}

/** An ended request whose access the portal is still removing. */
export function isRemoving(
  request: Pick<SubscriberRequest, 'state' | 'removedAt' | 'provisioned'>,
): boolean {
  return (
    (request.state === 'revoked' || request.state === 'expired') &&
    !request.removedAt &&
    request.provisioned.length > 0
  );
}

/** The row filter every table of a team-scoped grant gets, when they all get the same one. */
export function sharedRowFilter(
  filters: SubscriberRowFilter[] | undefined,
): string | undefined {
  const distinct = new Set((filters ?? []).map(f => f.rowFilter));
  return distinct.size === 1 ? [...distinct][0] : undefined;
}

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `CloudTrail management events 2.0 and VPC Flow Logs 2.0`. */
export function sourcesText(sources: SubscriberSourceChoice[]): string {
  return listText(sources.map(s => `${sourceTitle(s.source)} ${s.version}`));
}

/** `Query access (Lake Formation)` or `Data access (S3)`. */
export function accessTypeLabel(
  accessType: SubscriberRequest['accessType'],
): string {
  return accessType === 'S3'
    ? 'Data access (S3)'
    : 'Query access (Lake Formation)';
}

/** Short, for a table cell: `Query · team's accounts`, `Query · every account`, `S3 · every account`. */
export function accessSummary(
  request: Pick<SubscriberRequest, 'accessType' | 'scope'>,
): string {
  const kind = request.accessType === 'S3' ? 'S3' : 'Query';
  return `${kind} · ${
    request.scope === 'team' ? "team's accounts" : 'every account'
  }`;
}

/** A time as the reader's locale writes it. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
