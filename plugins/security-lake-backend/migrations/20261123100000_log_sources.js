// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
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
  await knex.schema.createTable('control_plane_refreshes', table => {
    table.comment(
      'When each kind of control plane data was last read successfully',
    );
    table
      .string('kind', 64)
      .primary()
      .comment('What was read, e.g. log-sources');
    table
      .timestamp('refreshed_at', { useTz: true })
      .notNullable()
      .comment('End of the last successful read');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('control_plane_refreshes');
  await knex.schema.dropTable('log_sources');
};
