import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { DefaultSecurityLakePermissionPolicy } from '@internal/plugin-security-lake-backend';
import {
  securityLakeCoverageReadPermission,
  securityLakeQueryManagePermission,
  securityLakeQueryRunAdhocPermission,
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
  adhocSqlRefs: ['group:default/team-payments'],
});
const alice = user('user:default/alice', 'group:default/team-payments');
const pat = user('user:default/pat', 'group:default/platform-security');
const carol = user('user:default/carol', 'group:default/team-checkout');
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

describe('ad-hoc SQL and saved queries', () => {
  const policy = new PortalPermissionPolicy(securityLake);
  const decide = async (permission: any, who: PolicyQueryUser) =>
    (await policy.handle({ permission }, who)).result;

  it('allows ad-hoc SQL to platform owners and the configured groups only', async () => {
    expect(await decide(securityLakeQueryRunAdhocPermission, pat)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decide(securityLakeQueryRunAdhocPermission, alice)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decide(securityLakeQueryRunAdhocPermission, carol)).toBe(
      AuthorizeResult.DENY,
    );
    const withoutGroups = new PortalPermissionPolicy(
      new DefaultSecurityLakePermissionPolicy({
        platformOwnerRefs: ['group:default/platform-security'],
      }),
    );
    expect(
      (
        await withoutGroups.handle(
          { permission: securityLakeQueryRunAdhocPermission },
          alice,
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('lets every signed-in team member manage saved queries, which the plugin narrows to their teams', async () => {
    expect(await decide(securityLakeQueryManagePermission, carol)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(
      (await policy.handle({ permission: securityLakeQueryManagePermission }))
        .result,
    ).toBe(AuthorizeResult.DENY);
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
