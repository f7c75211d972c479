import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Add from '@material-ui/icons/Add';
import { BackLink } from '../../components/BackLink';
import { SubscriberRequestDetail } from '../SubscriberRequestDetail';
import {
  ExtendRequestForm,
  SubscriberRequestForm,
} from '../SubscriberRequestForm';
import { SubscriberRequests } from '../SubscriberRequests';
import { useSubscribersLocation } from '../useSubscribersLocation';

/** Props for {@link SubscribersView}. @internal */
export interface SubscribersViewProps {
  /** How often a request being provisioned is read again; 2 seconds unless told. */
  pollMs?: number;
}

/**
 * Subscriber requests: the list (the approvals queue for approvers), the form for a new one
 * (`?request=new`) and one request (`?requestId=`), each its own link.
 *
 * @internal
 */
export function SubscribersView(props: SubscribersViewProps) {
  const { pollMs } = props;
  const { newRequest, extendsRequestId, requestId, stateFilter, linkTo, go } =
    useSubscribersLocation();

  if (newRequest && extendsRequestId) {
    return (
      <Box display="flex" flexDirection="column" gridGap={12}>
        <Box>
          <BackLink to={linkTo({ requestId: extendsRequestId })}>
            The grant to extend
          </BackLink>
        </Box>
        <Typography variant="h5" component="h2">
          Ask to extend
        </Typography>
        <ExtendRequestForm
          requestId={extendsRequestId}
          onCreated={request => go({ requestId: request.id })}
          onCancel={() => go({ requestId: extendsRequestId })}
        />
      </Box>
    );
  }
  if (newRequest) {
    return (
      <Box display="flex" flexDirection="column" gridGap={12}>
        <Box>
          <BackLink to={linkTo({})}>All requests</BackLink>
        </Box>
        <Typography variant="h5" component="h2">
          Request access
        </Typography>
        <SubscriberRequestForm
          onCreated={request => go({ requestId: request.id })}
          onCancel={() => go({})}
        />
      </Box>
    );
  }
  if (requestId) {
    return (
      <Box display="flex" flexDirection="column" gridGap={12}>
        <Box>
          <BackLink to={linkTo({})}>All requests</BackLink>
        </Box>
        <SubscriberRequestDetail
          // polling starts over for another request
          key={requestId}
          requestId={requestId}
          pollMs={pollMs}
          linkToRequest={id => linkTo({ requestId: id })}
          linkToExtend={id => linkTo({ request: 'new', extends: id })}
        />
      </Box>
    );
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        justifyContent="space-between"
        gridGap={12}
      >
        <Typography variant="body2" color="textSecondary">
          Ask for another AWS account or service to query or read your
          team&apos;s Security Lake data. Approvers review each request before
          the portal provisions it.
        </Typography>
        <Button
          variant="contained"
          color="primary"
          startIcon={<Add />}
          onClick={() => go({ request: 'new' })}
        >
          Request access
        </Button>
      </Box>
      <SubscriberRequests
        state={stateFilter}
        onStateChange={state => go({ state }, { replace: true })}
        linkTo={request => linkTo({ requestId: request.id })}
      />
    </Box>
  );
}
