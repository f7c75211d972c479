import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { SubscriberRequestDetail } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormHelperText from '@material-ui/core/FormHelperText';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Alert from '@material-ui/lab/Alert';
import { useId } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { securityLakeApiRef } from '../../api';
import { shortEntityName } from '../../components/entityNames';
import { AccessSection } from './AccessSection';
import { DataSection } from './DataSection';
import { PurposeSection } from './PurposeSection';
import { RequestPreviewPanel } from './RequestPreviewPanel';
import { SubscriberSection } from './SubscriberSection';
import {
  FIELD_LABELS,
  useSubscriberRequestDraft,
} from './useSubscriberRequestDraft';
import { LoadError } from '../../components/LoadError';

/** Props for {@link SubscriberRequestForm}. @internal */
export interface SubscriberRequestFormProps {
  /** Called with the request the server made. */
  onCreated: (request: SubscriberRequestDetail) => void;
  onCancel?: () => void;
  /**
   * An active team-scoped grant to extend: the form starts from it, with the accounts it grants and those
   * of the team it does not cover, and keeps its subscriber, principal, sources and regions.
   */
  extending?: SubscriberRequestDetail;
}

/**
 * Asks for a Security Lake subscriber, or query access narrowed to the team's accounts. Each field says
 * what the shared check (the server's own) finds wrong with it once it has been left or the form sent;
 * a field the server refuses shows the server's words under it. Beside the form, what will be created.
 * The draft ({@link useSubscriberRequestDraft}) holds the state; each section renders its own fields.
 *
 * @internal
 */
export function SubscriberRequestForm(props: SubscriberRequestFormProps) {
  const { onCreated, onCancel, extending } = props;
  const locked = !!extending;
  const id = useId();
  const draft = useSubscriberRequestDraft({ extending, onCreated });
  const { fields, errors, edit, touch } = draft;

  if (draft.loading) return <Progress />;
  if (draft.error) {
    return <LoadError error={draft.error} what="your teams' accounts" />;
  }
  if (draft.accounts.length === 0) {
    return (
      <Alert severity="info">
        Your teams own no AWS accounts the portal knows of, so there is no
        Security Lake data to request access to.
      </Alert>
    );
  }

  const submitLabel = extending ? 'Ask to extend' : 'Submit request';
  const invalidLabels = draft.invalidFields
    .map(k => FIELD_LABELS[k])
    .join(', ');
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={7}>
        <form
          noValidate
          onSubmit={draft.submit}
          aria-label={extending ? 'Ask to extend' : 'Request access'}
        >
          <Box display="flex" flexDirection="column" gridGap={32}>
            {extending && (
              <Alert severity="info">
                This asks for more of {shortEntityName(extending.ownerRef)}
                &apos;s accounts on “{extending.subscriberName}”. It is approved
                like any request and, once in place, replaces “
                {extending.subscriberName}”. The principal, sources and regions
                stay as they are.
                {errors.extendsRequestId && (
                  <FormHelperText error>
                    {errors.extendsRequestId}
                  </FormHelperText>
                )}
              </Alert>
            )}
            <SubscriberSection
              id={id}
              locked={locked}
              subscriberName={fields.subscriberName}
              principal={fields.principal}
              externalId={fields.externalId}
              errors={errors}
              edit={edit}
              touch={touch}
            />
            <DataSection
              id={id}
              locked={locked}
              teams={draft.teams}
              owner={draft.owner}
              candidates={draft.candidates}
              titles={draft.titles}
              accountIds={draft.accountIds}
              wholeSources={
                fields.accessType === 'S3' || fields.scope === 'all'
              }
              sources={fields.sources}
              regionChoices={draft.regionChoices}
              regionOptions={draft.regionOptions}
              regions={draft.regions}
              errors={errors}
              edit={edit}
            />
            <AccessSection
              id={id}
              locked={locked}
              accessType={fields.accessType}
              scope={fields.scope}
              notification={fields.notification}
              endpoint={fields.endpoint}
              targetRoleArn={fields.targetRoleArn}
              errors={errors}
              edit={edit}
              touch={touch}
            />
            <PurposeSection
              id={id}
              justification={fields.justification}
              expiresAt={fields.expiresAt}
              errors={errors}
              edit={edit}
              touch={touch}
            />

            {draft.invalidFields.length > 0 && (
              <Alert severity="error">Check {invalidLabels}.</Alert>
            )}
            {draft.refusal && <Alert severity="error">{draft.refusal}</Alert>}
            <Box display="flex" gridGap={8}>
              <Button
                type="submit"
                variant="contained"
                color="primary"
                disabled={draft.saving}
              >
                {draft.saving ? 'Submitting…' : submitLabel}
              </Button>
              {onCancel && (
                <Button onClick={onCancel} disabled={draft.saving}>
                  Cancel
                </Button>
              )}
            </Box>
          </Box>
        </form>
      </Grid>
      <Grid item xs={12} md={5}>
        <Paper variant="outlined" style={{ position: 'sticky', top: 16 }}>
          <RequestPreviewPanel input={draft.input} />
        </Paper>
      </Grid>
    </Grid>
  );
}

/** Props for {@link ExtendRequestForm}. @internal */
export interface ExtendRequestFormProps {
  /** The active grant to extend. */
  requestId: string;
  onCreated: (request: SubscriberRequestDetail) => void;
  onCancel?: () => void;
}

/**
 * The request form started from an active team-scoped grant, to ask for the team's accounts it does not
 * cover: a new request with its own approval, which replaces the grant once in place.
 *
 * @internal
 */
export function ExtendRequestForm(props: ExtendRequestFormProps) {
  const { requestId, onCreated, onCancel } = props;
  const api = useApi(securityLakeApiRef);
  const extending = useAsync(
    () => api.getSubscriberRequest(requestId),
    [api, requestId],
  );
  if (extending.loading) return <Progress />;
  if (extending.error) {
    return <LoadError error={extending.error} what="the request to extend" />;
  }
  const request = extending.value!;
  if (!request.actions.includes('extend')) {
    return (
      <Alert severity="info">
        “{request.subscriberName}” cannot be extended now: only an active grant
        to a team&apos;s accounts, with accounts of the team it does not cover
        and no extension waiting, can be.
      </Alert>
    );
  }
  return (
    <SubscriberRequestForm
      key={request.id}
      extending={request}
      onCreated={onCreated}
      onCancel={onCancel}
    />
  );
}
