import { Entity, RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import { getAwsAccountId } from '@internal/plugin-security-lake-common';

// Groups own accounts and systems group them, so both can have accounts without the annotation.
const KINDS_WITH_ACCOUNTS = ['group', 'system'];

/**
 * Whether the entity can have AWS accounts linked to it: it declares one, groups or owns them, or depends on a resource.
 *
 * @public
 */
export function isSecurityLakeAvailable(entity: Entity): boolean {
  if (getAwsAccountId(entity)) {
    return true;
  }
  if (KINDS_WITH_ACCOUNTS.includes(entity.kind.toLocaleLowerCase('en-US'))) {
    return true;
  }
  return (
    entity.relations?.some(
      relation =>
        relation.type === RELATION_DEPENDS_ON &&
        relation.targetRef.toLocaleLowerCase('en-US').startsWith('resource:'),
    ) ?? false
  );
}
