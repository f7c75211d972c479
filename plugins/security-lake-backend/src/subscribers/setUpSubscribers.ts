import {
  AuditorService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  SchedulerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  accountsOwnedBy,
  securityLakeSubscriberApprovePermission,
} from '@internal/plugin-security-lake-common';
import { ControlPlane } from '@internal/plugin-security-lake-node';
import { Knex } from 'knex';
import { AccountDirectory } from '../scope/AccountDirectory';
import { AccountScope } from '../scope/AccountScope';
import {
  securityLakeSubscriberRequestResourceRef,
  securityLakeSubscriberRequestRules,
} from '../permissions/subscriberRequestRules';
import { SubscriberApprovals, subscriberRequestResource } from './approvals';
import { SubscriberProvisioner } from './SubscriberProvisioner';
import { SubscriberRequestStore } from './SubscriberRequestStore';
import { SubscriberService } from './SubscriberService';
import { SubscriberSettings } from './settings';
import { subscriberTransitionListener } from './transitions';

/**
 * The subscriber capability: its store, the subscriber-request resource type (its rules, and `getResources`
 * reading the request a decision is about), the listener that audits and notifies every transition, the
 * provisioner on the scheduler (`securityLake.subscribers.pollSeconds`, 10 by default), and the service.
 *
 * @internal
 */
export async function setUpSubscribers(deps: {
  db: Knex;
  settings: SubscriberSettings;
  logger: LoggerService;
  auditor: AuditorService;
  scheduler: SchedulerService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  userInfo: UserInfoService;
  notifications: NotificationService;
  controlPlane: ControlPlane;
  scope: AccountScope;
  directory: AccountDirectory;
}): Promise<SubscriberService> {
  const { settings } = deps;
  const store = new SubscriberRequestStore(deps.db);
  // a policy's conditions on security-lake.subscriber.approve are applied to the request decided on
  deps.permissionsRegistry.addResourceType({
    resourceRef: securityLakeSubscriberRequestResourceRef,
    permissions: [securityLakeSubscriberApprovePermission],
    rules: Object.values(securityLakeSubscriberRequestRules),
    getResources: async ids =>
      Promise.all(
        ids.map(async id => {
          const request = await store.get(id);
          return request ? subscriberRequestResource(request) : undefined;
        }),
      ),
  });
  const onTransition = subscriberTransitionListener({
    auditor: deps.auditor,
    notifications: deps.notifications,
    logger: deps.logger,
    approverRefs: settings.approverRefs,
  });
  const teamAccounts = async (ownerRef: string, refuseEmpty = false) => {
    const { accounts, byOwner } = await deps.directory.index();
    if (refuseEmpty && accounts.length === 0) {
      throw new Error('The catalog lists no AWS accounts');
    }
    return accountsOwnedBy(byOwner, ownerRef);
  };
  const provisioner = new SubscriberProvisioner({
    store,
    operations: deps.controlPlane.subscribers,
    logger: deps.logger,
    onTransition,
    claimSeconds: settings.claimSeconds,
    // a catalog that lists no account at all was read wrong, not emptied: no grant is narrowed on it
    teamAccounts: ownerRef => teamAccounts(ownerRef, true),
  });
  await deps.scheduler.scheduleTask({
    id: 'security-lake-subscriber-provisioning',
    frequency: { seconds: settings.pollSeconds },
    timeout: { minutes: 10 },
    fn: () => provisioner.kick(),
  });
  return new SubscriberService({
    store,
    scope: deps.scope,
    approvals: new SubscriberApprovals(deps.permissions),
    userInfo: deps.userInfo,
    provisioner,
    onTransition,
    teamAccounts: ownerRef => teamAccounts(ownerRef),
    catalogId: deps.controlPlane.subscribers?.catalogId,
    lakeRegions: () => deps.controlPlane.listDataLakeRegions(),
  });
}
