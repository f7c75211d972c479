import { SecurityLakeInfo } from '@internal/plugin-security-lake-common';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/**
 * Props for {@link LocalModeBanner}.
 *
 * @internal
 */
export interface LocalModeBannerProps {
  /** Backend info; the banner stays hidden until it is known. */
  info?: SecurityLakeInfo;
}

/**
 * Tells users the data they see comes from the embedded sample lake, not from AWS.
 *
 * @internal
 */
export function LocalModeBanner(props: LocalModeBannerProps) {
  const { info } = props;
  if (!info?.localMode) {
    return null;
  }
  return (
    // A persistent notice rather than an event, hence status instead of the default alert role.
    <Alert severity="warning" role="status">
      <AlertTitle>Local mode</AlertTitle>
      This portal is running on the embedded local lake: queries run on DuckDB
      over generated sample data and a local control plane answers Security Lake
      calls. No AWS account is involved.
    </Alert>
  );
}
