import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { DefaultSecurityLakePermissionPolicy } from '@internal/plugin-security-lake-backend';
import {
  securityLakeCoverageReadPermission,
  securityLakeSubscriberApprovePermission,
} from '@internal/plugin-security-lake-common';
import { PortalPermissionPolicy } from './permissionPolicy';

const user = (...claims: string[]): PolicyQueryUser =>
  ({
    info: { userEntityRef: claims[0], ownershipEntityRefs: claims },
    identity: {
      type: 'user',
      userEntityRef: claims[0],
      ownershipEntityRefs: claims,
    },
    token: 'token',
    credentials: {} as any,
  } as PolicyQueryUser);

const securityLake = new DefaultSecurityLakePermissionPolicy({
  platformOwnerRefs: ['group:default/platform-security'],
});
const alice = user('user:default/alice', 'group:default/team-payments');
const pat = user('user:default/pat', 'group:default/platform-security');
const entityRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
});
const entityDelete = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
});
const unknown = createPermission({ name: 'other.thing.do', attributes: {} });

describe('PortalPermissionPolicy', () => {
  const policy = new PortalPermissionPolicy(securityLake);

  it('denies what it does not know and lets signed-in users read the catalog', async () => {
    expect(await policy.handle({ permission: unknown }, pat)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle({ permission: entityDelete }, pat)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle({ permission: entityRead }, alice)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policy.handle({ permission: entityRead })).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it("answers Security Lake's permissions with the plugin's own policy", async () => {
    expect(
      await policy.handle(
        { permission: securityLakeCoverageReadPermission },
        alice,
      ),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: 'IS_ACCOUNT_OWNER',
        params: {
          claims: ['user:default/alice', 'group:default/team-payments'],
        },
      },
    });
    expect(
      await policy.handle(
        { permission: securityLakeSubscriberApprovePermission },
        alice,
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy.handle(
        { permission: securityLakeSubscriberApprovePermission },
        pat,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});

describe('PortalPermissionPolicy in the demo', () => {
  it('opens what is not Security Lake, and keeps Security Lake scoped', async () => {
    const policy = new PortalPermissionPolicy(securityLake, 'allow-all');
    expect(await policy.handle({ permission: entityDelete }, alice)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(
      await policy.handle(
        { permission: securityLakeSubscriberApprovePermission },
        alice,
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });
});
