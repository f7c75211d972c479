import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ProvisionedRegion,
  subscriberRowFilter,
} from '@internal/plugin-security-lake-common';
import { SubscriberOperations } from '@internal/plugin-security-lake-node';
import { randomUUID } from 'node:crypto';
import { AccessRemoval } from './AccessRemoval';
import {
  fromRecord,
  grantableAccounts,
  listText,
  sameAccounts,
  teamFilters,
  teamName,
  withRegion,
} from './grants';
import { nextState } from './stateMachine';
import {
  StoredSubscriberRequest,
  SubscriberRequestStore,
} from './SubscriberRequestStore';
import { PROVISIONER, TransitionListener } from './transitions';

/** Statuses in which a subscriber can be used. */
const USABLE = new Set(['ACTIVE', 'READY']);

/** The provisioner lost the request it was working on: it was revoked, expired or taken over meanwhile. */
class LostRequest extends Error {}

/**
 * Carries approved requests to active, keeps active team-scoped grants within what was approved and the
 * team owns, and makes sure an ended request keeps nothing.
 *
 * It claims a request (approved → provisioning, a conditional update only one replica wins), then in each
 * region either creates the Security Lake subscriber (and its notification) or records, then puts, the data
 * cells filters naming the approved accounts the team owns and grants SELECT on them. Each step is recorded
 * and looked up before it is repeated, so a provision taken over after a crash, or retried after a failure,
 * finds what exists instead of creating it twice. A subscriber still `PENDING` is looked at again on the
 * next tick until usable. A failure leaves the request `failed` with its error.
 *
 * A request may be revoked or expire at any point, also while it is provisioning: the move comes first, then
 * everything recorded is removed; a provision that finds it lost the request adds what it made since to
 * what must be removed, and removes it. What could not be removed is tried again every tick until the ended
 * request records it as removed.
 *
 * Each tick also expires requests whose date has passed, narrows a team's grant when one of its accounts is
 * no longer the team's (and ends it when none is left), and ends a request once its extension is in place.
 *
 * @internal
 */
