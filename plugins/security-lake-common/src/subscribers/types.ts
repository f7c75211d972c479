import { SecurityLakeSourceName, SecurityLakeSourceVersion } from '../sources';

/**
 * Where a subscriber request stands. `pending → approved → provisioning → active`, or `rejected` (or
 * `withdrawn` by its team before anyone decided); a
 * provision that fails is `failed` (with its error) until retried; access ends as `revoked` or `expired`,
 * from any of those (a request being provisioned too), and an ended request keeps nothing granted.
 *
 * @public
 */
export type SubscriberRequestState =
  | 'pending'
  | 'approved'
  | 'provisioning'
  | 'active'
  | 'rejected'
  | 'withdrawn'
  | 'failed'
  | 'revoked'
  | 'expired';

/** `LAKEFORMATION`: query access to the tables; `S3`: the objects, with an optional notification. @public */
export type SubscriberAccessType = 'LAKEFORMATION' | 'S3';

/**
 * `team`: query access to the team's own accounts only, through Lake Formation data cells filters (a row
 * filter on `accountid` per table). `all`: a Security Lake subscriber, which covers every account's data in
 * its sources.
 *
 * @public
 */
export type SubscriberScope = 'team' | 'all';

/** @public */
export interface SubscriberSourceChoice {
  source: SecurityLakeSourceName;
  version: SecurityLakeSourceVersion;
}

/** @public */
export type SubscriberNotificationChoice =
  | { type: 'SQS' }
  | {
      type: 'HTTPS';
      endpoint: string;
      /** The role Security Lake assumes to call the endpoint. */
      targetRoleArn: string;
    };

/** What a team member asks for. @public */
export interface SubscriberRequestInput {
  /** 1–64 letters, digits, spaces, `_`, `.` and `-`. */
  subscriberName: string;
  description?: string;
  /** The subscriber: a 12-digit AWS account id or a service principal (`*.amazonaws.com`). */
  principal: string;
  /** 2–1224 characters of `\w+=,.@:/-`. */
  externalId: string;
  /** The requesting team; default the caller's first. */
  ownerRef?: string;
  /** The team's accounts the request is about: the row filter of a team-scoped grant. */
  accountIds: string[];
  sources: SubscriberSourceChoice[];
  regions: string[];
  accessType: SubscriberAccessType;
  /** Default `team` for `LAKEFORMATION`; `S3` is always `all`. */
  scope?: SubscriberScope;
  /** Only with `S3`. */
  notification?: SubscriberNotificationChoice;
  justification: string;
  /** ISO 8601 date or time after which access is removed. */
  expiresAt?: string;
  /**
   * Asks for more of the team's accounts on an active team-scoped grant: the id of the request it extends.
   * It keeps that request's team, principal, sources and regions, goes through its own approval, and once
   * it is in place replaces the request it extends.
   */
  extendsRequestId?: string;
}

/** One change of state: who, when and why. @public */
export interface SubscriberRequestTransition {
  from?: SubscriberRequestState;
  to: SubscriberRequestState;
  action: string;
  by: string;
  at: string;
  comment?: string;
}

/** A Lake Formation data cells filter the portal made for a team-scoped grant. @public */
export interface ProvisionedDataCellsFilter {
  database: string;
  table: string;
  name: string;
  rowFilter: string;
}

/** A data cells filter of a team-scoped grant, in its region: what is, or will be, put on one table. @public */
export interface SubscriberRowFilter extends ProvisionedDataCellsFilter {
  region: string;
}

/** What was provisioned in one region. @public */
export interface ProvisionedRegion {
  region: string;
  subscriberId?: string;
  subscriberArn?: string;
  subscriberStatus?: string;
  resourceShareArn?: string;
  resourceShareName?: string;
  roleArn?: string;
  s3BucketArn?: string;
  /** The notification endpoint Security Lake created (an SQS queue ARN) or was given. */
  subscriberEndpoint?: string;
  dataCellsFilters?: ProvisionedDataCellsFilter[];
}

/** One step of the guided finish: what to do in the subscriber account, with commands to copy. @public */
export interface GuidedFinishStep {
  title: string;
  description: string;
  /** AWS CLI commands, with the real names filled in. */
  commands?: string;
}

/** What the requester does once access is granted, filled in. @public */
export interface GuidedFinish {
  accessType: SubscriberAccessType;
  steps: GuidedFinishStep[];
  /** A CloudFormation template that does the Lake Formation steps. */
  cloudFormation?: string;
}

/** @public */
export interface SubscriberRequest extends SubscriberRequestInput {
  id: string;
  ownerRef: string;
  scope: SubscriberScope;
  state: SubscriberRequestState;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  /** Why the last provision failed. */
  error?: string;
  /** The accounts whose data the grant exposes: the team's, or every account for whole sources. */
  exposes: string;
  provisioned: ProvisionedRegion[];
  /**
   * Team scope: the data cells filters, one per region and table, exactly as the portal puts them. Before
   * provisioning, those it would put now (the approved accounts the team still owns); once provisioned,
   * those in place. None once an ended request's access is removed.
   */
  rowFilters?: SubscriberRowFilter[];
  /** Team scope, once provisioned: the accounts the row filters name now. Never more than `accountIds`. */
  grantedAccountIds?: string[];
  /**
   * Team scope, active: the team's accounts in the catalog that this grant does not cover. A grant never
   * widens by itself; the team asks to extend it.
   */
  uncoveredAccountIds?: string[];
  /** Revoked or expired: when everything the request was granted was removed; unset while it is still being removed. */
  removedAt?: string;
}

/** One request with its history and, once active, the guided finish. @public */
export interface SubscriberRequestDetail extends SubscriberRequest {
  transitions: SubscriberRequestTransition[];
  guidedFinish?: GuidedFinish;
  /** What the caller may do with it now; `extend` is a new request with `extendsRequestId`. */
  actions: (
    | 'approve'
    | 'reject'
    | 'withdraw'
    | 'revoke'
    | 'retry'
    | 'extend'
  )[];
  /** An extension of this request that is waiting for approval or being provisioned. */
  openExtensionId?: string;
}

/** @public */
export interface SubscriberRequestList {
  items: SubscriberRequest[];
}

/** An approval or rejection, with the approver's comment. @public */
export interface SubscriberDecision {
  comment?: string;
  /** On approval: make a team-scoped query request a whole-source subscriber. */
  widenToAllAccounts?: boolean;
}
