import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { ActionRegistrar, checkOneOf, checkRange } from './ActionRegistrar';

function registrar(appBaseUrl = 'http://portal.example.com/') {
  const registry = actionsRegistryServiceMock();
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const actions = new ActionRegistrar({
    registry,
    auth: mockServices.auth(),
    auditor,
    appBaseUrl,
  });
  return { registry, auditor, event, actions };
}

const schema = {
  input: (z: any) => z.object({ accountId: z.string() }),
  output: (z: any) => z.object({ seenBy: z.string() }),
};

describe('ActionRegistrar', () => {
  it('runs an action for the user it is invoked for, audited with its name', async () => {
    const { registry, auditor, event, actions } = registrar();
    const action = jest.fn(async ({ credentials }: any) => ({
      seenBy: credentials.principal.userEntityRef,
    }));
    actions.register({
      name: 'look',
      title: 'Look',
      description: 'Looks',
      attributes: { readOnly: true, idempotent: true, destructive: false },
      ...schema,
      action,
    });

    const result = await registry.invoke({
      id: 'test:look',
      input: { accountId: '111111111111' },
      credentials: mockCredentials.user('user:default/alice'),
    });
    expect(result).toEqual({ output: { seenBy: 'user:default/alice' } });
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'action-invoke',
      severityLevel: 'low',
      meta: {
        action: 'security-lake:look',
        input: { accountId: '111111111111' },
      },
    });
    expect(event.success).toHaveBeenCalled();
    // the attributes are the ones given, not the registry's defaults
    const [listed] = (await registry.list()).actions;
    expect(listed.attributes).toEqual({
      readOnly: true,
      idempotent: true,
      destructive: false,
    });
  });

  it('refuses a caller without a user before the action runs, unless the action reads for services', async () => {
    const { registry, event, actions } = registrar();
    const userOnly = jest.fn(async () => ({ seenBy: 'x' }));
    const forServices = jest.fn(async ({ credentials }: any) => ({
      seenBy: credentials.principal.subject,
    }));
    const attributes = { readOnly: true, idempotent: true, destructive: false };
    actions.register({
      name: 'runs',
      title: 'Runs',
      description: 'A person’s',
      attributes: { ...attributes, readOnly: false },
      ...schema,
      action: userOnly,
    });
    actions.register({
      name: 'reads',
      title: 'Reads',
      description: 'What configuration names',
      attributes,
      serviceReaders: true,
      ...schema,
      action: forServices,
    });
    const service = mockCredentials.service('external:auditor');

    await expect(
      registry.invoke({
        id: 'test:runs',
        input: { accountId: '111111111111' },
        credentials: service,
      }),
    ).rejects.toThrow(
      'security-lake:runs acts for a signed-in user, whose catalog ownership decides the accounts it reads; a service caller has none',
    );
    expect(userOnly).not.toHaveBeenCalled();
    expect(event.fail).toHaveBeenCalled();

    await expect(
      registry.invoke({
        id: 'test:reads',
        input: { accountId: '111111111111' },
        credentials: service,
      }),
    ).resolves.toEqual({ output: { seenBy: 'external:auditor' } });
  });

  it('links into the portal page, with or without a configured frontend address', () => {
    expect(registrar().actions.portalLink({ tab: 'queries', run: 'r 1' })).toBe(
      'http://portal.example.com/security-lake?tab=queries&run=r+1',
    );
    expect(registrar('').actions.portalLink({ tab: 'findings' })).toBe(
      '/security-lake?tab=findings',
    );
  });

  it('names the field and what it takes when a value is out of bounds', () => {
    expect(() =>
      checkOneOf('severity', ['High', 'Severe'], ['Critical', 'High']),
    ).toThrow('severity: "Severe" is not one of Critical, High');
    expect(checkOneOf('severity', ['High'], ['Critical', 'High'])).toEqual([
      'High',
    ]);
    expect(checkOneOf('severity', undefined, ['High'])).toBeUndefined();
    expect(() => checkRange('limit', 0, 1, 50)).toThrow(
      'limit: must be a whole number from 1 to 50',
    );
    expect(() => checkRange('limit', 2.5, 1, 50)).toThrow('limit:');
    expect(checkRange('limit', 50, 1, 50)).toBe(50);
  });
});
