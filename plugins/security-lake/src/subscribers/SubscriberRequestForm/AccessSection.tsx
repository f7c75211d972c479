import {
  SubscriberAccessType,
  SubscriberScope,
} from '@internal/plugin-security-lake-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useRef, useState } from 'react';
import { FormSection, memoSection, textFieldProps } from './FormSection';
import {
  EditDraft,
  FieldErrors,
  NotificationKind,
  TouchField,
} from './useSubscriberRequestDraft';

/** Props for {@link AccessSection}. @internal */
export interface AccessSectionProps {
  id: string;
  /** An extension keeps the grant's access. */
  locked: boolean;
  accessType: SubscriberAccessType;
  scope: SubscriberScope;
  notification: NotificationKind;
  endpoint: string;
  targetRoleArn: string;
  errors: FieldErrors;
  edit: EditDraft;
  touch: TouchField;
}

/**
 * Asked before a request widens from the team's accounts to every account's data (query access over whole
 * sources, or data access, which always is): the default answer keeps the team's accounts.
 */
function ConfirmWiden(props: {
  what?: 'scope' | 'S3';
  onKeep: () => void;
  onWiden: () => void;
}) {
  const { what, onKeep, onWiden } = props;
  // the safe answer has the focus, so Enter or Escape keeps the team's accounts
  const keep = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      open={!!what}
      onClose={onKeep}
      TransitionProps={{ onEntered: () => keep.current?.focus() }}
      aria-labelledby="widen-title"
      aria-describedby="widen-text"
    >
      <DialogTitle id="widen-title">Ask for every account's data?</DialogTitle>
      <DialogContent>
        <DialogContentText id="widen-text">
          {what === 'S3'
            ? 'Data access is a Security Lake subscriber over whole sources:'
            : 'Query access over whole sources is a Security Lake subscriber:'}{' '}
          it reads every account&apos;s data in them, other teams&apos; accounts
          included, not only your team&apos;s. Platform owners review such
          requests more strictly.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button ref={keep} onClick={onKeep} color="primary" variant="contained">
          Keep my team&apos;s accounts
        </Button>
        <Button onClick={onWiden}>Ask for every account</Button>
      </DialogActions>
    </Dialog>
  );
}

function AccessSectionFields(props: AccessSectionProps) {
  const {
    locked,
    accessType,
    scope,
    notification,
    endpoint,
    targetRoleArn,
    errors,
    edit,
  } = props;
  // the choice that would widen the request, until the user confirms it
  const [widening, setWidening] = useState<'scope' | 'S3'>();
  return (
    <FormSection title="Access">
      <ConfirmWiden
        what={widening}
        onKeep={() => setWidening(undefined)}
        onWiden={() => {
          if (widening === 'S3') {
            edit({ accessType: 'S3' }, ['accessType', 'scope']);
          } else {
            edit({ scope: 'all' }, ['scope', 'principal']);
          }
          setWidening(undefined);
        }}
      />
      <FormControl component="fieldset" disabled={locked}>
        <FormLabel component="legend">Access type</FormLabel>
        <RadioGroup
          value={accessType}
          onChange={e => {
            const next = e.target.value as SubscriberAccessType;
            if (next === 'S3' && scope === 'team') setWidening('S3');
            else edit({ accessType: next }, ['accessType', 'scope']);
          }}
        >
          <FormControlLabel
            value="LAKEFORMATION"
            control={<Radio size="small" />}
            label="Query access (Lake Formation)"
          />
          <FormControlLabel
            value="S3"
            control={<Radio size="small" />}
            label="Data access (S3)"
          />
        </RadioGroup>
      </FormControl>

      {accessType === 'LAKEFORMATION' ? (
        <FormControl
          component="fieldset"
          error={!!errors.scope}
          disabled={locked}
        >
          <FormLabel component="legend">Scope</FormLabel>
          <Typography variant="body2" color="textSecondary">
            A Security Lake subscriber covers whole sources: it exposes every
            account&apos;s data in them, not only your team&apos;s. Team scope
            creates no subscriber: it grants query access through Lake Formation
            data cells filters, a row filter on <code>accountid</code> for each
            table, so only your team&apos;s accounts can be read.
          </Typography>
          <RadioGroup
            value={scope}
            onChange={e => {
              const next = e.target.value as SubscriberScope;
              if (next === 'all') setWidening('scope');
              else edit({ scope: next }, ['scope', 'principal']);
            }}
          >
            <FormControlLabel
              value="team"
              control={<Radio size="small" />}
              label="Only my team's accounts (recommended)"
            />
            <FormControlLabel
              value="all"
              control={<Radio size="small" />}
              label="Every account's data in these sources"
            />
          </RadioGroup>
          {errors.scope && <FormHelperText>{errors.scope}</FormHelperText>}
        </FormControl>
      ) : (
        <>
          <Alert severity="warning">
            Data access is a Security Lake subscriber: it covers whole sources
            and exposes every account&apos;s data in them, not only your
            team&apos;s. For your team&apos;s accounts only, ask for query
            access.
          </Alert>
          <FormControl component="fieldset" error={!!errors.notification}>
            <FormLabel component="legend">Notification</FormLabel>
            <RadioGroup
              row
              value={notification}
              onChange={e =>
                edit({ notification: e.target.value as NotificationKind }, [
                  'notification',
                ])
              }
            >
              <FormControlLabel
                value="none"
                control={<Radio size="small" />}
                label="None"
              />
              <FormControlLabel
                value="SQS"
                control={<Radio size="small" />}
                label="SQS queue"
              />
              <FormControlLabel
                value="HTTPS"
                control={<Radio size="small" />}
                label="HTTPS endpoint"
              />
            </RadioGroup>
            <FormHelperText>
              {errors.notification ?? 'How the subscriber hears of new objects'}
            </FormHelperText>
          </FormControl>
          {notification === 'HTTPS' && (
            <>
              <TextField
                {...textFieldProps(
                  props,
                  'endpoint',
                  endpoint,
                  errors['notification.endpoint'],
                )}
                required
                helperText={
                  errors['notification.endpoint'] ??
                  'The https:// URL Security Lake calls'
                }
              />
              <TextField
                {...textFieldProps(
                  props,
                  'targetRoleArn',
                  targetRoleArn,
                  errors['notification.targetRoleArn'],
                )}
                required
                helperText={
                  errors['notification.targetRoleArn'] ??
                  'The role Security Lake assumes to call the endpoint'
                }
              />
            </>
          )}
        </>
      )}
    </FormSection>
  );
}

/** What access: query access (Lake Formation), to the team's accounts or whole sources, or data access (S3). */
export const AccessSection = memoSection(AccessSectionFields);
