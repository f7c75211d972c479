import {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  checkSubscriberRequest,
  securityLakeSubscriberApprovePermission,
  securityLakeSubscriberRequestPermission,
  SubscriberDecision,
  SubscriberRequestDetail,
  SubscriberRequestInput,
  SubscriberRequestList,
  SubscriberRequestState,
  teamRefsOf,
} from '@internal/plugin-security-lake-common';
import { randomUUID } from 'node:crypto';
import { AccountScope } from '../scope/AccountScope';
import { Approval, SubscriberApprovals } from './approvals';
import { guidedFinish } from './guidedFinish';
import { requestView, teamsOf } from './requestView';
import { nextState, SubscriberAction } from './stateMachine';
import { SubscriberProvisioner } from './SubscriberProvisioner';
import {
  StoredSubscriberRequest,
  SubscriberRequestStore,
} from './SubscriberRequestStore';
import { TransitionListener } from './transitions';

interface Caller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  userEntityRef: string;
  groups: string[];
  /** Whether they may approve every request, none, or some (decided on each). */
  approval: Approval;
}

/** A request a caller may see, and whether they may approve it. */
interface Visible {
  request: StoredSubscriberRequest;
  approves: boolean;
}

type PersonAction = 'approve' | 'reject' | 'withdraw' | 'revoke' | 'retry';

/** States in which an extension is still to be decided or put in place. */
const OPEN_STATES: SubscriberRequestState[] = [
  'pending',
  'approved',
  'provisioning',
  'failed',
];

function sameSet(a: string[], b: string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every(x => set.has(x));
}

/**
 * Subscriber requests as people see them: a team member asks for access for accounts their team owns; an
 * approver (`security-lake.subscriber.approve`) approves or rejects with a comment, never their own; an
 * approved request is provisioned by the `SubscriberProvisioner`. The requesting team and those who may
 * approve it see a request; anyone else is told it does not exist. Whether a caller may approve is decided on
 * the request itself (`SubscriberApprovals`), so a policy may answer with conditions on it.
 *
 * @internal
 */
export class SubscriberService {
  constructor(
    private readonly options: {
      store: SubscriberRequestStore;
      scope: AccountScope;
      approvals: SubscriberApprovals;
      userInfo: UserInfoService;
      provisioner: SubscriberProvisioner;
      onTransition: TransitionListener;
      /** The accounts a team owns now, from the catalog. */
      teamAccounts: (ownerRef: string) => Promise<string[]>;
      /** The lake's Glue catalog account, for the guided finish. */
      catalogId?: string;
      /** Regions that have a data lake. */
      lakeRegions: () => Promise<string[]>;
    },
  ) {}

  async create(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    input: SubscriberRequestInput,
  ): Promise<SubscriberRequestDetail> {
    const caller = await this.caller(credentials);
    // the name's pattern admits no control or invisible characters
    const problem = checkSubscriberRequest(input)[0];
    if (problem) {
      throw new InputError(`${problem.field}: ${problem.message}`);
    }
    const ownerRef = input.ownerRef ?? caller.groups[0];
    if (!ownerRef || !caller.groups.includes(ownerRef)) {
      throw new InputError(
        `ownerRef: you may ask only for your own teams (${
          caller.groups.join(', ') || 'none'
        })`,
      );
    }
    const accountIds = [...new Set(input.accountIds)];
    const allowed = new Set(
      (
        await this.options.scope.resolve(
          credentials,
          securityLakeSubscriberRequestPermission,
        )
      ).map(a => a.accountId),
    );
    const refused = accountIds.filter(a => !allowed.has(a));
    if (refused.length) {
      throw new NotAllowedError(
        `accountIds: you may not request access for ${refused.join(', ')}`,
      );
    }
    const lakeRegions = new Set(await this.options.lakeRegions());
    const outside = input.regions.find(r => !lakeRegions.has(r));
    if (outside) {
      throw new InputError(
        `regions: ${outside} has no Security Lake data lake (${[
          ...lakeRegions,
        ].join(', ')} have)`,
      );
    }
    const scope = input.scope ?? (input.accessType === 'S3' ? 'all' : 'team');
    // for those who may approve every request: a conditional approver asks for the team's accounts too
    if (
      input.accessType === 'LAKEFORMATION' &&
      scope === 'all' &&
      caller.approval !== 'all'
    ) {
      throw new InputError(
        "scope: whole-source query access is for platform owners; ask for your team's accounts, and an approver may widen it",
      );
    }
    if (input.extendsRequestId) {
      await this.checkExtension(caller, input, ownerRef, accountIds);
    }
    const now = new Date().toISOString();
    const request: StoredSubscriberRequest = {
      id: randomUUID(),
      ownerRef,
      requestedBy: caller.userEntityRef,
      state: 'pending',
      scope,
      request: {
        ...input,
        subscriberName: input.subscriberName.trim(),
        justification: input.justification.trim(),
        ownerRef,
        accountIds,
        scope,
        regions: [...new Set(input.regions)],
      },
      provisioned: [],
      expiresAt: input.expiresAt
        ? new Date(input.expiresAt).toISOString()
        : undefined,
      ...(input.extendsRequestId
        ? { extendsRequestId: input.extendsRequestId }
        : {}),
      createdAt: now,
      updatedAt: now,
    };
    await this.options.store.insert(request);
    await this.options.onTransition({
      request,
      action: 'request',
      actor: caller.userEntityRef,
    });
    return this.detail(caller, await this.visibility(caller, request));
  }

