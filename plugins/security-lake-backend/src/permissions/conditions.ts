import { createConditionExports } from '@backstage/plugin-permission-node';
import {
  securityLakeAccountResourceRef,
  securityLakeAccountRules,
} from './rules';

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
