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
    };
  };
}
