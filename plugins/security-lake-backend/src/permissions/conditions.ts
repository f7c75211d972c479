import { createConditionExports } from '@backstage/plugin-permission-node';
import {
  securityLakeAccountResourceRef,
  securityLakeAccountRules,
} from './rules';
import {
  securityLakeSubscriberRequestResourceRef,
  securityLakeSubscriberRequestRules,
} from './subscriberRequestRules';

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: securityLakeAccountResourceRef,
  rules: securityLakeAccountRules,
});

/**
 * Conditions a permission policy can return for account-scoped Security Lake permissions.
 *
 * @public
 */
export const securityLakeAccountConditions = conditions;

/** @public */
export const createSecurityLakeAccountConditionalDecision =
  createConditionalDecision;

const subscriberRequest = createConditionExports({
  resourceRef: securityLakeSubscriberRequestResourceRef,
  rules: securityLakeSubscriberRequestRules,
});

/**
 * Conditions a permission policy can return for `security-lake.subscriber.approve`, applied to the request
 * being decided on (for example "requests of these teams", "team-scoped requests only").
 *
 * @public
 */
export const securityLakeSubscriberRequestConditions =
  subscriberRequest.conditions;

/** @public */
export const createSecurityLakeSubscriberRequestConditionalDecision =
  subscriberRequest.createConditionalDecision;
