import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  securityLakeCoverageReadPermission,
  securityLakeFindingsReadPermission,
  securityLakeQueryRunPermission,
} from '@internal/plugin-security-lake-common';
import { securityLakeAccountRules } from '../permissions/rules';
import { AccountDirectory } from './AccountDirectory';
import { AccountScope } from './AccountScope';

const account = (name: string, id: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, annotations: { 'amazonaws.com/account-id': id } },
  spec: { type: 'cloud-account', owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

const ENTITIES = [
  account('payments-prod', '111111111111', 'group:default/payments'),
  account('checkout-prod', '333333333333', 'group:default/checkout'),
  // a component of another team carries the payments account too: it links, and owns nothing
  {
    ...account('ledger', '111111111111', 'group:default/ledger'),
    kind: 'Component',
  },
];

function scopeAnswering(
  decision: PolicyDecision,
  serviceReaders?: Map<string, string[]>,
) {
  const catalog = catalogServiceMock({ entities: ENTITIES });
  const stream = jest.spyOn(catalog, 'streamEntities');
  const lakeAccounts = {
    listAccountIds: async () => ['111111111111', '777777777777'],
  };
  const scope = new AccountScope({
    directory: new AccountDirectory({ catalog, auth: mockServices.auth() }),
    lakeAccounts,
    permissions: mockServices.permissions.mock({
      authorizeConditional: async () => [decision],
    }),
    serviceReaders,
    // what permissionsRegistry.getPermissionRuleset answers once the plugin registered its rules
    rules: {
      getRuleByName: (name: string) => {
        const rule = Object.values(securityLakeAccountRules).find(
          r => r.name === name,
        );
        if (!rule) throw new Error(`No rule ${name}`);
        return rule as any;
      },
    },
  });
  return { scope, stream };
}

const conditional = (conditions: any): PolicyDecision => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'security-lake',
  resourceType: 'security-lake-account',
  conditions,
});

const resolve = (scope: AccountScope) =>
  scope.resolve(mockCredentials.user(), securityLakeCoverageReadPermission);

describe('AccountScope', () => {
  it('refuses with NotAllowedError when the policy denies', async () => {
    const { scope, stream } = scopeAnswering({ result: AuthorizeResult.DENY });
    await expect(resolve(scope)).rejects.toThrow(
      expect.objectContaining({ name: 'NotAllowedError' }),
    );
    expect(stream).not.toHaveBeenCalled();
  });

  it('answers from one read of the catalog, with the owners of the entities that declare the allowed accounts', async () => {
    const { scope, stream } = scopeAnswering(
      conditional({
        rule: 'IS_ACCOUNT_OWNER',
        resourceType: 'security-lake-account',
        params: { claims: ['group:default/payments'] },
      }),
    );
    const accounts = await resolve(scope);
    expect(accounts.map(a => a.accountId)).toEqual(['111111111111']);
    // the component's team owns nothing by carrying the id: only the cloud-account Resource declares it
    expect(accounts[0]).toMatchObject({
      owners: ['group:default/payments'],
      entityRefs: ['resource:default/payments-prod'],
      inCatalog: true,
    });
    // it still shows the account on the component's own page
    expect(accounts[0].relatedRefs).toContain('component:default/ledger');
    expect(accounts[0].relatedRefs).not.toContain('group:default/ledger');
    await resolve(scope);
    // the list is cached: one read of the catalog for both requests
    expect(stream).toHaveBeenCalledTimes(1);
  });

  it('applies negated conditions', async () => {
    const { scope } = scopeAnswering(
      conditional({
        not: {
          rule: 'IS_ACCOUNT',
          resourceType: 'security-lake-account',
          params: { accountIds: ['111111111111'] },
        },
      }),
    );
    expect((await resolve(scope)).map(a => a.accountId)).toEqual([
      '333333333333',
    ]);
  });

  it('shows callers allowed everything the accounts nobody declared as well', async () => {
    const { scope } = scopeAnswering({ result: AuthorizeResult.ALLOW });
    const accounts = await resolve(scope);
    expect(accounts.map(a => [a.accountId, a.inCatalog])).toEqual([
      ['111111111111', true],
      ['333333333333', true],
      ['777777777777', false],
    ]);
  });

  it('gives a caller without a user the accounts configuration names for its subject, to read only, whatever the policy says', async () => {
    const { scope } = scopeAnswering(
      { result: AuthorizeResult.ALLOW },
      new Map([['auditor', ['333333333333']]]),
    );
    const ids = async (subject: string, permission: any) =>
      (await scope.resolve(mockCredentials.service(subject), permission)).map(
        a => a.accountId,
      );
    expect(await ids('auditor', securityLakeCoverageReadPermission)).toEqual([
      '333333333333',
    ]);
    expect(await ids('auditor', securityLakeFindingsReadPermission)).toEqual([
      '333333333333',
    ]);
    // a run is a person's; a subject not named reads nothing, though the policy allows everything
    expect(await ids('auditor', securityLakeQueryRunPermission)).toEqual([]);
    expect(
      await ids('plugin:mcp-actions', securityLakeCoverageReadPermission),
    ).toEqual([]);
    expect(
      await scope.visibility(
        mockCredentials.service('plugin:other'),
        securityLakeFindingsReadPermission,
      ),
    ).toEqual({ all: false, accountIds: [] });
  });
});
