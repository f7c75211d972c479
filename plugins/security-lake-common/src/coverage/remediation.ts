import { CoverageHealth } from './types';

/**
 * What to do about each kind of coverage gap, in words a team can act on. A data lake exception that names
 * the account says more, and comes first where there is one.
 *
 * @public
 */
export const COVERAGE_GAP_REMEDIATION: Record<
  Exclude<CoverageHealth, 'healthy'>,
  string
> = {
  absent:
    'Security Lake does not collect this source here: add it for the account and region (Security Lake console, Sources, or CreateAwsLogSource), or ask the platform owners to.',
  stale:
    'Security Lake collects this source, but no data arrived within its threshold: check that the service still produces it in this account and region (the CloudTrail trail, VPC flow logs, Route 53 Resolver query logging, Security Hub or the custom source’s writer).',
  misconfigured:
    'Security Lake reports the source as misconfigured: read the data lake exception for this region, or the source’s status in the Security Lake console, and fix what it names.',
  not_collecting:
    'Security Lake has the source configured but is not collecting it: enable it again for this region (Security Lake console, Sources, or CreateAwsLogSource).',
};
