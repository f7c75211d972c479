// @ts-check

/**
 * Coverage replaces the bare list of configured sources: one row per (account, region, source, version)
 * with its status, freshness and 14-day volume, a roll-up per (account, source) for the matrix, the data
 * lakes' exceptions, and what happened to the last refresh.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.dropTable('log_sources');

  await knex.schema.createTable('coverage_cells', table => {
    table.comment(
      'One account, region and source version as of the last coverage refresh: configured, status, freshness and volume',
    );
    table
      .string('account_id', 12)
      .notNullable()
      .comment('12-digit AWS account id');
    table.string('region', 32).notNullable().comment('AWS region');
    table
      .string('source_key', 160)
      .notNullable()
      .comment(
        'Native source name (VPC_FLOW) or ext:<name> for a custom source',
      );
    table
      .string('source_version', 16)
      .notNullable()
      .comment('Source version, e.g. 2.0');
    table
      .boolean('configured')
      .notNullable()
      .comment(
        'Security Lake is configured to collect it (false: data arrives anyway)',
      );
    table
      .string('status', 16)
      .nullable()
      .comment(
        'COLLECTING, MISCONFIGURED or NOT_COLLECTING as GetDataLakeSources reports it',
      );
    table
      .string('health', 16)
      .notNullable()
      .comment('healthy, stale, misconfigured, not_collecting or absent');
    table
      .timestamp('last_event_at', { useTz: true })
      .nullable()
      .comment('Newest event time seen in the lookback window');
    table
      .text('volume')
      .notNullable()
      .comment(
        'JSON array of events per day, oldest first, ending on the refresh volume_end_day',
      );
    table.primary(
      ['account_id', 'region', 'source_key', 'source_version'],
      'coverage_cells_pkey',
    );
  });

  await knex.schema.createTable('coverage_rollups', table => {
    table.comment(
      'One account and source across its regions as of the last refresh: the coverage matrix cell',
    );
    table
      .string('account_id', 12)
      .notNullable()
      .comment('12-digit AWS account id');
    table
      .string('source_key', 160)
      .notNullable()
      .comment('Native source name or ext:<name>');
    table
      .string('health', 16)
      .notNullable()
      .comment('Worst health over the regions');
    table
      .text('regions')
      .notNullable()
      .comment('JSON object: region to health');
    table
      .timestamp('last_event_at', { useTz: true })
      .nullable()
      .comment('Newest event over the regions');
    table
      .text('volume')
      .notNullable()
      .comment('JSON array of events per day summed over regions');
    table
      .integer('exception_count')
      .notNullable()
      .defaultTo(0)
      .comment('Data lake exceptions naming this account and source');
    table.primary(['account_id', 'source_key'], 'coverage_rollups_pkey');
  });

  await knex.schema.createTable('data_lake_exceptions', table => {
    table.comment('The data lakes\u2019 exceptions as of the last refresh');
    table.increments('id').comment('Row id');
    table.string('region', 32).notNullable().comment('AWS region');
    table.text('exception').notNullable().comment('What went wrong');
    table.text('remediation').nullable().comment('What to do about it');
    table
      .timestamp('occurred_at', { useTz: true })
      .nullable()
      .comment('When it happened');
    table.index(['region'], 'data_lake_exceptions_region_idx');
  });

  await knex.schema.alterTable('control_plane_refreshes', table => {
    table
      .timestamp('attempted_at', { useTz: true })
      .nullable()
      .comment('Start of the last attempt, successful or not');
    table
      .string('attempt_status', 16)
      .nullable()
      .comment('running, succeeded or failed');
    table
      .text('attempt_error')
      .nullable()
      .comment('Why the last attempt failed');
    table
      .timestamp('requested_at', { useTz: true })
      .nullable()
      .comment('When a platform owner last asked for a refresh');
    table
      .string('volume_end_day', 10)
      .nullable()
      .comment('Last day (YYYY-MM-DD) of the stored volume series');
  });
  await knex('control_plane_refreshes').delete();
  await knex.schema.alterTable('control_plane_refreshes', table => {
    table.setNullable('refreshed_at');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('control_plane_refreshes').delete();
  await knex.schema.alterTable('control_plane_refreshes', table => {
    table.dropColumn('attempted_at');
    table.dropColumn('attempt_status');
    table.dropColumn('attempt_error');
    table.dropColumn('requested_at');
    table.dropColumn('volume_end_day');
  });
  await knex.schema.alterTable('control_plane_refreshes', table => {
    table.dropNullable('refreshed_at');
  });
  await knex.schema.dropTable('data_lake_exceptions');
  await knex.schema.dropTable('coverage_rollups');
  await knex.schema.dropTable('coverage_cells');
  await knex.schema.createTable('log_sources', table => {
    table.comment(
      'The Security Lake sources configured per account, region and version, as last read from the control plane',
    );
    table
      .string('account_id', 12)
      .notNullable()
      .comment('12-digit AWS account id');
    table
      .string('region', 32)
      .notNullable()
      .comment('AWS region of the data lake');
    table
      .string('source_name', 32)
      .notNullable()
      .comment('AwsLogSourceName, e.g. CLOUD_TRAIL_MGMT');
    table
      .string('source_version', 8)
      .notNullable()
      .comment('Source version, 1.0 or 2.0');
    table.primary(
      ['account_id', 'region', 'source_name', 'source_version'],
      'log_sources_pkey',
    );
    table.index(['account_id'], 'log_sources_account_id_idx');
  });
};
