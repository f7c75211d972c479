/**
 * Shared types, permissions, annotations and the Security Lake source catalogue of the security-lake plugins.
 * Each capability has its folder (accounts; coverage, queries, findings and subscribers as they arrive);
 * the source catalogue and the permissions are shared by all.
 *
 * @packageDocumentation
 */
export * from './accounts';
export * from './coverage';
export * from './findings';
export * from './info';
export * from './permissions';
export * from './queries';
export * from './sources';
export * from './subscribers';