  async list(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    filter: { state?: SubscriberRequestState },
  ): Promise<SubscriberRequestList> {
    const caller = await this.caller(credentials);
    const listed = await this.options.store.list({
      ownerRefs: caller.approval === 'none' ? caller.groups : undefined,
      state: filter.state,
    });
    const items =
      caller.approval === 'some'
        ? await this.visibleOf(caller, listed)
        : listed;
    const teams = teamsOf(items, this.options.teamAccounts);
    return {
      items: await Promise.all(items.map(async r => requestView(r, teams))),
    };
  }

  async get(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    id: string,
  ): Promise<SubscriberRequestDetail> {
    const caller = await this.caller(credentials);
    return this.detail(caller, await this.visible(caller, id));
  }

  /** Of the requests, those the caller may see: their teams', and those they may approve. */
  private async visibleOf(
    caller: Caller,
    requests: StoredSubscriberRequest[],
  ): Promise<StoredSubscriberRequest[]> {
    const approvable = await this.options.approvals.approvable(
      caller.credentials,
      caller.approval,
      requests.filter(r => !caller.groups.includes(r.ownerRef)),
    );
    return requests.filter(
      r => caller.groups.includes(r.ownerRef) || approvable.has(r.id),
    );
  }

  /**
   * Approve, reject, revoke or retry. The state moves only from the one it was read in, so of two people
   * acting at once one wins and the other gets 409; nothing is provisioned twice.
   */
  async act(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    id: string,
    action: PersonAction,
    decision: SubscriberDecision = {},
  ): Promise<SubscriberRequestDetail> {
    const caller = await this.caller(credentials);
    const seen = await this.visible(caller, id);
    const { request } = seen;
    const allowed = this.actionsFor(caller, seen);
    if (!allowed.includes(action)) {
      if (!nextState(request.state, action)) {
        throw new ConflictError(
          `Request ${id} is ${request.state}: it cannot be ${pastTense(
            action,
          )}`,
        );
      }
      if (action === 'withdraw') {
        throw new NotAllowedError(
          'Only the requesting team withdraws a request',
        );
      }
      throw new NotAllowedError(
        action === 'approve' && request.requestedBy === caller.userEntityRef
          ? 'Nobody approves their own request'
          : `Not allowed: ${securityLakeSubscriberApprovePermission.name}`,
      );
    }
    const comment = decision.comment?.trim() || undefined;
    if (action === 'revoke') {
      // the move first, so that a provision under way stops and removes what it makes after it
      const ended = await this.options.provisioner.end(
        request,
        'revoke',
        caller.userEntityRef,
        comment,
      );
      if (!ended) {
        throw new ConflictError(
          `Request ${id} changed while you were deciding; look at it again`,
        );
      }
      return this.detail(caller, { ...seen, request: ended });
    }
    const widen =
      action === 'approve' &&
      decision.widenToAllAccounts === true &&
      request.scope === 'team';
    const moved = await this.options.store.transition(id, {
      from: request.state,
      to: nextState(request.state, action)!,
      action,
      actor: caller.userEntityRef,
      comment: widen
        ? `${comment ? `${comment} ` : ''}(widened to every account's data)`
        : comment,
      patch: {
        ...(widen ? { scope: 'all' } : {}),
        ...(action === 'retry' ? { error: null } : {}),
      },
    });
    if (!moved) {
      throw new ConflictError(
        `Request ${id} changed while you were deciding; look at it again`,
      );
    }
    await this.options.onTransition({
      request: moved,
      action,
      actor: caller.userEntityRef,
      comment,
    });
    if (moved.state === 'approved') {
      void this.options.provisioner.kick();
    }
    return this.detail(caller, { ...seen, request: moved });
  }

