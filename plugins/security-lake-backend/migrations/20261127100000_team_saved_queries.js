// @ts-check

/**
 * Team saved queries: a library query with its parameter values, or an ad-hoc statement, kept under a name
 * by the team that owns it. A name is unique within a team. Times are ISO 8601 text.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('team_saved_queries', table => {
    table.comment('Queries a team keeps under a name');
    table.string('id', 36).primary();
    table.string('owner_ref', 512).notNullable().comment('The owning group');
    table.string('name', 200).notNullable();
    table.text('description').nullable();
    table
      .string('query_id', 120)
      .nullable()
      .comment('A library query; its values are in parameters');
    table.text('parameters').nullable().comment('JSON object of values');
    table.text('sql').nullable().comment('An ad-hoc statement, as written');
    table.string('created_by', 512).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_by', 512).notNullable();
    table.string('updated_at', 32).notNullable();
    table.unique(['owner_ref', 'name']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('team_saved_queries');
};
