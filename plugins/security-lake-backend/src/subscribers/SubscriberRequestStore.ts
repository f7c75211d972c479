import {
  ProvisionedRegion,
  SubscriberRequestInput,
  SubscriberRequestState,
  SubscriberRequestTransition,
  SubscriberScope,
} from '@internal/plugin-security-lake-common';
import { Knex } from 'knex';
import { nextState, SubscriberAction } from './stateMachine';

/** A request as the plugin keeps it. @internal */
export interface StoredSubscriberRequest {
  id: string;
  ownerRef: string;
  requestedBy: string;
  state: SubscriberRequestState;
  scope: SubscriberScope;
  request: SubscriberRequestInput;
  provisioned: ProvisionedRegion[];
  error?: string;
  claimedBy?: string;
  claimExpiresAt?: string;
  expiresAt?: string;
  /** Team scope, once provisioned: the accounts the row filters name now. */
  grantedAccountIds?: string[];
  /** Revoked or expired: when everything provisioned was removed. */
  removedAt?: string;
  /** The request this one extends (and replaces once in place). */
  extendsRequestId?: string;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  owner_ref: string;
  requested_by: string;
  state: string;
  scope: string;
  request: string;
  provisioned: string;
  error: string | null;
  claimed_by: string | null;
  claim_expires_at: string | null;
  expires_at: string | null;
  granted_account_ids: string | null;
  removed_at: string | null;
  extends_request_id: string | null;
  created_at: string;
  updated_at: string;
}

/** Fields a transition or a provisioner may change besides the state. @internal */
export interface SubscriberRequestPatch {
  scope?: SubscriberScope;
  provisioned?: ProvisionedRegion[];
  /** `null` clears it. */
  error?: string | null;
  claimedBy?: string | null;
  claimExpiresAt?: string | null;
  grantedAccountIds?: string[];
  /** `null` says something may remain granted again. */
  removedAt?: string | null;
}

/** States in which a request keeps nothing granted, once its access is removed. */
export const ENDED_STATES: SubscriberRequestState[] = ['revoked', 'expired'];

const REQUESTS = 'subscriber_requests';
/** How an error that removing access left starts, so that removing it later clears only that. */
const REMOVAL_FAILED = 'Removing the access failed, trying again';
const TRANSITIONS = 'subscriber_request_transitions';

