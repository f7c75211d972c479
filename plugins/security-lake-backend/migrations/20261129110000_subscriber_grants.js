// @ts-check

/**
 * What a team-scoped grant names now, whether an ended request's access was removed, and which request an
 * extension extends. A grant names only approved accounts and never widens by itself: the provisioner
 * narrows it when an account leaves the team, and a team asks for more with an extension (a new request and
 * approval) that replaces the request it extends once in place. Requests that ended before this migration
 * had their access removed when they ended.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('subscriber_requests', table => {
    table
      .text('granted_account_ids')
      .nullable()
      .comment(
        'Team scope, once provisioned: the accounts the row filters name now, JSON; never more than approved',
      );
    table
      .string('removed_at', 32)
      .nullable()
      .comment(
        'Revoked or expired: when everything provisioned was removed; null while something may remain',
      );
    table
      .string('extends_request_id', 36)
      .nullable()
      .comment('The active team-scoped request this one extends and replaces');
    table.index(['extends_request_id'], 'subscriber_requests_extends_idx');
  });
  await knex('subscriber_requests')
    .whereIn('state', ['revoked', 'expired'])
    .update({ removed_at: knex.ref('updated_at') });
};

const COLUMNS = ['extends_request_id', 'removed_at', 'granted_account_ids'];

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('subscriber_requests', table => {
    table.dropIndex(['extends_request_id'], 'subscriber_requests_extends_idx');
  });
  if (String(knex.client.config.client).includes('sqlite')) {
    // knex drops a SQLite column by copying the table, which would cascade-delete every transition
    for (const column of COLUMNS) {
      await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [
        'subscriber_requests',
        column,
      ]);
    }
    return;
  }
  await knex.schema.alterTable('subscriber_requests', table => {
    for (const column of COLUMNS) table.dropColumn(column);
  });
};
