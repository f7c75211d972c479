import { LoggerService } from '@backstage/backend-plugin-api';
import {
  getSecurityLakeSource,
  ProvisionedRegion,
  securityLakeDatabaseName,
  securityLakeTableName,
  subscriberRowFilter,
} from '@internal/plugin-security-lake-common';
import {
  DataCellsFilterSpec,
  SubscriberOperations,
  SubscriberRecord,
} from '@internal/plugin-security-lake-node';
import { randomUUID } from 'node:crypto';
import { SubscriberAction } from './stateMachine';
import {
  StoredSubscriberRequest,
  SubscriberRequestStore,
} from './SubscriberRequestStore';

/** Who the provisioner is in transitions and audit events. @internal */
export const PROVISIONER = 'plugin:security-lake';
/** Statuses in which a subscriber can be used. */
const USABLE = new Set(['ACTIVE', 'READY']);

/** Told of every transition the provisioner makes: for notifications and the auditor. @internal */
export type TransitionListener = (event: {
  request: StoredSubscriberRequest;
  action: SubscriberAction;
  actor: string;
  comment?: string;
}) => Promise<void>;

/** The data cells filters a team-scoped request needs in one region: one per table. @internal */
export function teamFilters(
  request: StoredSubscriberRequest,
  region: string,
  accountIds: string[],
): DataCellsFilterSpec[] {
  return request.request.sources.map(({ source, version }) => ({
    database: securityLakeDatabaseName(region),
    table: securityLakeTableName(region, source, version),
    name: `portal_${request.id.slice(0, 8)}_${
      getSecurityLakeSource(source).tableSuffix
    }_${version.replace('.', '_')}`,
    rowFilter: subscriberRowFilter(accountIds),
  }));
}

function fromRecord(
  region: string,
  record: SubscriberRecord,
): ProvisionedRegion {
  return { region, ...record };
}

/**
 * Carries approved requests to active. It claims a request (approved → provisioning, a conditional update
 * only one replica wins), then in each region either creates the Security Lake subscriber (and its
 * notification) or puts the team's data cells filters and grants SELECT on them. Each step is recorded as
 * it completes and looked up before it is repeated, so a provision taken over after a crash, or retried
 * after a failure, finds what exists instead of creating it twice. A subscriber still `PENDING` is looked
 * at again on the next tick until usable. A failure leaves the request `failed` with its error.
 *
 * Each tick also expires requests whose date has passed (removing what they were granted), and moves
 * team-scoped filters to the team's accounts as the catalog has them now.
 *
 * @internal
 */
