// @ts-check

/**
 * Query runs: each run of a library query (or, later, of SQL text) is a row, so that it survives a restart
 * and any replica can serve, poll or cancel it. The broker's concurrency cap is a unique (engine, slot): a
 * run holds one of the cap's slots from its start to its end, whichever replica started it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('query_runs', table => {
    table.comment(
      'One run of a query: who asked, what, for which accounts, and where it stands',
    );
    table
      .string('id', 36)
      .primary()
      .comment('Run id (UUID); also the ClientRequestToken sent to Athena');
    table
      .string('query_id', 120)
      .nullable()
      .comment('Library query id, when the run is one');
    table
      .string('title', 200)
      .notNullable()
      .comment('What the run shows as its name');
    table
      .text('sql')
      .notNullable()
      .comment('SQL sent to the engine, with ? where values are bound');
    table
      .text('bound_values')
      .notNullable()
      .comment('JSON array of the values bound to the ?s, in order');
    table
      .text('parameters')
      .notNullable()
      .comment('JSON object of the parameters the caller asked for');
    table
      .text('account_ids')
      .notNullable()
      .comment('JSON array of the accounts the run reads');
    table
      .string('region', 32)
      .notNullable()
      .comment('AWS region whose tables the run reads');
    table
      .string('source_version', 8)
      .notNullable()
      .comment('Source version of the tables, 1.0 or 2.0');
    table
      .string('engine', 32)
      .notNullable()
      .comment('Engine kind: athena, duckdb, ...');
    table
      .string('state', 16)
      .notNullable()
      .comment('QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED');
    table
      .text('state_reason')
      .nullable()
      .comment('Why it failed or was cancelled, or what it waits for');
    table
      .string('created_by', 255)
      .notNullable()
      .comment('User entity ref of the caller');
    table
      .string('team_ref', 255)
      .notNullable()
      .comment('Team whose turn the run takes in the queue');
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('Catalog entity the run was started from');
    table
      .string('fingerprint', 64)
      .notNullable()
      .comment('sha256 of engine, SQL and values: identical runs share it');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('completed_at', { useTz: true }).nullable();
    table.timestamp('cancel_requested_at', { useTz: true }).nullable();
    table.bigInteger('data_scanned_bytes').nullable();
    table.bigInteger('row_count').nullable();
    table
      .string('execution_id', 128)
      .nullable()
      .comment("Engine's execution id (Athena QueryExecutionId)");
    table
      .string('reused_run_id', 36)
      .nullable()
      .comment('Earlier identical run whose result this run shows');
    table
      .boolean('engine_reused')
      .nullable()
      .comment('Athena answered from its own result reuse');
    table
      .integer('slot')
      .nullable()
      .comment('Concurrency slot held while running; unique per engine');
    table
      .string('lease_owner', 64)
      .nullable()
      .comment('Replica currently driving the run');
    table
      .bigInteger('lease_expires_at')
      .nullable()
      .comment('Epoch ms after which another replica may take the run over');
    table
      .bigInteger('next_check_at')
      .nullable()
      .comment(
        'Epoch ms of the next engine poll (running) or start attempt (queued)',
      );
    table
      .integer('checks')
      .notNullable()
      .defaultTo(0)
      .comment('Engine polls so far, for backoff');
    table
      .integer('attempts')
      .notNullable()
      .defaultTo(0)
      .comment('Start attempts so far');
    table.unique(['engine', 'slot'], {
      indexName: 'query_runs_engine_slot_key',
    });
    table.index(['state', 'created_at'], 'query_runs_state_created_idx');
    table.index(['fingerprint', 'state'], 'query_runs_fingerprint_idx');
    table.index(['created_by', 'created_at'], 'query_runs_created_by_idx');
    table.index(['entity_ref', 'created_at'], 'query_runs_entity_idx');
    table.index(
      ['engine', 'team_ref', 'started_at'],
      'query_runs_team_started_idx',
    );
  });

  await knex.schema.createTable('query_run_accounts', table => {
    table.comment(
      'The accounts of each run, to show a caller only the runs over accounts they may see',
    );
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('query_runs')
      .onDelete('CASCADE');
    table.string('account_id', 12).notNullable();
    table.primary(['run_id', 'account_id'], 'query_run_accounts_pkey');
    table.index(['account_id'], 'query_run_accounts_account_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('query_run_accounts');
  await knex.schema.dropTable('query_runs');
};
