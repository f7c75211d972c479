import { Config } from '@backstage/config';

/** `securityLake.findings.*`. @internal */
export interface FindingsSettings {
  /** How long a copy read from the lake is served before it is read again. */
  cacheSeconds: number;
  /** How far back the copy reaches; the longest window a view can ask for. */
  lookbackDays: number;
  /** After a failed read, how long before the lake is asked again. */
  retryFailedSeconds: number;
  /** How long a refresh may take before another request or replica may take it over. */
  claimSeconds: number;
  /** Most accounts read in one run. */
  maxAccountsPerRun: number;
}

/** @internal */
export const DEFAULT_FINDINGS_SETTINGS: FindingsSettings = {
  cacheSeconds: 600,
  lookbackDays: 30,
  retryFailedSeconds: 60,
  claimSeconds: 900,
  maxAccountsPerRun: 10,
};

/** The findings capability's settings, read once; a value out of its range stops the backend, naming it. @internal */
export function readFindingsSettings(config: Config): FindingsSettings {
  const findings = config.getOptionalConfig('securityLake.findings');
  const read = (key: keyof FindingsSettings, min: number, max: number) => {
    const value =
      findings?.getOptionalNumber(key) ?? DEFAULT_FINDINGS_SETTINGS[key];
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new Error(
        `securityLake.findings.${key} must be a number from ${min} to ${max}, not ${value}`,
      );
    }
    return value;
  };
  return {
    cacheSeconds: read('cacheSeconds', 0, 86_400),
    lookbackDays: read('lookbackDays', 1, 90),
    retryFailedSeconds: read('retryFailedSeconds', 0, 86_400),
    claimSeconds: read('claimSeconds', 30, 86_400),
    maxAccountsPerRun: read('maxAccountsPerRun', 1, 500),
  };
}