export class SubscriberProvisioner {
  private readonly id = randomUUID();
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly options: {
      store: SubscriberRequestStore;
      operations?: SubscriberOperations;
      logger: LoggerService;
      /** The accounts a team owns now, from the catalog. */
      teamAccounts: (ownerRef: string) => Promise<string[]>;
      onTransition: TransitionListener;
      claimSeconds?: number;
    },
  ) {}

  /** Runs a tick now, or once more after the one running. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.tick();
        } while (this.again);
      } catch (error) {
        this.options.logger.error(
          `Subscriber provisioning failed: ${(error as Error).message}`,
        );
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async tick(): Promise<void> {
    const { store } = this.options;
    const worked = new Set<string>();
    for (const request of await store.list({ state: 'approved' })) {
      const claimed = await store.transition(request.id, {
        from: 'approved',
        to: 'provisioning',
        action: 'provision',
        actor: PROVISIONER,
        patch: { ...this.claim(), error: null },
      });
      if (claimed) {
        await this.options.onTransition({
          request: claimed,
          action: 'provision',
          actor: PROVISIONER,
        });
        await this.work(claimed);
        worked.add(claimed.id);
      }
    }
    for (const request of await store.list({ state: 'provisioning' })) {
      // one just claimed above was looked at a moment ago: its subscriber waits for the next tick
      if (worked.has(request.id)) continue;
      const mine =
        request.claimedBy === this.id ||
        (await store.takeOver(request.id, this.id, this.claimUntil()));
      if (mine) await this.work({ ...request, claimedBy: this.id });
    }
    await this.expire();
    await this.followTeams();
  }

  /** Removes what a request was granted: subscribers deleted, or grants revoked and filters deleted. */
  async teardown(request: StoredSubscriberRequest): Promise<void> {
    const operations = this.operations();
    for (const region of request.provisioned) {
      if (region.subscriberId) {
        await operations.deleteSubscriber(region.region, region.subscriberId);
      }
      if (region.dataCellsFilters?.length) {
        await operations.revokeFilterSelect(
          region.region,
          request.request.principal,
          region.dataCellsFilters,
        );
        for (const filter of region.dataCellsFilters) {
          await operations.deleteDataCellsFilter(region.region, filter);
        }
      }
    }
  }

  private claimUntil(): Date {
    return new Date(Date.now() + (this.options.claimSeconds ?? 600) * 1000);
  }

  private claim() {
    return {
      claimedBy: this.id,
      claimExpiresAt: this.claimUntil().toISOString(),
    };
  }

  private operations(): SubscriberOperations {
    if (!this.options.operations) {
      throw new Error(
        'The control plane cannot create subscribers; set securityLake.controlPlane to aws or local',
      );
    }
    return this.options.operations;
  }

  private async work(request: StoredSubscriberRequest): Promise<void> {
    const { store } = this.options;
    let provisioned = request.provisioned;
    const record = async (region: ProvisionedRegion) => {
      provisioned = [
        ...provisioned.filter(p => p.region !== region.region),
        region,
      ].sort((a, b) => a.region.localeCompare(b.region));
      await store.patch(request.id, this.id, {
        provisioned,
        ...this.claim(),
      });
    };
    try {
      const operations = this.operations();
      if (request.scope === 'team') {
        const accounts = await this.options.teamAccounts(request.ownerRef);
        for (const region of request.request.regions) {
          const filters = teamFilters(request, region, accounts);
          for (const filter of filters) {
            await operations.putDataCellsFilter(region, filter);
          }
          await operations.grantFilterSelect(
            region,
            request.request.principal,
            filters,
          );
          await record({ region, dataCellsFilters: filters });
        }
      } else {
        for (const region of request.request.regions) {
          const known = provisioned.find(p => p.region === region);
          let subscriber =
            (known?.subscriberId
              ? await operations.getSubscriber(region, known.subscriberId)
              : undefined) ??
            (await operations.findSubscriber(
              region,
              request.request.subscriberName,
            ));
          if (!subscriber) {
            subscriber = await operations.createSubscriber(region, {
              name: request.request.subscriberName,
              description: request.request.description,
              principal: request.request.principal,
              externalId: request.request.externalId,
              sources: request.request.sources,
              accessTypes: [request.request.accessType],
              tags: { 'backstage-request-id': request.id },
            });
          }
          let endpoint =
            known?.subscriberEndpoint ?? subscriber.subscriberEndpoint;
          if (request.request.notification && !endpoint) {
            endpoint = await operations.createSubscriberNotification(
              region,
              subscriber.subscriberId,
              request.request.notification,
            );
          }
          await record({
            ...fromRecord(region, subscriber),
            ...(endpoint ? { subscriberEndpoint: endpoint } : {}),
          });
        }
        if (
          !provisioned.every(p => USABLE.has(p.subscriberStatus ?? '')) ||
          provisioned.length < request.request.regions.length
        ) {
          return; // looked at again on the next tick
        }
      }
      await this.move(request, 'provisioning', 'activate', 'active', {
        provisioned,
        claimedBy: null,
        claimExpiresAt: null,
        error: null,
      });
    } catch (error) {
      const message = `${(error as Error).name}: ${(error as Error).message}`;
      this.options.logger.warn(
        `Provisioning subscriber request ${request.id} failed: ${message}`,
      );
      await this.move(request, 'provisioning', 'fail', 'failed', {
        provisioned,
        claimedBy: null,
        claimExpiresAt: null,
        error: message,
      });
    }
  }

  private async move(
    request: StoredSubscriberRequest,
    from: StoredSubscriberRequest['state'],
    action: SubscriberAction,
    to: StoredSubscriberRequest['state'],
    patch: Parameters<SubscriberRequestStore['transition']>[1]['patch'],
    comment?: string,
  ) {
    const moved = await this.options.store.transition(request.id, {
      from,
      to,
      action,
      actor: PROVISIONER,
      comment,
      heldBy: from === 'provisioning' ? this.id : undefined,
      patch,
    });
    if (moved) {
      await this.options.onTransition({
        request: moved,
        action,
        actor: PROVISIONER,
        comment,
      });
    }
  }

  private async expire(): Promise<void> {
    const now = new Date().toISOString();
    const due = (
      await this.options.store.list({
        states: ['pending', 'active', 'failed'],
      })
    ).filter(r => r.expiresAt && r.expiresAt <= now);
    for (const request of due) {
      try {
        if (request.state !== 'pending') await this.teardown(request);
        await this.move(
          request,
          request.state,
          'expire',
          'expired',
          {},
          'the access date has passed',
        );
      } catch (error) {
        this.options.logger.warn(
          `Expiring subscriber request ${
            request.id
          } failed, trying again later: ${(error as Error).message}`,
        );
      }
    }
  }

  /** Team-scoped grants follow the team's accounts: a filter naming other accounts is put again. */
  private async followTeams(): Promise<void> {
    const active = await this.options.store.list({ state: 'active' });
    for (const request of active.filter(r => r.scope === 'team')) {
      const accounts = await this.options.teamAccounts(request.ownerRef);
      const rowFilter = subscriberRowFilter(accounts);
      if (
        request.provisioned.every(p =>
          (p.dataCellsFilters ?? []).every(f => f.rowFilter === rowFilter),
        )
      ) {
        continue;
      }
      try {
        const provisioned: ProvisionedRegion[] = [];
        for (const region of request.provisioned) {
          const filters = teamFilters(request, region.region, accounts);
          for (const filter of filters) {
            await this.operations().putDataCellsFilter(region.region, filter);
          }
          provisioned.push({ ...region, dataCellsFilters: filters });
        }
        await this.options.store.patch(request.id, undefined, { provisioned });
        this.options.logger.info(
          `Subscriber request ${request.id}: the row filters now name ${rowFilter}`,
        );
      } catch (error) {
        this.options.logger.warn(
          `Updating the row filters of subscriber request ${
            request.id
          } failed: ${(error as Error).message}`,
        );
      }
    }
  }
}
