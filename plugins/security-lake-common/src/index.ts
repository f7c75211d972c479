/**
 * Shared types, permissions, annotations and the Security Lake source catalogue of the security-lake plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './sources';
export * from './types';
