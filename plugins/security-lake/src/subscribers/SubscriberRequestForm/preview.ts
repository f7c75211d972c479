import {
  isAwsRegion,
  isSecurityLakeSourceName,
  securityLakeTableName,
  subscriberRowFilter,
  SubscriberRequestInput,
} from '@internal/plugin-security-lake-common';
import { shortEntityName } from '../../components/entityNames';
import { listText, sourcesText } from '../format';

/** What a request will create, in words, for the form's preview. @internal */
export interface RequestPreview {
  /** One sentence: the subscriber, or the data cells filters and the grant. */
  summary: string;
  /** Whose data the subscriber will see. */
  exposes: string;
  /** Whether the request exposes every account's data in its sources. */
  wholeSources: boolean;
  /** More that will happen: the share to accept, the notification. */
  details: string[];
  /** The tables a team-scoped grant filters. */
  tables: string[];
}

/**
 * What the portal will create for a request as the form holds it, said the way an approver reads it:
 * a Security Lake subscriber over whole sources, or Lake Formation row filters on the team's accounts.
 *
 * @internal
 */
export function previewOf(input: SubscriberRequestInput): RequestPreview {
  const name = input.subscriberName || '…';
  const principal = input.principal || 'the subscriber';
  const regions = input.regions.length ? listText(input.regions) : '…';
  const sources = input.sources.length ? sourcesText(input.sources) : '…';
  const team = input.ownerRef
    ? `the ${shortEntityName(input.ownerRef)} team`
    : 'your team';
  const scope = input.accessType === 'S3' ? 'all' : input.scope ?? 'team';

  if (scope === 'team') {
    const tables = input.regions
      .filter(isAwsRegion)
      .flatMap(region =>
        input.sources
          .filter(s => isSecurityLakeSourceName(s.source))
          .map(s => securityLakeTableName(region, s.source, s.version)),
      );
    const count = tables.length;
    return {
      summary: `Lake Formation data cells filters \`${subscriberRowFilter(
        input.accountIds,
      )}\` on ${count} table${
        count === 1 ? '' : 's'
      }, SELECT granted to account ${principal}.`,
      exposes: input.accountIds.length
        ? `Only ${team}'s accounts: ${listText(input.accountIds)}.`
        : `Only ${team}'s accounts: choose at least one.`,
      wholeSources: false,
      details: [
        `No Security Lake subscriber is created: the tables of ${sources} in ${regions} are shared with ${principal} through AWS RAM, and the rows of every other account stay hidden.`,
        `Account ${principal} accepts the share and creates resource links to the tables before it can query them.`,
      ],
      tables,
    };
  }

  const details: string[] = [];
  if (input.accessType === 'S3') {
    if (input.notification?.type === 'SQS') {
      details.push(
        'Security Lake creates an SQS queue that is told of every new object.',
      );
    } else if (input.notification?.type === 'HTTPS') {
      details.push(
        `Security Lake notifies ${
          input.notification.endpoint || 'the HTTPS endpoint'
        } of every new object, as role ${
          input.notification.targetRoleArn || '…'
        }.`,
      );
    } else {
      details.push(
        'No notification: the subscriber lists the bucket to find new objects.',
      );
    }
    details.push(
      `${principal} assumes the role Security Lake creates, with external id ${
        input.externalId || '…'
      }, to read the objects.`,
    );
  } else {
    details.push(
      `Security Lake shares the tables with ${principal} through AWS RAM; that account accepts the share and creates resource links to query them.`,
    );
  }
  return {
    summary: `A Security Lake subscriber named “${name}” in ${regions} for ${sources}, with ${
      input.accessType === 'S3'
        ? 'data access (S3)'
        : 'query access (Lake Formation)'
    } for ${principal}, exposing every account's data in these sources.`,
    exposes:
      "Every account's data in these sources, not only your team's: a Security Lake subscriber covers whole sources.",
    wholeSources: true,
    details,
    tables: [],
  };
}
