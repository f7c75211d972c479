import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { SubscriberOperations } from '@internal/plugin-security-lake-node';
import { migrateSecurityLakeDatabase } from '../database/migrateSecurityLakeDatabase';
import { subscriberRowFilter } from '@internal/plugin-security-lake-common';
import { SubscriberProvisioner } from './SubscriberProvisioner';
import { SubscriberRequestStore } from './SubscriberRequestStore';

describe('SubscriberProvisioner', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it("moves a team's row filters to the accounts the catalog gives the team now", async () => {
    const knex = await databases.init('SQLITE_3');
    const db = await migrateSecurityLakeDatabase(
      mockServices.database({ knex }),
    );
    const store = new SubscriberRequestStore(db);
    const put: string[] = [];
    const ops = {
      catalogId: '555555555555',
      putDataCellsFilter: async (_region: string, f: any) => {
        put.push(`${f.name}: ${f.rowFilter}`);
      },
      grantFilterSelect: async () => {},
    } as unknown as SubscriberOperations;
    let teamAccounts = ['111111111111'];
    const provisioner = new SubscriberProvisioner({
      store,
      operations: ops,
      logger: mockServices.logger.mock(),
      teamAccounts: async () => teamAccounts,
      onTransition: async () => {},
    });
    const now = new Date().toISOString();
    await store.insert({
      id: '00000000-1111-2222-3333-444444444444',
      ownerRef: 'group:default/team-payments',
      requestedBy: 'user:default/alice',
      state: 'pending',
      scope: 'team',
      request: {
        subscriberName: 'payments',
        principal: '999999999999',
        externalId: 'ext-1',
        accountIds: ['111111111111'],
        sources: [{ source: 'VPC_FLOW', version: '2.0' }],
        regions: ['us-east-1'],
        accessType: 'LAKEFORMATION',
        justification: 'flows of our own accounts',
      },
      provisioned: [],
      createdAt: now,
      updatedAt: now,
    });
    await store.transition('00000000-1111-2222-3333-444444444444', {
      from: 'pending',
      to: 'approved',
      action: 'approve',
      actor: 'user:default/pat',
    });
    await provisioner.tick();
    expect(put).toEqual([
      "portal_00000000_vpc_flow_2_0: accountid IN ('111111111111')",
    ]);

    // nothing changed: nothing is put again
    await provisioner.tick();
    expect(put).toHaveLength(1);

    teamAccounts = ['222222222222', '111111111111'];
    await provisioner.tick();
    expect(put).toEqual([
      "portal_00000000_vpc_flow_2_0: accountid IN ('111111111111')",
      "portal_00000000_vpc_flow_2_0: accountid IN ('111111111111', '222222222222')",
    ]);
    const after = await store.get('00000000-1111-2222-3333-444444444444');
    expect(after?.provisioned[0].dataCellsFilters?.[0].rowFilter).toBe(
      subscriberRowFilter(teamAccounts),
    );
    expect(after?.state).toBe('active');
  });
});