export class SubscriberProvisioner {
  private readonly id = randomUUID();
  private running?: Promise<void>;
  private again = false;
  private readonly removal: AccessRemoval;

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
  ) {
    this.removal = new AccessRemoval({
      store: options.store,
      operations: () => this.operations(),
      logger: options.logger,
      onTransition: options.onTransition,
    });
  }

  /**
   * Ends a request (revoke, expire, or replace by its extension), from whatever state it was read in, then
   * removes everything it was granted (`AccessRemoval`). Undefined when the state does not allow it or
   * someone else moved it first; else the request after.
   */
  end(
    request: StoredSubscriberRequest,
    action: 'revoke' | 'expire' | 'replace',
    actor: string,
    comment?: string,
  ): Promise<StoredSubscriberRequest | undefined> {
    return this.removal.end(request, action, actor, comment);
  }

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
    // first, so that nothing past its date is provisioned
    await this.expire();
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
    const active = await store.list({ state: 'active' });
    await this.followTeams(active.filter(r => r.scope === 'team'));
    await this.replaceExtended(active.filter(r => r.extendsRequestId));
    for (const request of await store.list({ unremoved: true })) {
      await this.removal.removeAccess(request.id);
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
      provisioned = withRegion(provisioned, region);
      if (
        !(await store.patch(request.id, this.id, {
          provisioned,
          ...this.claim(),
        }))
      ) {
        throw new LostRequest();
      }
    };
    try {
      const operations = this.operations();
      let granted: string[] | undefined;
      if (request.scope === 'team') {
        granted = grantableAccounts(
          request,
          await this.options.teamAccounts(request.ownerRef),
        );
        if (granted.length === 0) {
          await this.end(
            request,
            'revoke',
            PROVISIONER,
            `None of the approved accounts (${request.request.accountIds.join(
              ', ',
            )}) belongs to ${teamName(
              request.ownerRef,
            )} in the catalog any more, so nothing is granted`,
          );
          return;
        }
        for (const region of request.request.regions) {
          const filters = teamFilters(request, region, granted);
          // recorded before they are put: whatever may exist is what an end removes
          await record({ region, dataCellsFilters: filters });
          for (const filter of filters) {
            await operations.putDataCellsFilter(region, filter);
          }
          await operations.grantFilterSelect(
            region,
            request.request.principal,
            filters,
          );
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
          await record(fromRecord(region, subscriber));
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
      const activated = await this.move(request, 'activate', {
        provisioned,
        ...(granted ? { grantedAccountIds: granted } : {}),
        claimedBy: null,
        claimExpiresAt: null,
        error: null,
      });
      if (!activated) throw new LostRequest();
    } catch (error) {
      if (error instanceof LostRequest) {
        await this.removal.lost(request.id, provisioned);
        return;
      }
      const message = `${(error as Error).name}: ${(error as Error).message}`;
      this.options.logger.warn(
        `Provisioning subscriber request ${request.id} failed: ${message}`,
      );
      const failed = await this.move(request, 'fail', {
        provisioned,
        claimedBy: null,
        claimExpiresAt: null,
        error: message,
      });
      if (!failed) await this.removal.lost(request.id, provisioned);
    }
  }

  /** Moves a request this provisioner holds out of provisioning. */
  private async move(
    request: StoredSubscriberRequest,
    action: 'activate' | 'fail',
    patch: Parameters<SubscriberRequestStore['transition']>[1]['patch'],
  ) {
    const moved = await this.options.store.transition(request.id, {
      from: 'provisioning',
      to: nextState('provisioning', action)!,
      action,
      actor: PROVISIONER,
      heldBy: this.id,
      patch,
    });
    if (moved) {
      await this.options.onTransition({
        request: moved,
        action,
        actor: PROVISIONER,
      });
    }
    return moved;
  }

  private async expire(): Promise<void> {
    const now = new Date().toISOString();
    const due = (
      await this.options.store.list({
        states: ['pending', 'approved', 'provisioning', 'active', 'failed'],
      })
    ).filter(r => r.expiresAt && r.expiresAt <= now);
    for (const request of due) {
      try {
        await this.end(
          request,
          'expire',
          PROVISIONER,
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

  /**
   * Team-scoped grants never name more than what was approved and the team owns now: a filter naming an
   * account that left the team is narrowed (put again without it, a `narrow` transition), and a grant with
   * no account left ends. An account the team gains is never added: the team asks for an extension.
   */
  private async followTeams(active: StoredSubscriberRequest[]): Promise<void> {
    const teams = new Map<string, Promise<string[]>>();
    const accountsOf = (ownerRef: string) => {
      if (!teams.has(ownerRef)) {
        teams.set(ownerRef, this.options.teamAccounts(ownerRef));
      }
      return teams.get(ownerRef)!;
    };
    for (const request of active) {
      try {
        const team = await accountsOf(request.ownerRef);
        const granted = grantableAccounts(request, team);
        const rowFilter = subscriberRowFilter(granted);
        const inPlace = request.provisioned.every(p =>
          (p.dataCellsFilters ?? []).every(f => f.rowFilter === rowFilter),
        );
        if (inPlace && sameAccounts(request.grantedAccountIds, granted)) {
          continue;
        }
        if (inPlace && !request.grantedAccountIds) {
          // granted before the portal recorded it: the filters already say what it is
          await this.options.store.recordGranted(request.id, granted);
          continue;
        }
        const before = request.grantedAccountIds ?? request.request.accountIds;
        const left = before.filter(a => !team.includes(a));
        const why = left.length
          ? `${listText(left)} no longer ${
              left.length === 1 ? 'belongs' : 'belong'
            } to ${teamName(request.ownerRef)} in the catalog`
          : 'the row filters named accounts that were not approved';
        if (granted.length === 0) {
          await this.end(
            request,
            'revoke',
            PROVISIONER,
            `${why}: no approved account is left, so the access is removed`,
          );
          continue;
        }
        const provisioned = request.provisioned.map(p =>
          p.dataCellsFilters
            ? {
                ...p,
                dataCellsFilters: teamFilters(request, p.region, granted),
              }
            : p,
        );
        for (const region of provisioned) {
          for (const filter of region.dataCellsFilters ?? []) {
            await this.operations().putDataCellsFilter(region.region, filter);
          }
        }
        const comment = `${why}: the row filters now name ${listText(granted)}`;
        const narrowed = await this.options.store.transition(request.id, {
          from: 'active',
          to: 'active',
          action: 'narrow',
          actor: PROVISIONER,
          comment,
          unchangedSince: request.updatedAt,
          patch: { provisioned, grantedAccountIds: granted },
        });
        if (!narrowed) {
          await this.removal.lost(request.id, provisioned);
          continue;
        }
        await this.options.onTransition({
          request: narrowed,
          action: 'narrow',
          actor: PROVISIONER,
          comment,
        });
        this.options.logger.info(
          `Subscriber request ${request.id}: the row filters now name ${rowFilter}`,
        );
      } catch (error) {
        this.options.logger.warn(
          `Narrowing the row filters of subscriber request ${
            request.id
          } failed, trying again on the next tick: ${(error as Error).message}`,
        );
      }
    }
  }

  /** An extension in place replaces the request it extends: that one ends, and what it was granted goes. */
  private async replaceExtended(
    extensions: StoredSubscriberRequest[],
  ): Promise<void> {
    for (const extension of extensions) {
      try {
        const extended = await this.options.store.get(
          extension.extendsRequestId!,
        );
        if (extended?.state !== 'active') continue;
        await this.end(
          extended,
          'replace',
          PROVISIONER,
          `Replaced by its extension ${
            extension.request.subscriberName
          } (request ${extension.id}), which grants ${listText(
            extension.grantedAccountIds ?? extension.request.accountIds,
          )}`,
        );
      } catch (error) {
        this.options.logger.warn(
          `Replacing subscriber request ${
            extension.extendsRequestId
          } by its extension ${
            extension.id
          } failed, trying again on the next tick: ${(error as Error).message}`,
        );
      }
    }
  }
}
