import {
  SubscriberRequest,
  SubscriberRowFilter,
  getSecurityLakeSource,
  isSecurityLakeSourceName,
} from '@internal/plugin-security-lake-common';
import { grantableAccounts, teamFilters, teamName } from './grants';
import {
  ENDED_STATES,
  StoredSubscriberRequest,
} from './SubscriberRequestStore';

function titleOf(source: string): string {
  return isSecurityLakeSourceName(source)
    ? getSecurityLakeSource(source).title
    : source;
}

/**
 * The accounts of each team of the requests, read once per team.
 *
 * @internal
 */
export function teamsOf(
  requests: StoredSubscriberRequest[],
  teamAccounts: (ownerRef: string) => Promise<string[]>,
): Map<string, Promise<string[]>> {
  const teams = new Map<string, Promise<string[]>>();
  for (const r of requests) {
    if (r.scope === 'team' && !teams.has(r.ownerRef)) {
      teams.set(r.ownerRef, teamAccounts(r.ownerRef));
    }
  }
  return teams;
}

/**
 * A request as the API gives it. For team scope: the row filters exactly as they are put (those in place
 * once provisioned; before, those provisioning would put now), what is granted, and, while active, the
 * team's accounts it does not cover. `teams` holds the accounts each team owns now (`teamsOf`).
 *
 * @internal
 */
export async function requestView(
  request: StoredSubscriberRequest,
  teams: Map<string, Promise<string[]>>,
): Promise<SubscriberRequest> {
  let team: {
    rowFilters: SubscriberRowFilter[];
    accounts: string[];
    uncovered?: string[];
  } = { rowFilters: [], accounts: request.request.accountIds };
  if (request.scope === 'team') {
    const placed =
      request.state === 'active' || ENDED_STATES.includes(request.state);
    if (placed) {
      const accounts = request.grantedAccountIds ?? request.request.accountIds;
      const rowFilters = request.removedAt
        ? []
        : request.provisioned.flatMap(p =>
            (p.dataCellsFilters ?? []).map(f => ({ region: p.region, ...f })),
          );
      team = { rowFilters, accounts };
      if (request.state === 'active') {
        const owned = (await teams.get(request.ownerRef)) ?? [];
        team.uncovered = owned.filter(a => !accounts.includes(a));
      }
    } else if (request.state !== 'rejected' && request.state !== 'withdrawn') {
      const accounts = grantableAccounts(
        request,
        (await teams.get(request.ownerRef)) ?? [],
      );
      team = {
        accounts,
        rowFilters: request.request.regions.flatMap(region =>
          teamFilters(request, region, accounts).map(f => ({ region, ...f })),
        ),
      };
    }
  }
  return {
    ...request.request,
    id: request.id,
    ownerRef: request.ownerRef,
    scope: request.scope,
    state: request.state,
    requestedBy: request.requestedBy,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    ...(request.error ? { error: request.error } : {}),
    ...(request.extendsRequestId
      ? { extendsRequestId: request.extendsRequestId }
      : {}),
    exposes:
      request.scope === 'team'
        ? exposedAccounts(team.accounts, teamName(request.ownerRef))
        : `Every account's data in ${request.request.sources
            // the sources as every screen names them, not their API names
            .map(s => `${titleOf(s.source)} ${s.version}`)
            .join(', ')}, in ${request.request.regions.join(', ')}`,
    provisioned: request.provisioned,
    ...(request.scope === 'team' &&
    request.state !== 'rejected' &&
    request.state !== 'withdrawn'
      ? { rowFilters: team.rowFilters }
      : {}),
    ...(request.grantedAccountIds
      ? { grantedAccountIds: request.grantedAccountIds }
      : {}),
    ...(team.uncovered ? { uncoveredAccountIds: team.uncovered } : {}),
    ...(request.removedAt ? { removedAt: request.removedAt } : {}),
  };
}

/** `Only account 111111111111 of team-payments, through Lake Formation row filters` */
function exposedAccounts(accounts: string[], team: string): string {
  if (accounts.length === 0) {
    return `No account: ${team} no longer owns any of the approved accounts`;
  }
  const list =
    accounts.length === 1
      ? `account ${accounts[0]}`
      : `accounts ${accounts.slice(0, -1).join(', ')} and ${
          accounts[accounts.length - 1]
        }`;
  return `Only ${list} of ${team}, through Lake Formation row filters`;
}
