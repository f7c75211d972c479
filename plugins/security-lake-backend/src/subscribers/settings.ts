import { Config } from '@backstage/config';

/** `securityLake.subscribers.*`, and who approves. @internal */
export interface SubscriberSettings {
  /** How often the provisioner looks at the requests. */
  pollSeconds: number;
  /** How long a provisioner's hold on a request lasts before another replica may take it over. */
  claimSeconds?: number;
  /** Entity refs of the platform owners (`securityLake.platformOwners`), who are told of new requests. */
  approverRefs: string[];
}

/** The subscriber capability's settings, read once. @internal */
export function readSubscriberSettings(config: Config): SubscriberSettings {
  const subscribers = config.getOptionalConfig('securityLake.subscribers');
  return {
    pollSeconds: subscribers?.getOptionalNumber('pollSeconds') ?? 10,
    claimSeconds: subscribers?.getOptionalNumber('claimSeconds'),
    approverRefs:
      config.getOptionalStringArray('securityLake.platformOwners') ?? [],
  };
}
