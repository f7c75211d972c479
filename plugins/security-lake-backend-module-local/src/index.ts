/**
 * The embedded local mode of the security-lake backend: a DuckDB query engine over a folder laid out like
 * the Security Lake bucket, a control plane derived from it, and the deterministic sample lake generator.
 *
 * @packageDocumentation
 */
export { securityLakeModuleLocal as default } from './module';
export { DuckDbQueryEngine } from './engine/DuckDbQueryEngine';
export type {
  DuckDbQueryEngineOptions,
  DuckDbTable,
} from './engine/DuckDbQueryEngine';
export { LocalControlPlane } from './controlplane/LocalControlPlane';
export { LocalSubscriberOperations } from './controlplane/LocalSubscriberOperations';
export { generateLake } from './lake/generateLake';
export type {
  GenerateLakeOptions,
  GenerateLakeResult,
} from './lake/generateLake';
