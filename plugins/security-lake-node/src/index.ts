/**
 * Node library of the security-lake plugin: the query engine and control plane interfaces, the extension
 * point through which a backend module supplies them, and the curated query library with its renderer.
 *
 * @packageDocumentation
 */
export * from './QueryEngine';
export * from './ControlPlane';
export * from './extensions';
export * from './sql/SqlGrammar';
export { TrinoSqlGrammar, trinoSqlGrammar } from './sql/trino/TrinoSqlGrammar';
export type { TrinoToken, RebuiltSql } from './sql/trino/TrinoSqlGrammar';
export * from './library';
