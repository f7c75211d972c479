import { LibraryQueryParameter } from '@internal/plugin-security-lake-common';

/**
 * The bounds every library query starts its WHERE clause with: the run's time window and accounts, as
 * bound values. Source version 2 tables partition on `time_dt`; version 1 tables on the `eventday`
 * (`YYYYMMDD`) partition, with `time` in epoch milliseconds for the exact edges. A module's own query
 * bounds every table it reads with them too (`checkLibraryQuery`).
 */

/** The window and accounts of a source version 2 table. @public */
export const V2_WINDOW = `time_dt >= CAST({{start}} AS timestamp)
  AND time_dt < CAST({{end}} AS timestamp)
  AND accountid IN ({{accounts}})`;

/** The window and accounts of a source version 1 table. @public */
export const V1_WINDOW = `eventday BETWEEN {{startDay}} AND {{endDay}}
  AND time >= {{startMs}}
  AND time < {{endMs}}
  AND accountid IN ({{accounts}})`;

/**
 * Addresses that never leave a VPC or a host (RFC 1918, loopback, link-local, carrier-grade NAT), as a
 * `regexp_like` pattern. Backslashes reach the SQL text as they are: neither Trino nor DuckDB unescape
 * them in a string literal.
 *
 * @internal
 */
export const PRIVATE_IPV4 =
  '^(10\\.|192\\.168\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|127\\.|169\\.254\\.|100\\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\\.)';

/**
 * The EC2 instance a query is about, as VPC Flow and Route 53 records name it (`instance_uid`).
 *
 * @internal
 */
export const INSTANCE_PARAMETER: LibraryQueryParameter = {
  name: 'instance',
  title: 'EC2 instance id',
  type: 'string',
  maxLength: 19,
  pattern: '^i-[0-9a-f]{8,17}$',
  placeholder: 'i-0abc123def4567890',
};
