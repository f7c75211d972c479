import { Link, LinkButton, Progress } from '@backstage/core-components';
import {
  ProvisionedRegion,
  SubscriberDecision,
  SubscriberRequestDetail as SubscriberRequestDetailType,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { ReactNode, useState } from 'react';
import { SubscriberRequestAction } from '../../api';
import { shortEntityName } from '../../components/entityNames';
import { serverMessage } from '../../api/serverMessage';
import {
  accessTypeLabel,
  formatTime,
  isProvisioning,
  isRemoving,
  listText,
  sourcesText,
} from '../format';
import { RowFilters } from '../RowFilters';
import { SubscriberStateChip } from '../SubscriberStateChip';
import { useSubscriberRequest } from '../useSubscriberRequests';
import { DecisionDialog, DialogAction } from './DecisionDialog';
import { GuidedFinish } from './GuidedFinish';
import { LoadError } from '../../components/LoadError';

const ACTION_ORDER: SubscriberRequestAction[] = [
  'approve',
  'reject',
  'withdraw',
  'revoke',
  'retry',
];

const ACTION_LABELS: Record<SubscriberRequestAction, string> = {
  approve: 'Approve',
  reject: 'Reject',
  withdraw: 'Withdraw',
  revoke: 'Revoke',
  retry: 'Retry',
};

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box component="section" display="flex" flexDirection="column" gridGap={8}>
      <Typography variant="h6" component="h3">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Box minWidth={200} flex="1 1 240px">
      <Typography variant="caption" color="textSecondary" component="dt">
        {props.label}
      </Typography>
      <Typography
        variant="body2"
        component="dd"
        style={{ margin: 0, wordBreak: 'break-word' }}
      >
        {props.children}
      </Typography>
    </Box>
  );
}

function notificationText(request: SubscriberRequestDetailType): string {
  const n = request.notification;
  if (!n) return 'None';
  if (n.type === 'SQS') return 'SQS queue';
  return `HTTPS ${n.endpoint} as ${n.targetRoleArn}`;
}

/** What was provisioned in one region, as far as it is known; its row filters are shown with the grant's. */
function ProvisionedRegionView(props: { region: ProvisionedRegion }) {
  const { region } = props;
  const facts: [string, string | undefined][] = [
    ['Subscriber id', region.subscriberId],
    ['Subscriber ARN', region.subscriberArn],
    ['Subscriber status', region.subscriberStatus],
    ['Resource share', region.resourceShareName],
    ['Resource share ARN', region.resourceShareArn],
    ['Role ARN', region.roleArn],
    ['S3 bucket ARN', region.s3BucketArn],
    ['Notification endpoint', region.subscriberEndpoint],
  ];
  return (
    <Paper variant="outlined">
      <Box padding={2} display="flex" flexDirection="column" gridGap={8}>
        <Typography variant="subtitle1" component="h4">
          {region.region}
        </Typography>
        <Box
          component="dl"
          display="flex"
          flexWrap="wrap"
          gridGap={12}
          margin={0}
        >
          {facts
            .filter(([, value]) => value)
            .map(([label, value]) => (
              <Fact key={label} label={label}>
                {value}
              </Fact>
            ))}
        </Box>
      </Box>
    </Paper>
  );
}

/** Props for {@link SubscriberRequestDetail}. @internal */
export interface SubscriberRequestDetailProps {
  requestId: string;
  /** How often the request is read while it is being provisioned; 2 seconds unless told. */
  pollMs?: number;
  /** Where another request opens (the one this extends, or its open extension). */
  linkToRequest?: (requestId: string) => string;
  /** Where the form opens that asks to extend this request. */
  linkToExtend?: (requestId: string) => string;
}

/**
 * One subscriber request: whose data it exposes, its fields, what was provisioned per region, why the
 * last provision failed, its history, the decisions the user may take now and, once granted, the guided
 * finish. While it is being provisioned it is read again every `pollMs`.
 *
 * @internal
 */
