import * as main from '@internal/plugin-security-lake-backend';
import * as permissions from '@internal/plugin-security-lake-backend/permissions';

describe('the entry points', () => {
  it('main exports what an adopter installs: the plugin and the default policy', () => {
    expect(Object.keys(main).sort()).toEqual([
      'DefaultSecurityLakePermissionPolicy',
      'default',
    ]);
  });

  it('/permissions exports the resource types, rules and conditions a policy answers with', () => {
    expect(Object.keys(permissions).sort()).toEqual([
      'createSecurityLakeAccountConditionalDecision',
      'createSecurityLakeSubscriberRequestConditionalDecision',
      'hasRequestScope',
      'isAccount',
      'isAccountOwner',
      'isRequestOfTeam',
      'securityLakeAccountConditions',
      'securityLakeAccountResourceRef',
      'securityLakeAccountRules',
      'securityLakeSubscriberRequestConditions',
      'securityLakeSubscriberRequestResourceRef',
      'securityLakeSubscriberRequestRules',
    ]);
  });
});
