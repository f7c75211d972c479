import { ActionRegistrar } from './actions/ActionRegistrar';
import { addCoverageActions } from './coverage/actions';
import { addFindingsActions } from './findings/actions';
import { addQueryActions } from './queries/actions';

/** @internal */
export interface ActionsOptions {
  coverage: Parameters<typeof addCoverageActions>[1];
  findings: Parameters<typeof addFindingsActions>[1];
  queries: Parameters<typeof addQueryActions>[1];
}

/**
 * Every capability's actions in Backstage's actions registry (`security-lake:<name>`), as the router mounts
 * every capability's routes: the second door to the same services, for assistants over MCP.
 *
 * @internal
 */
export function registerActions(
  registrar: ActionRegistrar,
  options: ActionsOptions,
) {
  addCoverageActions(registrar, options.coverage);
  addFindingsActions(registrar, options.findings);
  addQueryActions(registrar, options.queries);
}
