import { EntityRefLink, EntityRefLinks } from '@backstage/plugin-catalog-react';
import { AccountOwnershipConflict } from '@internal/plugin-security-lake-common';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { Fragment, useId } from 'react';

/**
 * Props for {@link AccountConflictsAlert}.
 *
 * @internal
 */
export interface AccountConflictsAlertProps {
  conflicts?: AccountOwnershipConflict[];
  /** Why they could not be read; a refusal is left to the view's own error. */
  error?: Error;
}

function refused(error: Error): boolean {
  return (error as Error & { statusCode?: number }).statusCode === 403;
}

/**
 * Tells platform owners which accounts catalog entities declare with different owners: each account, the
 * entities and their owners. Such an account is owned by none of those teams until the catalog agrees.
 * Nothing is shown when there is no conflict.
 *
 * @internal
 */
export function AccountConflictsAlert(props: AccountConflictsAlertProps) {
  const { conflicts = [], error } = props;
  const titleId = useId();
  if (error) {
    return refused(error) ? null : (
      <Alert severity="error" role="status">
        Could not check the catalog for accounts claimed by more than one owner:{' '}
        {error.message}
      </Alert>
    );
  }
  if (conflicts.length === 0) {
    return null;
  }
  const one = conflicts.length === 1;
  return (
    // a standing notice rather than an event, as the local mode banner is
    <Alert severity="warning" role="status" aria-labelledby={titleId}>
      <AlertTitle id={titleId}>
        {one
          ? 'An AWS account is claimed by more than one owner'
          : `${conflicts.length} AWS accounts are claimed by more than one owner`}
      </AlertTitle>
      {one
        ? 'Until the catalog names one owner, none of the claiming teams owns it: their members cannot see it, query it or ask for access to it, and only platform owners see it. Correct or remove the entity that should not declare it.'
        : 'Until the catalog names one owner for each, none of the claiming teams owns them: their members cannot see them, query them or ask for access to them, and only platform owners see them. Correct or remove the entities that should not declare them.'}
      <ul>
        {conflicts.map(conflict => (
          <li key={conflict.accountId}>
            <strong>{conflict.accountId}</strong> is declared by{' '}
            {conflict.claims.map((claim, i) => (
              <Fragment key={claim.entityRef}>
                {i > 0 && (i === conflict.claims.length - 1 ? ' and ' : ', ')}
                <EntityRefLink entityRef={claim.entityRef} /> (owned by{' '}
                {claim.owners.length > 0 ? (
                  <EntityRefLinks
                    entityRefs={claim.owners}
                    defaultKind="group"
                  />
                ) : (
                  'nobody'
                )}
                )
              </Fragment>
            ))}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
