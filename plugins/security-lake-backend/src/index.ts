/**
 * The security-lake backend plugin: brokers Athena and the Security Lake control plane under the portal's
 * own AWS identity, scoped by catalog ownership. A module (such as the local one) may supply another query
 * engine or control plane through `securityLakeEnginesExtensionPoint` in `@internal/plugin-security-lake-node`,
 * where the curated query library lives too.
 *
 * @packageDocumentation
 */
export { securityLakePlugin as default } from './plugin';
export * from './permissions/rules';
export * from './permissions/conditions';
export { DefaultSecurityLakePermissionPolicy } from './permissions/DefaultSecurityLakePermissionPolicy';
