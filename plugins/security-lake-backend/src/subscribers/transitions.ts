import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SubscriberAction } from './stateMachine';
import { StoredSubscriberRequest } from './SubscriberRequestStore';

/** Who the provisioner is in transitions and audit events. @internal */
export const PROVISIONER = 'plugin:security-lake';

/** Told of every transition the provisioner makes: for notifications and the auditor. @internal */
export type TransitionListener = (event: {
  request: StoredSubscriberRequest;
  action: SubscriberAction;
  actor: string;
  comment?: string;
}) => Promise<void>;

/** What the requester is told, by the action that moved their request. */
const TO_REQUESTER: Record<string, (name: string) => string> = {
  approve: name => `Your access request ${name} was approved`,
  reject: name => `Your access request ${name} was rejected`,
  withdraw: name => `Your access request ${name} was withdrawn`,
  activate: name => `Your access ${name} is ready: finish setting it up`,
  fail: name => `Provisioning your access ${name} failed`,
  revoke: name => `Your access ${name} was revoked`,
  expire: name => `Your access ${name} has expired`,
  narrow: name =>
    `Your access ${name} was narrowed to the accounts your team still owns`,
  replace: name => `Your access ${name} was replaced by its extension`,
};

/** What platform owners are told of a change the portal made to a grant by itself. */
const TO_APPROVERS: Record<string, (name: string, team: string) => string> = {
  narrow: (name, team) => `Access ${name} of ${team} was narrowed`,
  revoke: (name, team) =>
    `Access ${name} of ${team} was revoked: none of its accounts is the team's any more`,
};

/**
 * Every transition goes to the auditor (`subscriber-request-mutate`, the action as `subEventId`), and as a
 * Backstage notification to who needs to act or know: platform owners of a new request and of a grant the
 * portal narrowed or ended because the team's accounts changed, the requester of every decision and of
 * access that is ready, failed, narrowed or ended. A notification that cannot be sent is logged; it never
 * undoes the transition.
 *
 * @internal
 */
export function subscriberTransitionListener(options: {
  auditor: AuditorService;
  notifications: NotificationService;
  logger: LoggerService;
  /** Entity refs of the platform owners, who approve. */
  approverRefs: string[];
}): TransitionListener {
  return async ({ request, action, actor, comment }) => {
    const event = await options.auditor.createEvent({
      eventId: 'subscriber-request-mutate',
      severityLevel:
        action === 'approve' || action === 'activate' ? 'high' : 'medium',
      meta: {
        subEventId: action,
        requestId: request.id,
        state: request.state,
        actor,
        ownerRef: request.ownerRef,
        scope: request.scope,
        ...(comment ? { comment } : {}),
        ...(request.error ? { error: request.error } : {}),
        ...(request.grantedAccountIds
          ? { grantedAccountIds: request.grantedAccountIds }
          : {}),
        ...(request.extendsRequestId
          ? { extendsRequestId: request.extendsRequestId }
          : {}),
      },
    });
    await event.success();

    const name = request.request.subscriberName;
    const link = `/security-lake?tab=subscribers&requestId=${request.id}`;
    const send = async (
      entityRef: string[],
      title: string,
      severity: 'normal' | 'high',
    ) => {
      if (entityRef.length === 0) return;
      try {
        await options.notifications.send({
          recipients: { type: 'entity', entityRef, excludeEntityRef: actor },
          payload: {
            title,
            description: comment
              ? `${comment}`
              : `${
                  request.request.accessType === 'S3' ? 'Data' : 'Query'
                } access for ${request.request.principal}, ${
                  request.scope === 'team'
                    ? "the team's accounts"
                    : 'every account'
                }, in ${request.request.regions.join(', ')}.`,
            link,
            severity,
            topic: 'security-lake-subscribers',
          },
        });
      } catch (error) {
        options.logger.warn(
          `Could not notify ${entityRef.join(', ')} of subscriber request ${
            request.id
          }: ${(error as Error).message}`,
        );
      }
    };
    if (action === 'request') {
      await send(
        options.approverRefs,
        `${request.requestedBy.replace(
          /^user:(default\/)?/,
          '',
        )} asks for Security Lake access: ${name}`,
        'high',
      );
    } else if (TO_REQUESTER[action]) {
      await send(
        [request.requestedBy],
        TO_REQUESTER[action](name),
        action === 'fail' ? 'high' : 'normal',
      );
    }
    if (action === 'withdraw') {
      // they were told of the request: now that there is nothing to decide
      await send(
        options.approverRefs,
        `${name} of ${request.ownerRef.replace(
          /^group:(default\/)?/,
          '',
        )} was withdrawn: nothing to decide`,
        'normal',
      );
    }
    if (actor === PROVISIONER && TO_APPROVERS[action]) {
      await send(
        options.approverRefs,
        TO_APPROVERS[action](
          name,
          request.ownerRef.replace(/^group:(default\/)?/, ''),
        ),
        'normal',
      );
    }
  };
}
