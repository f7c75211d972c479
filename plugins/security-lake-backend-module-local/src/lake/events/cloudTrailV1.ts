/** CloudTrail management events in source version 1's shape, as the log archive account still sends them. */
import { cloudTrailEvent } from './cloudTrail';

/**
 * The same CloudTrail event in the source version 1 (OCSF 1.0.0-rc.2) shape that accounts still on 1.0
 * write: epoch-millisecond times only, `uid`/`uuid` for principal id and ARN, `account_uid`, `mfa`, and
 * API Activity as class 3005 in the Audit Activity category.
 *
 * @internal
 */
export function toCloudTrailV1(event: ReturnType<typeof cloudTrailEvent>) {
  const classUid = event.class_uid === 6003 ? 3005 : event.class_uid;
  const { user, session } = event.actor;
  return {
    metadata: {
      product: event.metadata.product,
      uid: event.metadata.uid,
      profiles: ['cloud'],
      version: '1.0.0-rc.2',
    },
    time: event.time,
    cloud: event.cloud,
    api: {
      response: {
        error: event.api.response.error,
        message: event.api.response.message,
      },
      operation: event.api.operation,
      version: event.api.version,
      service: event.api.service,
      request: { uid: event.api.request.uid },
    },
    dst_endpoint: event.dst_endpoint,
    resources: event.resources.map(r => ({
      uid: r.uid,
      account_uid: r.owner.account.uid,
      type: r.type,
    })),
    actor: {
      user: {
        type: user.type,
        name: user.name,
        uid: user.uid_alt,
        uuid: user.uid,
        account_uid: user.account.uid,
        credential_uid: user.credential_uid,
      },
      session: {
        created_time: session.created_time_dt ? event.time - 600_000 : null,
        mfa: session.is_mfa,
        issuer: session.issuer,
      },
      invoked_by: event.actor.invoked_by,
      idp: event.actor.idp,
    },
    http_request: event.http_request,
    src_endpoint: event.src_endpoint,
    class_name: event.class_name,
    class_uid: classUid,
    category_name: 'Audit Activity',
    category_uid: 3,
    severity_id: event.severity_id,
    severity: event.severity,
    status_id: event.status === 'Success' ? 1 : 2,
    status: event.status,
    user: event.user
      ? { uid: event.user.uid_alt, uuid: event.user.uid, name: event.user.name }
      : null,
    activity_name: event.activity_name,
    activity_id: event.activity_id,
    type_uid: classUid * 100 + event.activity_id,
    type_name: event.type_name,
    mfa: event.is_mfa,
    unmapped: { ...event.unmapped, eventType: event.metadata.event_code },
  };
}
