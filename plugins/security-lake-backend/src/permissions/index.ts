/**
 * For permission policies that answer Security Lake permissions with conditions: the account and
 * subscriber-request resource types, their rules, and the conditions to return. The plugin registers both
 * resource types, so a conditional decision is applied to the real account or request.
 *
 * @packageDocumentation
 */
export * from './rules';
export * from './subscriberRequestRules';
export * from './conditions';
