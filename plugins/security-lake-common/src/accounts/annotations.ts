/**
 * The annotation Backstage's AWS organization processor puts on `cloud-account` Resources. Only entities of
 * the kinds in `securityLake.catalog.accountEntities` declare an account and confer its ownership;
 * Components and Systems carrying it merely link their pages to an account so declared.
 *
 * @public
 */
export const AWS_ACCOUNT_ID_ANNOTATION = 'amazonaws.com/account-id';

/** @public */
export const AWS_ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;

/**
 * Reads a valid 12-digit account id from an entity's annotations.
 *
 * @public
 */
export function getAwsAccountId(entity: {
  metadata: { annotations?: Record<string, string> };
}): string | undefined {
  const value =
    entity.metadata.annotations?.[AWS_ACCOUNT_ID_ANNOTATION]?.trim();
  return value && AWS_ACCOUNT_ID_PATTERN.test(value) ? value : undefined;
}
