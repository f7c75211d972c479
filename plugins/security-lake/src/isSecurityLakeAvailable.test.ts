import { Entity } from '@backstage/catalog-model';
import { isSecurityLakeAvailable } from './isSecurityLakeAvailable';

function entity(partial: Partial<Entity> & { kind: string }): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    metadata: { name: 'example' },
    ...partial,
  };
}

describe('isSecurityLakeAvailable', () => {
  it('accepts entities declaring an account id', () => {
    expect(
      isSecurityLakeAvailable(
        entity({
          kind: 'Component',
          metadata: {
            name: 'payments-api',
            annotations: { 'amazonaws.com/account-id': '111122223333' },
          },
        }),
      ),
    ).toBe(true);
  });

  it('ignores malformed account ids', () => {
    expect(
      isSecurityLakeAvailable(
        entity({
          kind: 'Component',
          metadata: {
            name: 'payments-api',
            annotations: { 'amazonaws.com/account-id': 'not-an-account' },
          },
        }),
      ),
    ).toBe(false);
  });

  it('accepts groups and systems', () => {
    expect(isSecurityLakeAvailable(entity({ kind: 'Group' }))).toBe(true);
    expect(isSecurityLakeAvailable(entity({ kind: 'System' }))).toBe(true);
    expect(isSecurityLakeAvailable(entity({ kind: 'User' }))).toBe(false);
  });

  it('accepts entities depending on a resource', () => {
    expect(
      isSecurityLakeAvailable(
        entity({
          kind: 'Component',
          relations: [
            { type: 'dependsOn', targetRef: 'resource:default/payments-prod' },
          ],
        }),
      ),
    ).toBe(true);
  });

  it('rejects entities depending only on components or owning resources', () => {
    expect(
      isSecurityLakeAvailable(
        entity({
          kind: 'Component',
          relations: [
            { type: 'dependsOn', targetRef: 'component:default/ledger' },
            { type: 'ownerOf', targetRef: 'resource:default/payments-prod' },
          ],
        }),
      ),
    ).toBe(false);
  });
});
