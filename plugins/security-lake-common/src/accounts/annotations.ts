/**
 * The annotation Backstage's AWS organization processor puts on `cloud-account` Resources; Components and
 * Systems may carry it too.
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
