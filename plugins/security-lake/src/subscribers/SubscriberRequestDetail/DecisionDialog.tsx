import {
  SubscriberDecision,
  SubscriberRequestDetail,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import { shortEntityName } from '../../components/entityNames';
import { serverMessage } from '../../api/serverMessage';
import { listText } from '../format';
import { RowFilters } from '../RowFilters';

/** The decisions that are confirmed in a dialog; a retry is not. @internal */
export type DialogAction = 'approve' | 'reject' | 'withdraw' | 'revoke';

const TITLES: Record<DialogAction, string> = {
  approve: 'Approve',
  reject: 'Reject',
  withdraw: 'Withdraw',
  revoke: 'Revoke',
};

function explanation(action: DialogAction, request: SubscriberRequestDetail) {
  const regions = listText(request.regions);
  if (action === 'approve') {
    return request.scope === 'team'
      ? `Provisioning starts at once: Lake Formation data cells filters that let through only ${listText(
          request.accountIds,
        )} (of ${shortEntityName(request.ownerRef)}), and a grant on them to ${
          request.principal
        }, in ${regions}.`
      : `Provisioning starts at once: a Security Lake subscriber for ${request.principal} in ${regions}, which exposes every account's data in its sources.`;
  }
  if (action === 'reject') {
    return 'Nothing is provisioned. The requesters see your comment.';
  }
  if (action === 'withdraw') {
    return 'The request leaves the approvals queue and nothing is provisioned. Ask again at any time.';
  }
  return `The portal deletes what it provisioned in ${regions}${
    request.state === 'provisioning'
      ? ', and what provisioning still creates,'
      : ''
  } and ${request.principal} loses access.`;
}

/** Props for {@link DecisionDialog}. @internal */
export interface DecisionDialogProps {
  /** The decision to confirm; no dialog without one. */
  action?: DialogAction;
  request: SubscriberRequestDetail;
  onClose: () => void;
  /** Sends the decision; a refusal it throws is shown in the dialog. */
  onConfirm: (
    action: DialogAction,
    decision: SubscriberDecision,
  ) => Promise<unknown>;
}

/**
 * Confirms an approval, a rejection or a revocation, with an optional comment; an approval of a
 * team-scoped request may widen it to a whole-source subscriber.
 *
 * @internal
 */
export function DecisionDialog(props: DecisionDialogProps) {
  const { request, onClose, onConfirm } = props;
  // the dialog keeps its content while it fades out
  const last = useRef(props.action);
  if (props.action) last.current = props.action;
  const action = props.action ?? last.current;
  const open = !!props.action;
  const id = useId();
  const [comment, setComment] = useState('');
  const [widen, setWiden] = useState(false);
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string>();

  // a fresh dialog each time one opens
  useEffect(() => {
    if (!open) return;
    setComment('');
    setWiden(false);
    setSending(false);
    setRefusal(undefined);
  }, [open, action]);

  const canWiden =
    action === 'approve' &&
    request.scope === 'team' &&
    request.accessType === 'LAKEFORMATION';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!open || !action || sending) return;
    setSending(true);
    setRefusal(undefined);
    const decision: SubscriberDecision = {
      ...(comment.trim() ? { comment: comment.trim() } : {}),
      ...(canWiden && widen ? { widenToAllAccounts: true } : {}),
    };
    try {
      await onConfirm(action, decision);
    } catch (error) {
      setSending(false);
      setRefusal(serverMessage(error));
    }
  };

  const titleId = `${id}-title`;
  return (
    <Dialog
      open={open}
      onClose={sending ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      {action && (
        <form noValidate onSubmit={submit}>
          <DialogTitle id={titleId}>
            {TITLES[action]} “{request.subscriberName}”?
          </DialogTitle>
          <DialogContent>
            <Box display="flex" flexDirection="column" gridGap={16}>
              <Typography variant="body2">
                {explanation(action, request)}
              </Typography>
              {action === 'approve' && request.rowFilters && !widen && (
                <RowFilters filters={request.rowFilters} placed={false} />
              )}
              <TextField
                id={`${id}-comment`}
                label="Comment"
                variant="outlined"
                size="small"
                multiline
                minRows={2}
                value={comment}
                onChange={e => setComment(e.target.value)}
                helperText="Optional; kept in the request's history"
                inputProps={{ maxLength: 2000 }}
              />
              {canWiden && (
                <FormControlLabel
                  control={
                    <Checkbox
                      checked={widen}
                      onChange={e => setWiden(e.target.checked)}
                    />
                  }
                  label="Widen to every account's data (whole-source subscriber)"
                />
              )}
              {canWiden && widen && (
                <Alert severity="warning">
                  Instead of rows of {shortEntityName(request.ownerRef)}&apos;s
                  accounts only, {request.principal} will read every
                  account&apos;s data in these sources.
                </Alert>
              )}
              {refusal && <Alert severity="error">{refusal}</Alert>}
            </Box>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose} disabled={sending}>
              Cancel
            </Button>
            <Button
              type="submit"
              color="primary"
              variant="contained"
              disabled={sending}
            >
              Confirm
            </Button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  );
}
