export interface Config {
  securityLake?: {
    /** The embedded local lake, read by the local module. */
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
      /**
       * DuckDB's memory limit for queries.
       * @default 1GB
       */
      memoryLimit?: string;
      /**
       * Threads DuckDB may use for queries.
       * @default 2
       */
      threads?: number;
      /**
       * A query still running after this many seconds is interrupted and fails.
       * @default 120
       */
      queryTimeoutSeconds?: number;
      /**
       * The account the local control plane acts as: the delegated administrator owning the lake's catalog.
       * @default 555555555555
       */
      adminAccountId?: string;
      /**
       * How long a subscriber the local control plane creates stays PENDING before it is ACTIVE.
       * @default 3
       */
      subscriberActivationSeconds?: number;
      /**
       * Statements the local engine offers as its named queries, as Athena offers a workgroup's: listed
       * read-only beside the library for people allowed ad-hoc SQL.
       */
      namedQueries?: Array<{
        name: string;
        description?: string;
        database?: string;
        sql: string;
      }>;
    };
  };
}
