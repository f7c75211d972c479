import {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  checkSubscriberRequest,
  securityLakeSubscriberApprovePermission,
  securityLakeSubscriberRequestPermission,
  SubscriberDecision,
  SubscriberRequest,
  SubscriberRequestDetail,
  SubscriberRequestInput,
  SubscriberRequestList,
  SubscriberRequestState,
} from '@internal/plugin-security-lake-common';
import { randomUUID } from 'node:crypto';
import { AccountScope } from '../accounts/AccountScope';
import { HIDDEN_CHARACTERS } from '../queries/QueryService';
import { guidedFinish } from './guidedFinish';
import { nextState, SubscriberAction } from './stateMachine';
import {
  SubscriberProvisioner,
  TransitionListener,
} from './SubscriberProvisioner';
import {
  StoredSubscriberRequest,
  SubscriberRequestStore,
} from './SubscriberRequestStore';

interface Caller {
  userEntityRef: string;
  groups: string[];
  approver: boolean;
}

type PersonAction = 'approve' | 'reject' | 'revoke' | 'retry';

/**
 * Subscriber requests as people see them: a team member asks for access for accounts their team owns; an
 * approver (`security-lake.subscriber.approve`) approves or rejects with a comment, never their own; an
 * approved request is provisioned by the `SubscriberProvisioner`. The requesting team and approvers see a
 * request; anyone else is told it does not exist.
 *
 * @internal
 */
export class SubscriberService {
  constructor(
    private readonly options: {
      store: SubscriberRequestStore;
      scope: AccountScope;
      permissions: PermissionsService;
      userInfo: UserInfoService;
      provisioner: SubscriberProvisioner;
      onTransition: TransitionListener;
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
    const problem = checkSubscriberRequest(input)[0];
    if (problem) {
      throw new InputError(`${problem.field}: ${problem.message}`);
    }
    if (HIDDEN_CHARACTERS.test(input.subscriberName)) {
      throw new InputError(
        'subscriberName: contains control or invisible characters',
      );
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
    if (
      input.accessType === 'LAKEFORMATION' &&
      scope === 'all' &&
      !caller.approver
    ) {
      throw new InputError(
        "scope: whole-source query access is for platform owners; ask for your team's accounts, and an approver may widen it",
      );
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
      createdAt: now,
      updatedAt: now,
    };
    await this.options.store.insert(request);
    await this.options.onTransition({
      request,
      action: 'request',
      actor: caller.userEntityRef,
    });
    return this.detail(caller, request);
  }

  async list(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    filter: { state?: SubscriberRequestState },
  ): Promise<SubscriberRequestList> {
    const caller = await this.caller(credentials);
    const items = await this.options.store.list({
      ownerRefs: caller.approver ? undefined : caller.groups,
      state: filter.state,
    });
    return { items: items.map(r => this.toApi(r)) };
  }

  async get(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    id: string,
  ): Promise<SubscriberRequestDetail> {
    const caller = await this.caller(credentials);
    return this.detail(caller, await this.visible(caller, id));
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
    const request = await this.visible(caller, id);
    const allowed = this.actionsFor(caller, request);
    if (!allowed.includes(action)) {
      if (!nextState(request.state, action)) {
        throw new ConflictError(
          `Request ${id} is ${request.state}: it cannot be ${pastTense(
            action,
          )}`,
        );
      }
      throw new NotAllowedError(
        action === 'approve' && request.requestedBy === caller.userEntityRef
          ? 'Nobody approves their own request'
          : `Not allowed: ${securityLakeSubscriberApprovePermission.name}`,
      );
    }
    const comment = decision.comment?.trim() || undefined;
    if (action === 'revoke' && request.state !== 'approved') {
      try {
        await this.options.provisioner.teardown(request);
      } catch (error) {
        throw new ServiceUnavailableError(
          `The access could not be removed, and the request stays ${
            request.state
          }: ${(error as Error).message}`,
        );
      }
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
    return this.detail(caller, moved);
  }

  private actionsFor(
    caller: Caller,
    request: StoredSubscriberRequest,
  ): PersonAction[] {
    const possible = (['approve', 'reject', 'revoke', 'retry'] as const).filter(
      a => nextState(request.state, a),
    );
    return possible.filter(action => {
      if (action === 'revoke') {
        return caller.approver || caller.groups.includes(request.ownerRef);
      }
      if (!caller.approver) return false;
      return !(
        action === 'approve' && request.requestedBy === caller.userEntityRef
      );
    });
  }

  private async caller(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<Caller> {
    const [info, [decision]] = await Promise.all([
      this.options.userInfo.getUserInfo(credentials),
      this.options.permissions.authorize(
        [
          {
            permission: securityLakeSubscriberApprovePermission,
            resourceRef: 'security-lake-subscriber-request:any',
          },
        ],
        { credentials },
      ),
    ]);
    return {
      userEntityRef: info.userEntityRef,
      groups: info.ownershipEntityRefs
        .filter(r => r.startsWith('group:'))
        .sort(),
      approver: decision.result === AuthorizeResult.ALLOW,
    };
  }

  private async visible(
    caller: Caller,
    id: string,
  ): Promise<StoredSubscriberRequest> {
    const request = await this.options.store.get(id);
    if (
      !request ||
      (!caller.approver && !caller.groups.includes(request.ownerRef))
    ) {
      throw new NotFoundError(`No subscriber request ${id}`);
    }
    return request;
  }

  private toApi(request: StoredSubscriberRequest): SubscriberRequest {
    return {
      ...request.request,
      id: request.id,
      ownerRef: request.ownerRef,
      scope: request.scope,
      state: request.state,
      requestedBy: request.requestedBy,
      createdAt: request.createdAt,
      updatedAt: request.updatedAt,
      ...(request.error ? { error: request.error } : {}),
      exposes:
        request.scope === 'team'
          ? `Only the accounts of ${request.ownerRef.replace(
              /^group:(default\/)?/,
              '',
            )} (${request.request.accountIds.join(
              ', ',
            )}), through Lake Formation row filters`
          : `Every account's data in ${request.request.sources
              .map(s => `${s.source} ${s.version}`)
              .join(', ')}, in ${request.request.regions.join(', ')}`,
      provisioned: request.provisioned,
    };
  }

  private async detail(
    caller: Caller,
    request: StoredSubscriberRequest,
  ): Promise<SubscriberRequestDetail> {
    return {
      ...this.toApi(request),
      transitions: await this.options.store.transitions(request.id),
      actions: this.actionsFor(caller, request),
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
      revoke: 'revoked',
      retry: 'retried',
    } as Record<string, string>
  )[action];
}
