import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DefaultSecurityLakePermissionPolicy } from '../permissions/DefaultSecurityLakePermissionPolicy';

/** A `cloud-account` Resource as the AWS organization processor emits it. */
export const accountEntity = (
  name: string,
  accountId: string,
  owner: string,
  extra: Partial<Entity['spec']> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    title: name,
    annotations: { 'amazonaws.com/account-id': accountId },
  },
  spec: { type: 'cloud-account', owner, ...extra },
  relations: [
    { type: 'ownedBy', targetRef: owner },
    ...(extra.system
      ? [{ type: 'partOf', targetRef: `system:default/${extra.system}` }]
      : []),
  ],
});

/** Who belongs to which team in the tests' organisation; platform-security owns the platform. */
export const CLAIMS: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team-payments'],
  'user:default/bob': ['user:default/bob', 'group:default/team-payments'],
  'user:default/carol': ['user:default/carol', 'group:default/team-checkout'],
  'user:default/pat': ['user:default/pat', 'group:default/platform-security'],
  'user:default/nobody': ['user:default/nobody'],
};

/**
 * The permission service answering with the real default policy for the user in the credentials;
 * `user:default/blocked` is refused outright, as an organisation's policy may do.
 */
export function portalPermissions() {
  const policy = new DefaultSecurityLakePermissionPolicy({
    platformOwnerRefs: ['group:default/platform-security'],
    // payments may write SQL, checkout may not
    adhocSqlRefs: ['group:default/team-payments'],
  });
  const decide = (permission: any, credentials: BackstageCredentials) => {
    const userEntityRef = (
      credentials as BackstageCredentials<{
        type: 'user';
        userEntityRef: string;
      }>
    ).principal.userEntityRef;
    if (userEntityRef === 'user:default/blocked') {
      return { result: AuthorizeResult.DENY };
    }
    return (
      policy.handle({ permission }, {
        info: {
          userEntityRef,
          ownershipEntityRefs: CLAIMS[userEntityRef] ?? [],
        },
        token: '',
        identity: { type: 'user', userEntityRef, ownershipEntityRefs: [] },
        credentials,
      } as any) ?? { result: AuthorizeResult.DENY }
    );
  };
  return mockServices.permissions.mock({
    authorizeConditional: jest.fn(async (queries, { credentials }) =>
      queries.map(({ permission }) => decide(permission, credentials)),
    ),
    authorize: jest.fn(async (queries: any[], { credentials }: any) =>
      queries.map(({ permission }) => decide(permission, credentials)),
    ) as any,
  });
}

/** The user-info service answering from CLAIMS. */
export function portalUserInfo() {
  return mockServices.userInfo.mock({
    getUserInfo: jest.fn(async (credentials: any) => {
      const userEntityRef = credentials.principal.userEntityRef;
      return {
        userEntityRef,
        ownershipEntityRefs: CLAIMS[userEntityRef] ?? [userEntityRef],
      };
    }),
  });
}

/** Request headers of a signed-in user. */
export const as = (user: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${user}`),
});
