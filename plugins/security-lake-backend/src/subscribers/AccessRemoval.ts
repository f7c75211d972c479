import { LoggerService } from '@backstage/backend-plugin-api';
import { ProvisionedRegion } from '@internal/plugin-security-lake-common';
import { SubscriberOperations } from '@internal/plugin-security-lake-node';
import { nextState } from './stateMachine';
import {
  ENDED_STATES,
  StoredSubscriberRequest,
  SubscriberRequestStore,
} from './SubscriberRequestStore';
import { TransitionListener } from './transitions';

/**
 * Ending access: a request moves first (revoke, expire, or replace by its extension), then everything it
 * records is removed (subscribers deleted, grants revoked, filters deleted). What cannot be removed now is
 * kept on the request and removed on a later tick, until the request records it as removed. A provision or
 * a narrowing that finds it lost its request hands what it made here.
 *
 * @internal
 */
export class AccessRemoval {
  constructor(
    private readonly options: {
      store: SubscriberRequestStore;
      /** The control plane's subscriber operations; throws when it has none. */
      operations: () => SubscriberOperations;
      logger: LoggerService;
      onTransition: TransitionListener;
    },
  ) {}

  /**
   * Ends a request (revoke, expire, or replace by its extension), from whatever state it was read in, then
   * removes everything it was granted. Undefined when the state does not allow it or someone else moved it
   * first; else the request after, with `removedAt` once nothing is left (what could not be removed now is
   * tried again on the next tick).
   */
  async end(
    request: StoredSubscriberRequest,
    action: 'revoke' | 'expire' | 'replace',
    actor: string,
    comment?: string,
  ): Promise<StoredSubscriberRequest | undefined> {
    const to = nextState(request.state, action);
    if (!to) return undefined;
    const moved = await this.options.store.transition(request.id, {
      from: request.state,
      to,
      action,
      actor,
      comment,
      // a provision under way finds it lost the request at its next step
      patch: { claimedBy: null, claimExpiresAt: null },
    });
    if (!moved) return undefined;
    await this.options.onTransition({ request: moved, action, actor, comment });
    await this.removeAccess(moved.id);
    return this.options.store.get(moved.id);
  }

  /**
   * Removes what an ended request still records (subscribers deleted, grants revoked, filters deleted) and
   * says so on the request; true once it is removed. A failure is kept on the request and tried again.
   */
  async removeAccess(id: string): Promise<boolean> {
    const { store } = this.options;
    const request = await store.get(id);
    if (!request || !ENDED_STATES.includes(request.state)) return false;
    if (request.removedAt) return true;
    try {
      await this.teardown(request);
      // false when a provision added what it made meanwhile: the next pass removes that too
      return await store.markRemoved(id, request.provisioned);
    } catch (error) {
      const message = `${(error as Error).name}: ${(error as Error).message}`;
      this.options.logger.warn(
        `Removing the access of subscriber request ${id} failed, trying again on the next tick: ${message}`,
      );
      await store.noteRemovalError(id, message);
      return false;
    }
  }

  private async teardown(request: StoredSubscriberRequest): Promise<void> {
    if (request.provisioned.length === 0) return;
    const operations = this.options.operations();
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

  /**
   * A provision or a narrowing found the request moved under it. If it ended, what was made is added to
   * what it must remove, and removed; if it is still in force (another replica holds or narrowed it), the
   * filters it records are put again, so that they, not what was put here, are what Lake Formation has.
   */
  async lost(id: string, made: ProvisionedRegion[]): Promise<void> {
    const { store } = this.options;
    if (await store.addLeftovers(id, made)) {
      await this.removeAccess(id);
      return;
    }
    const now = await store.get(id);
    if (now?.state !== 'active' || now.scope !== 'team') return;
    for (const region of now.provisioned) {
      for (const filter of region.dataCellsFilters ?? []) {
        await this.options
          .operations()
          .putDataCellsFilter(region.region, filter);
      }
    }
  }
}
