import {
  getSecurityLakeSource,
  ProvisionedRegion,
  securityLakeDatabaseName,
  securityLakeTableName,
  subscriberRowFilter,
} from '@internal/plugin-security-lake-common';
import {
  DataCellsFilterSpec,
  SubscriberRecord,
} from '@internal/plugin-security-lake-node';
import { StoredSubscriberRequest } from './SubscriberRequestStore';

/*
 * What a grant names: the row filters a team-scoped request puts, the accounts they may name, and the
 * provisioned records. The provisioner puts them; the service shows them before and after.
 */

/** The data cells filters a team-scoped request needs in one region: one per table. @internal */
export function teamFilters(
  request: Pick<StoredSubscriberRequest, 'id' | 'request'>,
  region: string,
  accountIds: string[],
): DataCellsFilterSpec[] {
  return request.request.sources.map(({ source, version }) => ({
    database: securityLakeDatabaseName(region),
    table: securityLakeTableName(region, source, version),
    name: `portal_${request.id.slice(0, 8)}_${
      getSecurityLakeSource(source).tableSuffix
    }_${version.replace('.', '_')}`,
    rowFilter: subscriberRowFilter(accountIds),
  }));
}

/**
 * The accounts a team-scoped grant may name given the team's accounts now: those it names already (or, before
 * it is granted, those approved) that the team still owns. Never one that was not approved, so a grant never
 * widens by itself.
 *
 * @internal
 */
export function grantableAccounts(
  request: Pick<StoredSubscriberRequest, 'request' | 'grantedAccountIds'>,
  teamAccounts: string[],
): string[] {
  const team = new Set(teamAccounts);
  return [
    ...new Set(
      (request.grantedAccountIds ?? request.request.accountIds).filter(a =>
        team.has(a),
      ),
    ),
  ].sort();
}

/** A subscriber record as the region's provisioned record. @internal */
export function fromRecord(
  region: string,
  record: SubscriberRecord,
): ProvisionedRegion {
  return { region, ...record };
}

/** The provisioned regions with `region`'s record put in place of the one it had. @internal */
export function withRegion(
  provisioned: ProvisionedRegion[],
  region: ProvisionedRegion,
): ProvisionedRegion[] {
  return [...provisioned.filter(p => p.region !== region.region), region].sort(
    (a, b) => a.region.localeCompare(b.region),
  );
}

/** Whether two account lists are the same, in the same order. @internal */
export function sameAccounts(a: string[] | undefined, b: string[]): boolean {
  return !!a && a.length === b.length && a.every((id, i) => id === b[i]);
}

/** `team-payments` for `group:default/team-payments`. @internal */
export function teamName(ownerRef: string): string {
  return ownerRef.replace(/^group:(default\/)?/, '');
}

/** `a, b and c`. @internal */
export function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
