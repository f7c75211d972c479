/**
 * The security-lake backend plugin: brokers Athena and the Security Lake control plane under the portal's
 * own AWS identity, scoped by catalog ownership. A module (such as the local one) may supply another query
 * engine or control plane through `securityLakeEnginesExtensionPoint`, or add curated queries through
 * `securityLakeQueryLibraryExtensionPoint`, both in `@internal/plugin-security-lake-node`. Permission rules and
 * conditions for policies are in the `/permissions` entry point.
 *
 * @packageDocumentation
 */
export { securityLakePlugin as default } from './plugin';
export { DefaultSecurityLakePermissionPolicy } from './permissions/DefaultSecurityLakePermissionPolicy';
