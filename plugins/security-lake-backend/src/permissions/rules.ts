import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE } from '@internal/plugin-security-lake-common';
import { z } from 'zod';

/**
 * An AWS account as the permission rules see it.
 *
 * @public
 */
export interface AccountResource {
  accountId: string;
  /** Entity refs of the owners of the catalog entities that declare the account. */
  owners: string[];
}

/**
 * Criteria a conditional decision turns into when accounts are filtered in bulk.
 *
 * @public
 */
export type AccountQuery =
  | { ownedByAnyOf: string[] }
  | { accountIdIn: string[] };

/** @public */
export const securityLakeAccountResourceRef = createPermissionResourceRef<
  AccountResource,
  AccountQuery
>().with({
  pluginId: 'security-lake',
  resourceType: SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE,
});

/** @public */
export const isAccountOwner = createPermissionRule<
  typeof securityLakeAccountResourceRef,
  { claims: string[] }
>({
  name: 'IS_ACCOUNT_OWNER',
  description:
    "Allow accounts owned by one of the given entities (the caller's ownership claims)",
  resourceRef: securityLakeAccountResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs; typically the user and their groups'),
  }),
  apply: (resource, { claims }) =>
    resource.owners.some(owner => claims.includes(owner)),
  toQuery: ({ claims }) => ({ ownedByAnyOf: claims }),
});

/** @public */
export const isAccount = createPermissionRule<
  typeof securityLakeAccountResourceRef,
  { accountIds: string[] }
>({
  name: 'IS_ACCOUNT',
  description: 'Allow the listed AWS account ids',
  resourceRef: securityLakeAccountResourceRef,
  paramsSchema: z.object({
    accountIds: z
      .array(z.string().regex(/^\d{12}$/))
      .describe('12-digit AWS account ids'),
  }),
  apply: (resource, { accountIds }) => accountIds.includes(resource.accountId),
  toQuery: ({ accountIds }) => ({ accountIdIn: accountIds }),
});

/** @public */
export const securityLakeAccountRules = { isAccountOwner, isAccount };