export function SubscriberRequestDetail(props: SubscriberRequestDetailProps) {
  const { requestId, pollMs = 2000, linkToRequest, linkToExtend } = props;
  const { request, error, retry, decide } = useSubscriberRequest(
    requestId,
    pollMs,
  );
  const [dialog, setDialog] = useState<DialogAction>();
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string>();

  if (!request) {
    return error ? (
      <LoadError error={error} what="this request" onRetry={retry} />
    ) : (
      <Progress />
    );
  }

  const confirm = async (
    action: DialogAction,
    decision: SubscriberDecision,
  ) => {
    await decide(action, decision);
    setDialog(undefined);
  };
  const retryProvision = async () => {
    setRetrying(true);
    setRetryError(undefined);
    try {
      await decide('retry');
    } catch (e) {
      setRetryError(serverMessage(e));
    } finally {
      setRetrying(false);
    }
  };

  const actions = ACTION_ORDER.filter(a => request.actions.includes(a));
  const team = shortEntityName(request.ownerRef);
  const uncovered = request.uncoveredAccountIds ?? [];
  const mayExtend = request.actions.includes('extend') && !!linkToExtend;
  const granted = request.grantedAccountIds;
  const narrowed =
    granted && request.accountIds.filter(a => !granted.includes(a));

  return (
    <Box display="flex" flexDirection="column" gridGap={24}>
      <Box display="flex" flexDirection="column" gridGap={8}>
        <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={12}>
          <Typography variant="h5" component="h2">
            {request.subscriberName}
          </Typography>
          <SubscriberStateChip state={request.state} />
        </Box>
        <Typography variant="body2" color="textSecondary">
          {accessTypeLabel(request.accessType)} for {request.principal},
          requested by {shortEntityName(request.requestedBy)} for {team} on{' '}
          {formatTime(request.createdAt)}
        </Typography>
      </Box>

      <Alert severity={request.scope === 'all' ? 'warning' : 'info'}>
        <AlertTitle>Whose data this exposes</AlertTitle>
        {request.exposes}
      </Alert>

      {isProvisioning(request.state) && (
        <Box display="flex" flexDirection="column" gridGap={4}>
          <Typography variant="body2">Provisioning…</Typography>
          <LinearProgress aria-label="Provisioning" />
        </Box>
      )}
      {request.state === 'failed' && (
        <Alert severity="error">
          <AlertTitle>Provisioning failed</AlertTitle>
          {request.error ?? 'The portal did not say why.'}
        </Alert>
      )}
      {isRemoving(request) && (
        <Alert severity="warning">
          <AlertTitle>Removing what was granted…</AlertTitle>
          {request.error ??
            'The portal removes what was provisioned, and tries again until nothing is left.'}
        </Alert>
      )}
      {request.extendsRequestId && (
        <Alert severity="info">
          <AlertTitle>An extension</AlertTitle>
          It asks for more of {team}&apos;s accounts on{' '}
          {linkToRequest ? (
            <Link to={linkToRequest(request.extendsRequestId)}>
              the grant it extends
            </Link>
          ) : (
            'the grant it extends'
          )}
          , and replaces that grant once it is in place.
        </Alert>
      )}
      {request.state === 'active' && uncovered.length > 0 && (
        <Alert
          severity="warning"
          action={
            mayExtend ? (
              <LinkButton
                color="inherit"
                size="small"
                to={linkToExtend!(request.id)}
              >
                Ask to extend
              </LinkButton>
            ) : undefined
          }
        >
          <AlertTitle>
            The team has accounts this grant does not cover
          </AlertTitle>
          The catalog gives {listText(uncovered)} to {team}, but{' '}
          {uncovered.length === 1 ? 'it is' : 'they are'} not in this grant: a
          grant never widens by itself.{' '}
          {request.openExtensionId ? (
            <>
              An extension is waiting:{' '}
              {linkToRequest ? (
                <Link to={linkToRequest(request.openExtensionId)}>open it</Link>
              ) : (
                request.openExtensionId
              )}
              .
            </>
          ) : (
            'An extension is a new request, approved like this one, that replaces it once in place.'
          )}
        </Alert>
      )}
      {error && (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={retry}>
              Read again
            </Button>
          }
        >
          The request could not be read again: {serverMessage(error)}
        </Alert>
      )}

      {actions.length > 0 && (
        <Box display="flex" flexWrap="wrap" gridGap={8}>
          {actions.map(action => (
            <Button
              key={action}
              variant={action === 'approve' ? 'contained' : 'outlined'}
              color={
                action === 'approve' || action === 'retry'
                  ? 'primary'
                  : 'default'
              }
              disabled={retrying}
              onClick={() =>
                action === 'retry' ? retryProvision() : setDialog(action)
              }
            >
              {ACTION_LABELS[action]}
            </Button>
          ))}
        </Box>
      )}
      {retryError && <Alert severity="error">{retryError}</Alert>}

      {request.guidedFinish && <GuidedFinish finish={request.guidedFinish} />}

      <Section title="Request">
        <Box
          component="dl"
          display="flex"
          flexWrap="wrap"
          gridGap={16}
          margin={0}
        >
          <Fact label="Team">{team}</Fact>
          <Fact label="Subscriber principal">{request.principal}</Fact>
          <Fact label="External ID">{request.externalId}</Fact>
          <Fact label="Access">{accessTypeLabel(request.accessType)}</Fact>
          <Fact label="Scope">
            {request.scope === 'team'
              ? "Only the team's accounts (Lake Formation row filters)"
              : "Every account's data in these sources"}
          </Fact>
          <Fact
            label={
              ['pending', 'rejected', 'withdrawn'].includes(request.state)
                ? 'Accounts asked for'
                : 'Approved accounts'
            }
          >
            {request.accountIds.join(', ')}
          </Fact>
          {granted && (
            <Fact label="Granted now">
              {granted.join(', ') || 'None'}
              {narrowed && narrowed.length > 0
                ? ` (no longer ${team}'s: ${narrowed.join(', ')})`
                : ''}
            </Fact>
          )}
          <Fact label="Sources">{sourcesText(request.sources)}</Fact>
          <Fact label="Regions">{request.regions.join(', ')}</Fact>
          {request.accessType === 'S3' && (
            <Fact label="Notification">{notificationText(request)}</Fact>
          )}
          <Fact label="Expires">
            {request.expiresAt ? formatTime(request.expiresAt) : 'Never'}
          </Fact>
          <Fact label="Last change">{formatTime(request.updatedAt)}</Fact>
        </Box>
        {request.description && (
          <Typography variant="body2">{request.description}</Typography>
        )}
        <Box>
          <Typography variant="caption" color="textSecondary">
            Justification
          </Typography>
          <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
            {request.justification}
          </Typography>
        </Box>
      </Section>

      {request.rowFilters && (
        <Section title="Row filter">
          <RowFilters
            filters={request.rowFilters}
            placed={['active', 'revoked', 'expired'].includes(request.state)}
          />
        </Section>
      )}

      {request.provisioned.length > 0 && (
        <Section title="Provisioned">
          {request.provisioned.map(region => (
            <ProvisionedRegionView key={region.region} region={region} />
          ))}
        </Section>
      )}

      <Section title="History">
        <Box component="ol" margin={0} paddingLeft={3} aria-label="History">
          {request.transitions.map((t, i) => (
            <Box component="li" key={i} marginBottom={1}>
              <Typography variant="body2">
                {t.from ? `${t.from} → ${t.to}` : t.to} by{' '}
                {shortEntityName(t.by)} on {formatTime(t.at)}
              </Typography>
              {t.comment && (
                <Typography
                  variant="body2"
                  color="textSecondary"
                  style={{ whiteSpace: 'pre-wrap' }}
                >
                  “{t.comment}”
                </Typography>
              )}
            </Box>
          ))}
        </Box>
      </Section>

      <DecisionDialog
        action={dialog}
        request={request}
        onClose={() => setDialog(undefined)}
        onConfirm={confirm}
      />
    </Box>
  );
}
