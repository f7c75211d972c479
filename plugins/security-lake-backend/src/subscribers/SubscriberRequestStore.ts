import {
  ProvisionedRegion,
  SubscriberRequestInput,
  SubscriberRequestState,
  SubscriberRequestTransition,
  SubscriberScope,
} from '@internal/plugin-security-lake-common';
import { Knex } from 'knex';
import { SubscriberAction } from './stateMachine';

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
}

const REQUESTS = 'subscriber_requests';
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
  }): Promise<StoredSubscriberRequest[]> {
    const query = this.db<Row>(REQUESTS).orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
    if (filter.ownerRefs) query.whereIn('owner_ref', filter.ownerRefs);
    if (filter.state) query.where('state', filter.state);
    if (filter.states) query.whereIn('state', filter.states);
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
   * Moves a request from `from` to `to` if it is still in `from` (and, with `claimedBy`, still held by that
   * claim), recording who and why. Returns the request after, or undefined when someone else moved it first.
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
      patch?: SubscriberRequestPatch;
    },
  ): Promise<StoredSubscriberRequest | undefined> {
    const at = new Date().toISOString();
    const moved = await this.db.transaction(async tx => {
      const query = tx<Row>(REQUESTS).where({ id, state: change.from });
      if (change.heldBy) query.where('claimed_by', change.heldBy);
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

  /** Records progress under a claim (what was created so far); false if the claim was lost. */
  async patch(
    id: string,
    heldBy: string | undefined,
    patch: SubscriberRequestPatch,
  ): Promise<boolean> {
    const query = this.db<Row>(REQUESTS).where({ id });
    if (heldBy) query.where('claimed_by', heldBy);
    const count = await query.update({
      ...patchColumns(patch),
      updated_at: new Date().toISOString(),
    });
    return count > 0;
  }
}
