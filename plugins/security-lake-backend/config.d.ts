/** A duration as the Backstage scheduler reads it from config. */
type HumanDuration = {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
};

export interface Config {
  /** Security Lake for Backstage. */
  securityLake?: {
    /**
     * Which engine runs queries: `duckdb` (embedded, over a local lake folder) or `athena`.
     * @default duckdb
     */
    engine?: 'duckdb' | 'athena';
    /**
     * Which Security Lake control plane to read: `local` (derived from the local lake) or `aws`.
     * @default local
     */
    controlPlane?: 'local' | 'aws';
    /**
     * Entity refs of the groups (or users) who own the platform: they see every account. Read by the
     * default permission policy.
     * @default []
     */
    platformOwners?: string[];
    /** The embedded local lake. */
    local?: {
      /**
       * Folder laid out like the Security Lake bucket, relative to the backend's working directory.
       * @default local-lake
       */
      lakeDir?: string;
      /**
       * Where the local engine writes query results.
       * @default <lakeDir>/../local-lake-results
       */
      resultsDir?: string;
      /**
       * Generate the sample lake on start when the folder has none.
       * @default true
       */
      generateIfMissing?: boolean;
    };
    /** Athena, when `engine` is `athena`. Credentials come from the `aws` integration config. */
    athena?: {
      /** Region of the Athena workgroup; the SDK's default region when unset. */
      region?: string;
      /**
       * Workgroup to run queries in.
       * @default primary
       */
      workGroup?: string;
      /**
       * Data catalog holding the Security Lake databases.
       * @default AwsDataCatalog
       */
      catalog?: string;
      /** S3 output location, when the workgroup does not enforce one. */
      outputLocation?: string;
      /** Account to assume a role in (from `aws.accounts`); the default credential chain when unset. */
      accountId?: string;
      /**
       * Reuse results of an identical query younger than this many minutes; 0 disables.
       * @default 60
       */
      resultReuseMaxAgeMinutes?: number;
    };
    /** The Security Lake API, when `controlPlane` is `aws`. */
    aws?: {
      /** Regions with a Security Lake data lake. */
      regions: string[];
      /** The Security Lake delegated administrator account (from `aws.accounts`). */
      accountId?: string;
    };
    /** Background refresh schedules. */
    schedules?: {
      /**
       * Reading the configured log sources.
       * @default { frequency: { minutes: 15 }, timeout: { minutes: 10 }, initialDelay: { seconds: 3 } }
       */
      logSources?: {
        frequency?: { cron: string } | string | HumanDuration;
        timeout?: string | HumanDuration;
        initialDelay?: string | HumanDuration;
        scope?: 'global' | 'local';
      };
    };
  };
}
