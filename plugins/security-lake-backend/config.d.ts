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
     * Which engine runs queries. `athena` uses `securityLake.athena`; another value names the engine of
     * an installed module (`duckdb` for the local module). Unset: a module's engine if one is installed,
     * otherwise start-up fails naming this key.
     */
    engine?: string;
    /**
     * Which Security Lake control plane to read. `aws` uses `securityLake.aws`; another value names the
     * control plane of an installed module (`local` for the local module). Unset: a module's control plane
     * if one is installed, otherwise start-up fails naming this key.
     */
    controlPlane?: string;
    /**
     * Entity refs of the groups (or users) who own the platform: they see every account and approve
     * subscribers. What they may do is the permission policy's to decide: the portal's permission policy
     * module reads this key and passes it to `DefaultSecurityLakePermissionPolicy`
     * (packages/backend/src/modules/permissionPolicy.ts). The backend plugin reads it too, only for whom to
     * notify: platform owners are told of new subscriber requests, and of a grant the portal narrowed or
     * ended because a team's accounts changed.
     * @default []
     */
    platformOwners?: string[];
    /**
     * Entity refs of the groups (or users) allowed ad-hoc SQL (`security-lake.query.run-adhoc`) besides the
     * platform owners. Read by the portal's permission policy module, as `platformOwners` is; what ad-hoc
     * SQL reads is still bounded by the caller's accounts.
     * @default []
     */
    adhocSqlGroups?: string[];
    /** Subscriber requests. */
    subscribers?: {
      /**
       * How often approved requests are provisioned, provisioning ones followed and expired ones removed.
       * @default 10
       */
      pollSeconds?: number;
      /**
       * A provision whose replica stopped is taken over after this long.
       * @default 600
       */
      claimSeconds?: number;
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
       * No longer used: Athena's own result reuse stays off, since Athena matches a query by its string and
       * every team's run of a library query has the same string (the accounts are execution parameters).
       * Any value but 0 stops the backend at start; identical runs are reused by
       * `queries.reuseResultsMinutes`, which compares the SQL, the values and the accounts.
       * @deprecated Athena's result reuse is off; use securityLake.queries.reuseResultsMinutes
       */
      resultReuseMaxAgeMinutes?: number;
      /**
       * Workgroups whose Athena named queries are listed beside the library for people allowed ad-hoc SQL.
       * @default [workGroup]
       */
      namedQueryWorkGroups?: string[];
      /**
       * Athena endpoint URL, e.g. an interface VPC endpoint's, or a local stand-in in tests and benchmarks;
       * the regional endpoint when unset.
       */
      endpoint?: string;
      /**
       * S3 endpoint URL for reading result objects, e.g. a VPC endpoint's, or a local stand-in in tests and
       * benchmarks; buckets are then addressed path-style (`<endpoint>/<bucket>/<key>`). The regional
       * endpoint when unset.
       */
      s3Endpoint?: string;
    };
    /** The Security Lake API, when `controlPlane` is `aws`. */
    aws?: {
      /** Regions with a Security Lake data lake. */
      regions: string[];
      /** The Security Lake delegated administrator account (from `aws.accounts`). */
      accountId?: string;
    };
    /** The catalog's account list, which the plugin keeps in memory between reads, and who declares it. */
    catalog?: {
      /**
       * How long a read of the catalog's annotated entities is used before it is read again (in the
       * background: requests never wait for it after the first).
       * @default 60
       */
      cacheSeconds?: number;
      /**
       * The entity kinds, and optionally `spec.type`s, whose `amazonaws.com/account-id` annotation declares an
       * AWS account and makes the entity's owner an owner of it. Entities of other kinds confer nothing
       * (Components and Systems carrying the annotation only link their pages to an account so declared).
       * When two declaring entities name different owners, the account is owned by neither until they
       * agree; platform owners see the conflict and it is logged. Must not be empty.
       * @default [{ kind: Resource, type: cloud-account }]
       */
      accountEntities?: Array<{
        /** Entity kind, e.g. `Resource`; compared without regard to case, as the catalog does. */
        kind: string;
        /** `spec.type`, e.g. `cloud-account`; any type of the kind when unset. */
        type?: string;
      }>;
    };
    /** The actions assistants call over MCP (`backend.actions.pluginSources` must name `security-lake`). */
    actions?: {
      /**
       * Callers that are not a user and the accounts each may read through the read-only actions
       * (`list-coverage-gaps`, `list-findings`, `get-finding`), by principal subject: a static token's
       * `subject` as `backend.auth.externalAccess` names it, or another plugin's `plugin:<pluginId>`. Every
       * other action, and every caller not named here, needs a signed-in user; an unnamed service caller
       * reads no account. Through the MCP actions backend such a caller arrives as `plugin:mcp-actions`
       * (Backstage issues the MCP plugin's own token on a service's behalf), so naming that subject lets
       * every static-token MCP client read those accounts. None by default.
       */
      serviceReaders?: Array<{
        /** The caller's principal subject, e.g. `security-assistant` or `plugin:mcp-actions`. */
        subject: string;
        /** 12-digit AWS account ids. */
        accountIds: string[];
      }>;
    };
    /** How coverage is judged. */
    coverage?: {
      /**
       * How long a configured source may go without data before it is stale: `default`, and any source
       * key (`VPC_FLOW`, `ext:okta_sso`) on its own.
       * @default { default: { hours: 24 } }
       */
      staleAfter?: { [sourceKey: string]: HumanDuration };
      /**
       * Days of daily volume kept per account, region and source; the freshness query reads this window.
       * @default 14
       */
      volumeDays?: number;
      /**
       * Tables whose volume is read at once during a refresh.
       * @default 4
       */
      queryConcurrency?: number;
    };
    /** Query runs: the broker's limits and the bounds of every run. */
    queries?: {
      /**
       * Runs on the engine at once, across every replica. For Athena keep it below the account's active
       * query quota (about 20-25, queued queries count) less coverage.queryConcurrency.
       * @default 16 for Athena, 2 for an engine in the backend's process (DuckDB)
       */
      maxConcurrent?: number;
      /**
       * The longest time window one run may cover.
       * @default 31
       */
      maxWindowDays?: number;
      /**
       * An identical run (same engine, SQL, bound values and accounts) that succeeded this recently is answered
       * from its result without running again; 0 turns reuse off. Athena's own result reuse is never used.
       * @default 60
       */
      reuseResultsMinutes?: number;
      /**
       * Most accounts one run may read.
       * @default 50
       */
      maxAccountsPerRun?: number;
      /**
       * How long a backend replica's hold on a running run lasts without renewal; after it another replica
       * takes the run over.
       * @default 30
       */
      leaseSeconds?: number;
      /**
       * Runs (and an in-process engine's result files) are forgotten this many days after they started.
       * Athena's result objects follow the output bucket's lifecycle rules.
       * @default 30
       */
      keepRunsDays?: number;
      /**
       * First engine poll after a start, in milliseconds; later polls back off up to 5 s.
       * @default 200
       */
      pollIntervalMs?: number;
    };
    /** Security Hub findings, read from the lake through the query broker into a short-lived copy. */
    findings?: {
      /**
       * How long the copy of an account's findings (kept in the database, shared by every replica) is
       * served before the lake is read again.
       * @default 600
       */
      cacheSeconds?: number;
      /**
       * How many days of reports the copy holds: the longest window the findings views offer.
       * @default 30
       */
      lookbackDays?: number;
      /**
       * After a failed read, how long before the lake is asked again.
       * @default 60
       */
      retryFailedSeconds?: number;
      /**
       * How long a read may take before another request or replica takes it over.
       * @default 900
       */
      claimSeconds?: number;
      /**
       * Most accounts read in one run.
       * @default 10
       */
      maxAccountsPerRun?: number;
    };
    /** Background refresh schedules. */
    schedules?: {
      /**
       * Reading coverage: the control plane's sources, statuses and exceptions, and freshness and volume
       * from the lake.
       * @default { frequency: { minutes: 15 }, timeout: { minutes: 10 }, initialDelay: { seconds: 3 } }
       */
      coverage?: {
        frequency?: { cron: string } | string | HumanDuration;
        timeout?: string | HumanDuration;
        initialDelay?: string | HumanDuration;
        scope?: 'global' | 'local';
      };
      /**
       * Forgetting runs older than queries.keepRunsDays.
       * @default { frequency: { hours: 6 }, timeout: { minutes: 10 }, initialDelay: { minutes: 5 } }
       */
      queryRunsCleanup?: {
        frequency?: { cron: string } | string | HumanDuration;
        timeout?: string | HumanDuration;
        initialDelay?: string | HumanDuration;
        scope?: 'global' | 'local';
      };
    };
  };
}
