import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import ArrowBack from '@material-ui/icons/ArrowBack';

/**
 * A link back to where the user came from, with an arrow.
 *
 * @internal
 */
export function BackLink(props: { to: string; children: string }) {
  return (
    <Link to={props.to}>
      <Box display="inline-flex" alignItems="center" gridGap={4}>
        <ArrowBack fontSize="small" />
        {props.children}
      </Box>
    </Link>
  );
}
