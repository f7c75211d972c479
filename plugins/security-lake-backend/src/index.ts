/**
 * The security-lake backend plugin: brokers Athena (or the embedded DuckDB engine) and the Security Lake
 * control plane under the portal's own AWS identity, scoped by catalog ownership.
 *
 * @packageDocumentation
 */
export { securityLakePlugin as default } from './plugin';
export * from './engine/QueryEngine';
export { DuckDbQueryEngine } from './engine/DuckDbQueryEngine';
export type { DuckDbQueryEngineOptions } from './engine/DuckDbQueryEngine';
export { AthenaQueryEngine } from './engine/AthenaQueryEngine';
export * from './controlplane/ControlPlane';
export { LocalControlPlane } from './controlplane/LocalControlPlane';
export { AwsControlPlane } from './controlplane/AwsControlPlane';
export { generateLake } from './lake/generateLake';
export type {
  GenerateLakeOptions,
  GenerateLakeResult,
} from './lake/generateLake';
export * from './permissions/rules';
export * from './permissions/conditions';
export { DefaultSecurityLakePermissionPolicy } from './permissions/DefaultSecurityLakePermissionPolicy';
