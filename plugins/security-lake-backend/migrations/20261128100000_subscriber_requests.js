// @ts-check

/**
 * Subscriber requests: what a team asked for, where it stands, and every change of state with who, when
 * and why. State changes are conditional updates on the current state, so two approvals (or two replicas
 * provisioning) cannot both win; a provisioning claim names its holder and when it may be taken over.
 * Times are ISO 8601 text.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('subscriber_requests', table => {
    table.comment('Access to the lake a team asked for');
    table.string('id', 36).primary();
    table.string('owner_ref', 512).notNullable().comment('The requesting team');
    table.string('requested_by', 512).notNullable();
    table.string('state', 16).notNullable();
    table.string('scope', 8).notNullable().comment('team or all');
    table.text('request').notNullable().comment('The request as accepted, JSON');
    table
      .text('provisioned')
      .notNullable()
      .comment('What was created per region, JSON');
    table.text('error').nullable().comment('Why the last provision failed');
    table.string('claimed_by', 64).nullable();
    table.string('claim_expires_at', 32).nullable();
    table.string('expires_at', 32).nullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.index(['state']);
    table.index(['owner_ref']);
  });
  await knex.schema.createTable('subscriber_request_transitions', table => {
    table.comment('Every change of state of a subscriber request');
    table.increments('seq');
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('subscriber_requests')
      .onDelete('CASCADE');
    table.string('from_state', 16).nullable();
    table.string('to_state', 16).notNullable();
    table.string('action', 16).notNullable();
    table.string('actor', 512).notNullable();
    table.text('comment').nullable();
    table.string('at', 32).notNullable();
    table.index(['request_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('subscriber_request_transitions');
  await knex.schema.dropTable('subscriber_requests');
};