function fromRow(row: Row): StoredSubscriberRequest {
  return {
    id: row.id,
    ownerRef: row.owner_ref,
    requestedBy: row.requested_by,
    state: row.state as SubscriberRequestState,
    scope: row.scope as SubscriberScope,
    request: JSON.parse(row.request),
    provisioned: JSON.parse(row.provisioned),
    ...(row.error ? { error: row.error } : {}),
    ...(row.claimed_by ? { claimedBy: row.claimed_by } : {}),
    ...(row.claim_expires_at ? { claimExpiresAt: row.claim_expires_at } : {}),
    ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
    ...(row.granted_account_ids
      ? { grantedAccountIds: JSON.parse(row.granted_account_ids) }
      : {}),
    ...(row.removed_at ? { removedAt: row.removed_at } : {}),
    ...(row.extends_request_id
      ? { extendsRequestId: row.extends_request_id }
      : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function patchColumns(patch: SubscriberRequestPatch): Partial<Row> {
  return {
    ...(patch.scope ? { scope: patch.scope } : {}),
    ...(patch.provisioned
      ? { provisioned: JSON.stringify(patch.provisioned) }
      : {}),
    ...(patch.error !== undefined ? { error: patch.error } : {}),
    ...(patch.claimedBy !== undefined ? { claimed_by: patch.claimedBy } : {}),
    ...(patch.claimExpiresAt !== undefined
      ? { claim_expires_at: patch.claimExpiresAt }
      : {}),
    ...(patch.grantedAccountIds
      ? { granted_account_ids: JSON.stringify(patch.grantedAccountIds) }
      : {}),
    ...(patch.removedAt !== undefined ? { removed_at: patch.removedAt } : {}),
  };
}

/** One region's record with what `more` says was made there too: its filters by name, its subscriber. */
function mergeRegion(
  known: ProvisionedRegion | undefined,
  more: ProvisionedRegion,
): ProvisionedRegion {
  if (!known) return more;
  const filters = new Map(
    [...(known.dataCellsFilters ?? []), ...(more.dataCellsFilters ?? [])].map(
      f => [f.name, f],
    ),
  );
  return {
    ...known,
    ...more,
    ...(filters.size ? { dataCellsFilters: [...filters.values()] } : {}),
  };
}

/**
 * Subscriber requests and their transitions. A state changes only by a conditional update on the state it
 * was read in, in one transaction with its transition row: of two approvals, or two replicas claiming the
 * same request, exactly one changes it and the other is told it lost.
 *
 * @internal
 */
export class SubscriberRequestStore {
  constructor(private readonly db: Knex) {}

  async insert(request: StoredSubscriberRequest): Promise<void> {
    await this.db.transaction(async tx => {
      await tx<Row>(REQUESTS).insert({
        id: request.id,
        owner_ref: request.ownerRef,
        requested_by: request.requestedBy,
        state: request.state,
        scope: request.scope,
        request: JSON.stringify(request.request),
        provisioned: JSON.stringify(request.provisioned),
        error: null,
        claimed_by: null,
        claim_expires_at: null,
        expires_at: request.expiresAt ?? null,
        granted_account_ids: null,
        removed_at: null,
        extends_request_id: request.extendsRequestId ?? null,
        created_at: request.createdAt,
        updated_at: request.updatedAt,
      });
      await tx(TRANSITIONS).insert({
        request_id: request.id,
        from_state: null,
        to_state: request.state,
        action: 'request',
        actor: request.requestedBy,
        comment: null,
        at: request.createdAt,
      });
    });
  }

  async get(id: string): Promise<StoredSubscriberRequest | undefined> {
    const row = await this.db<Row>(REQUESTS).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  /** Newest first; those of the given teams, or all. */
  async list(filter: {
    ownerRefs?: string[];
    state?: SubscriberRequestState;
    states?: SubscriberRequestState[];
    /** Only ended requests whose access is not known to be removed yet. */
    unremoved?: boolean;
    /** Only extensions of this request. */
    extending?: string;
  }): Promise<StoredSubscriberRequest[]> {
    const query = this.db<Row>(REQUESTS).orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
    if (filter.ownerRefs) query.whereIn('owner_ref', filter.ownerRefs);
    if (filter.state) query.where('state', filter.state);
    if (filter.states) query.whereIn('state', filter.states);
    if (filter.unremoved) {
      query.whereIn('state', ENDED_STATES).whereNull('removed_at');
    }
    if (filter.extending) query.where('extends_request_id', filter.extending);
    return (await query).map(fromRow);
  }

  async transitions(id: string): Promise<SubscriberRequestTransition[]> {
    const rows = await this.db(TRANSITIONS)
      .where({ request_id: id })
      .orderBy('seq');
    return rows.map((r: any) => ({
      ...(r.from_state ? { from: r.from_state } : {}),
      to: r.to_state,
      action: r.action,
      by: r.actor,
      at: r.at,
      ...(r.comment ? { comment: r.comment } : {}),
    }));
  }

  /**
   * Moves a request from `from` to `to` if it is still in `from` (with `heldBy`, still held by that claim;
   * with `unchangedSince`, not changed since it was read then), recording who and why. Returns the request
   * after, or undefined when someone else moved it first. A move the state machine does not allow throws.
   */
  async transition(
    id: string,
    change: {
      from: SubscriberRequestState;
      to: SubscriberRequestState;
      action: SubscriberAction;
      actor: string;
      comment?: string;
      heldBy?: string;
      unchangedSince?: string;
      patch?: SubscriberRequestPatch;
    },
  ): Promise<StoredSubscriberRequest | undefined> {
    if (nextState(change.from, change.action) !== change.to) {
      throw new Error(
        `A subscriber request cannot go from ${change.from} to ${change.to} by ${change.action}`,
      );
    }
    const at = new Date().toISOString();
    const moved = await this.db.transaction(async tx => {
      const query = tx<Row>(REQUESTS).where({ id, state: change.from });
      if (change.heldBy) query.where('claimed_by', change.heldBy);
      if (change.unchangedSince) {
        query.where('updated_at', change.unchangedSince);
      }
      const count = await query.update({
        state: change.to,
        updated_at: at,
        ...patchColumns(change.patch ?? {}),
      });
      if (count === 0) return false;
      await tx(TRANSITIONS).insert({
        request_id: id,
        from_state: change.from,
        to_state: change.to,
        action: change.action,
        actor: change.actor,
        comment: change.comment ?? null,
        at,
      });
      return true;
    });
    return moved ? this.get(id) : undefined;
  }

  /** Takes over a provisioning request whose holder's claim has run out; true if this caller has it now. */
  async takeOver(id: string, owner: string, until: Date): Promise<boolean> {
    const now = new Date().toISOString();
    const count = await this.db<Row>(REQUESTS)
      .where({ id, state: 'provisioning' })
      .andWhere(q =>
        q.whereNull('claim_expires_at').orWhere('claim_expires_at', '<', now),
      )
      .update({
        claimed_by: owner,
        claim_expires_at: until.toISOString(),
        updated_at: now,
      });
    return count > 0;
  }

  /**
   * Records progress under a claim (what was created so far); false once the request is no longer
   * provisioning under that claim (revoked, expired or taken over), when the holder must stop.
   */
  async patch(
    id: string,
    heldBy: string,
    patch: SubscriberRequestPatch,
  ): Promise<boolean> {
    const count = await this.db<Row>(REQUESTS)
      .where({ id, state: 'provisioning', claimed_by: heldBy })
      .update({
        ...patchColumns(patch),
        updated_at: new Date().toISOString(),
      });
    return count > 0;
  }

  /** Fills in what an active grant names when it was not recorded (requests from before it was). */
  async recordGranted(id: string, accountIds: string[]): Promise<boolean> {
    const count = await this.db<Row>(REQUESTS)
      .where({ id, state: 'active' })
      .whereNull('granted_account_ids')
      .update({ granted_account_ids: JSON.stringify(accountIds) });
    return count > 0;
  }

  /**
   * Adds what a provisioner made after the request ended (it lost the request while creating it) to what
   * the ended request must still remove. False when the request has not ended: then it is someone else's
   * to provision, and they find what exists.
   */
  async addLeftovers(id: string, made: ProvisionedRegion[]): Promise<boolean> {
    // another actor may record at the same moment: read again and merge until one write holds
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await this.db<Row>(REQUESTS).where({ id }).first();
      if (!row || !ENDED_STATES.includes(row.state as SubscriberRequestState)) {
        return false;
      }
      let provisioned: ProvisionedRegion[] = JSON.parse(row.provisioned);
      for (const region of made) {
        provisioned = [
          ...provisioned.filter(p => p.region !== region.region),
          mergeRegion(
            provisioned.find(p => p.region === region.region),
            region,
          ),
        ].sort((a, b) => a.region.localeCompare(b.region));
      }
      const count = await this.db<Row>(REQUESTS)
        .where({ id, provisioned: row.provisioned })
        .whereIn('state', ENDED_STATES)
        .update({
          provisioned: JSON.stringify(provisioned),
          removed_at: null,
          updated_at: new Date().toISOString(),
        });
      if (count > 0) return true;
    }
    throw new Error(
      `Could not record what is left to remove of subscriber request ${id}`,
    );
  }

  /**
   * Says an ended request's access is removed, if what was removed is still all it records: something a
   * racing provisioner added meanwhile keeps it unremoved for the next pass.
   */
  async markRemoved(
    id: string,
    removed: ProvisionedRegion[],
  ): Promise<boolean> {
    const now = new Date().toISOString();
    const count = await this.db<Row>(REQUESTS)
      .where({ id, provisioned: JSON.stringify(removed) })
      .whereIn('state', ENDED_STATES)
      .whereNull('removed_at')
      .update({
        removed_at: now,
        // a provision's error stays; only the removal's own goes
        error: this.db.raw('CASE WHEN error LIKE ? THEN NULL ELSE error END', [
          `${REMOVAL_FAILED}%`,
        ]),
        updated_at: now,
      });
    return count > 0;
  }

  /** Why removing an ended request's access failed, until a pass removes it. */
  async noteRemovalError(id: string, error: string): Promise<void> {
    await this.db<Row>(REQUESTS)
      .where({ id })
      .whereIn('state', ENDED_STATES)
      .whereNull('removed_at')
      .update({ error: `${REMOVAL_FAILED}: ${error}` });
  }
}
