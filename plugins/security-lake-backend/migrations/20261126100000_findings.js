// @ts-check

/**
 * Findings: the portal's short-lived copy of each account's Security Hub findings per region, read from the
 * lake through the query broker. A snapshot row says where one account-region's copy stands and who is
 * refreshing it (a claim any replica can see); `findings` holds the latest report of each finding uid, and
 * `findings_daily` the distinct findings reported per day and severity, for the trend.
 *
 * Times are epoch milliseconds, so every database compares them alike.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('findings_snapshots', table => {
    table.comment('Where the copy of the findings of one account-region stands');
    table.string('account_id', 64).notNullable();
    table.string('region', 32).notNullable();
    table
      .string('source_version', 8)
      .notNullable()
      .comment('Source version of the table the copy was read from');
    table
      .string('state', 16)
      .notNullable()
      .comment('ready, refreshing or failed');
    table
      .string('claimed_by', 64)
      .nullable()
      .comment('The refresh that holds the claim');
    table
      .bigInteger('claim_expires_at')
      .nullable()
      .comment('When an unfinished claim may be taken over');
    table.bigInteger('refreshed_at').nullable();
    table
      .bigInteger('expires_at')
      .notNullable()
      .defaultTo(0)
      .comment('After this the copy is read from the lake again');
    table
      .bigInteger('window_start')
      .nullable()
      .comment('The copy holds reports from here to refreshed_at');
    table.text('error').nullable().comment('Why the last refresh failed');
    table.primary(['account_id', 'region']);
  });

  await knex.schema.createTable('findings', table => {
    table.comment('The latest report of each finding uid, per account-region');
    table.string('account_id', 64).notNullable();
    table.string('region', 32).notNullable();
    table.string('finding_uid', 1024).notNullable();
    table.integer('severity_id').notNullable();
    table.string('severity', 16).notNullable();
    table.string('status', 64).notNullable();
    table.string('finding_type', 128).notNullable();
    table.string('product', 128).nullable();
    table.string('resource_type', 128).nullable();
    table.bigInteger('first_seen').nullable();
    table.bigInteger('last_seen').notNullable();
    table.integer('reports').notNullable();
    table.text('item').notNullable().comment('The finding as lists show it');
    table.text('record').notNullable().comment('The latest report, as JSON');
    table.primary(['account_id', 'region', 'finding_uid']);
    table.index(['account_id', 'last_seen'], 'findings_account_last_seen_idx');
    table.index(['finding_uid'], 'findings_uid_idx');
  });

  await knex.schema.createTable('findings_daily', table => {
    table.comment('Distinct findings reported per day and severity');
    table.string('account_id', 64).notNullable();
    table.string('region', 32).notNullable();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table.integer('severity_id').notNullable();
    table.integer('findings').notNullable();
    table.primary(['account_id', 'region', 'day', 'severity_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('findings_daily');
  await knex.schema.dropTable('findings');
  await knex.schema.dropTable('findings_snapshots');
};