  /**
   * An extension names an active team-scoped request of the same team that the caller may see, keeps its
   * principal, sources and regions, asks for at least one account it does not grant, and is the only one
   * open for it. Another team's request is not found.
   */
  private async checkExtension(
    caller: Caller,
    input: SubscriberRequestInput,
    ownerRef: string,
    accountIds: string[],
  ): Promise<void> {
    const { request: extended } = await this.visible(
      caller,
      input.extendsRequestId!,
    );
    const name = `${extended.request.subscriberName} (${extended.id})`;
    if (extended.scope !== 'team' || extended.state !== 'active') {
      throw new InputError(
        `extendsRequestId: ${name} is ${
          extended.scope === 'team' ? extended.state : 'whole-source access'
        }; only active query access to a team's accounts can be extended`,
      );
    }
    if (extended.ownerRef !== ownerRef) {
      throw new InputError(
        `ownerRef: an extension is for the team of the request it extends (${extended.ownerRef})`,
      );
    }
    const kept: [keyof SubscriberRequestInput, boolean][] = [
      ['principal', input.principal === extended.request.principal],
      [
        'sources',
        sameSet(
          input.sources.map(s => `${s.source}/${s.version}`),
          extended.request.sources.map(s => `${s.source}/${s.version}`),
        ),
      ],
      ['regions', sameSet(input.regions, extended.request.regions)],
    ];
    const changed = kept.find(([, same]) => !same);
    if (changed) {
      throw new InputError(
        `${changed[0]}: an extension keeps the ${changed[0]} of ${name}; ask for a new request to change it`,
      );
    }
    const granted = new Set(
      extended.grantedAccountIds ?? extended.request.accountIds,
    );
    if (accountIds.every(a => granted.has(a))) {
      throw new InputError(
        `accountIds: ${name} already grants ${[...granted].join(
          ', ',
        )}; an extension asks for at least one more account`,
      );
    }
    const open = (
      await this.options.store.list({ extending: extended.id })
    ).find(r => OPEN_STATES.includes(r.state));
    if (open) {
      throw new InputError(
        `extendsRequestId: ${name} already has an extension waiting: ${open.id}`,
      );
    }
  }

  private actionsFor(caller: Caller, seen: Visible): PersonAction[] {
    const { request, approves } = seen;
    const possible = (
      ['approve', 'reject', 'withdraw', 'revoke', 'retry'] as const
    ).filter(a => nextState(request.state, a));
    return possible.filter(action => {
      // a request not yet decided is its team's to take back, whoever of them asked
      if (action === 'withdraw') {
        return (
          request.requestedBy === caller.userEntityRef ||
          caller.groups.includes(request.ownerRef)
        );
      }
      if (action === 'revoke') {
        return approves || caller.groups.includes(request.ownerRef);
      }
      if (!approves) return false;
      return !(
        action === 'approve' && request.requestedBy === caller.userEntityRef
      );
    });
  }

  private async caller(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<Caller> {
    const [info, approval] = await Promise.all([
      this.options.userInfo.getUserInfo(credentials),
      this.options.approvals.of(credentials),
    ]);
    return {
      credentials,
      userEntityRef: info.userEntityRef,
      groups: teamRefsOf(info.ownershipEntityRefs).sort(),
      approval,
    };
  }

  /** Whether the caller may approve this request, decided on it. */
  private async visibility(
    caller: Caller,
    request: StoredSubscriberRequest,
  ): Promise<Visible> {
    const approvable = await this.options.approvals.approvable(
      caller.credentials,
      caller.approval,
      [request],
    );
    return { request, approves: approvable.has(request.id) };
  }

  /** A request the caller may see (their team's, or one they may approve); anyone else's is not found. */
  private async visible(caller: Caller, id: string): Promise<Visible> {
    const request = await this.options.store.get(id);
    const seen = request && (await this.visibility(caller, request));
    if (
      !seen ||
      (!seen.approves && !caller.groups.includes(seen.request.ownerRef))
    ) {
      throw new NotFoundError(`No subscriber request ${id}`);
    }
    return seen;
  }

  private async detail(
    caller: Caller,
    seen: Visible,
  ): Promise<SubscriberRequestDetail> {
    const { request } = seen;
    const view = await requestView(
      request,
      teamsOf([request], this.options.teamAccounts),
    );
    const open =
      request.state === 'active' && request.scope === 'team'
        ? (await this.options.store.list({ extending: request.id })).find(r =>
            OPEN_STATES.includes(r.state),
          )
        : undefined;
    const mayExtend =
      !!view.uncoveredAccountIds?.length &&
      !open &&
      caller.groups.includes(request.ownerRef);
    return {
      ...view,
      transitions: await this.options.store.transitions(request.id),
      actions: [
        ...this.actionsFor(caller, seen),
        ...(mayExtend ? (['extend'] as const) : []),
      ],
      ...(open ? { openExtensionId: open.id } : {}),
      ...(request.state === 'active'
        ? {
            guidedFinish: guidedFinish(
              request,
              this.options.catalogId ?? 'the lake account',
            ),
          }
        : {}),
    };
  }
}

function pastTense(action: SubscriberAction): string {
  return (
    {
      approve: 'approved',
      reject: 'rejected',
      withdraw: 'withdrawn',
      revoke: 'revoked',
      retry: 'retried',
    } as Record<string, string>
  )[action];
}
