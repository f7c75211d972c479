import { AWS_ACCOUNT_ID_ANNOTATION } from '@internal/plugin-security-lake-common';
import Typography from '@material-ui/core/Typography';

/**
 * What an entity card says when none of the entity's AWS accounts is the user's to see: closed, not
 * clean. Every entity card says it in these words, so another team's page never looks like an empty one.
 *
 * @internal
 */
export function NoVisibleAccounts() {
  return (
    <Typography variant="body2" color="textSecondary">
      No AWS accounts you may see are linked to this entity. Accounts are
      declared with the <code>{AWS_ACCOUNT_ID_ANNOTATION}</code> annotation and
      shown to the teams that own them.
    </Typography>
  );
}
