import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  QueryRunParameters,
  TeamQuery,
  TeamQueryInput,
  teamRefsOf,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { securityLakeApiRef } from '../../api';
import { shortEntityName } from '../../components/entityNames';
import { serverMessage } from '../../api/serverMessage';

/** What a saved query keeps: ad-hoc SQL, or a library query with its values. @internal */
export type SavedQueryContent =
  | { sql: string }
  | { queryId: string; parameters?: QueryRunParameters };

/** A saved query's content, as a save sends it again. @internal */
export function contentOf(saved: TeamQuery): SavedQueryContent {
  return saved.sql !== undefined
    ? { sql: saved.sql }
    : {
        queryId: saved.queryId ?? '',
        ...(saved.parameters ? { parameters: saved.parameters } : {}),
      };
}

/** The whole of a saved query as a replace sends it, with the changes made. @internal */
export function replacementOf(
  saved: TeamQuery,
  changes: {
    name?: string;
    description?: string;
    content?: SavedQueryContent;
  } = {},
): TeamQueryInput {
  const description = changes.description ?? saved.description;
  return {
    name: changes.name ?? saved.name,
    ...(description ? { description } : {}),
    ownerRef: saved.ownerRef,
    ...(changes.content ?? contentOf(saved)),
  };
}

type Field = 'name' | 'description' | 'team';

const FIELDS: Record<string, Field> = {
  name: 'name',
  description: 'description',
  ownerRef: 'team',
};

/**
 * Where the server's refusal belongs: a 400 or 409 whose message names a field (`name: …`) goes under
 * that field, a 409 naming none under the name (it is taken); the rest above the buttons.
 */
function placeRefusal(error: unknown): {
  field?: Field;
  message: string;
} {
  const message = serverMessage(error);
  const status = error instanceof ResponseError ? error.statusCode : undefined;
  if (status !== 400 && status !== 409) return { message };
  const named = /^(\w+): ([\s\S]*)$/.exec(message);
  const field = named ? FIELDS[named[1]] : undefined;
  if (field) return { field, message: named![2] };
  return status === 409 ? { field: 'name', message } : { message };
}

/** Props for {@link SaveQueryDialog}. @internal */
export interface SaveQueryDialogProps {
  open: boolean;
  /** The saved query to rename or describe again; without it, a new one is made of `content`. */
  existing?: TeamQuery;
  content?: SavedQueryContent;
  /** Where a new query starts: the name and description of the one it is saved from. */
  initial?: { name?: string; description?: string };
  onClose: () => void;
  onSaved: (saved: TeamQuery) => void;
}

/**
 * Saves a query for one of the user's teams under a name, or renames one: Enter saves, Escape cancels.
 * The server's refusal (a name the team already uses, a value out of bounds) shows under its field.
 *
 * @internal
 */
export function SaveQueryDialog(props: SaveQueryDialogProps) {
  const { open, existing, content, initial, onClose, onSaved } = props;
  const api = useApi(securityLakeApiRef);
  const identityApi = useApi(identityApiRef);
  const id = useId();
  const nameInput = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [team, setTeam] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<{ field?: Field; message: string }>();

  // a fresh form each time it opens
  useEffect(() => {
    if (!open) return;
    setName(existing?.name ?? initial?.name ?? '');
    setDescription(existing?.description ?? initial?.description ?? '');
    setAttempted(false);
    setSaving(false);
    setRefusal(undefined);
  }, [open, existing, initial?.name, initial?.description]);

  const teams = useAsync(async () => {
    if (!open || existing) return [];
    const identity = await identityApi.getBackstageIdentity();
    return teamRefsOf(identity.ownershipEntityRefs);
  }, [identityApi, open, existing]);
  const teamRefs = teams.value ?? [];
  const owner = teamRefs.includes(team) ? team : teamRefs[0] ?? '';

  const nameError =
    (attempted && !name.trim() ? 'Enter a name' : undefined) ??
    (refusal?.field === 'name' ? refusal.message : undefined);
  const descriptionError =
    refusal?.field === 'description' ? refusal.message : undefined;
  const teamError = refusal?.field === 'team' ? refusal.message : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (saving || !name.trim() || (!existing && !content)) return;
    setSaving(true);
    setRefusal(undefined);
    try {
      const saved = existing
        ? await api.updateTeamSavedQuery(
            existing.id,
            replacementOf(existing, {
              name: name.trim(),
              description: description.trim(),
            }),
          )
        : await api.createTeamSavedQuery({
            name: name.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
            ...(owner ? { ownerRef: owner } : {}),
            ...content!,
          });
      setSaving(false);
      onSaved(saved);
    } catch (error) {
      setSaving(false);
      setRefusal(placeRefusal(error));
    }
  };

  const titleId = `${id}-title`;
  return (
    <Dialog
      open={open}
      onClose={saving ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
      // the name is what is asked for first: focused as the dialog opens, not once it has faded in,
      // which could take the focus from a field the user has already gone to
      TransitionProps={{ onEnter: () => nameInput.current?.focus() }}
    >
      <form noValidate onSubmit={submit}>
        <DialogTitle id={titleId}>
          {existing ? `Edit “${existing.name}”` : 'Save as…'}
        </DialogTitle>
        <DialogContent>
          <Box display="flex" flexDirection="column" gridGap={16}>
            <TextField
              id={`${id}-name`}
              label="Name"
              variant="outlined"
              size="small"
              required
              inputRef={nameInput}
              value={name}
              onChange={e => setName(e.target.value)}
              error={!!nameError}
              helperText={nameError}
              inputProps={{ maxLength: 200 }}
            />
            <TextField
              id={`${id}-description`}
              label="Description"
              variant="outlined"
              size="small"
              value={description}
              onChange={e => setDescription(e.target.value)}
              error={!!descriptionError}
              helperText={descriptionError}
              inputProps={{ maxLength: 2000 }}
            />
            {existing ? (
              <Typography variant="body2" color="textSecondary">
                Kept by {shortEntityName(existing.ownerRef)}
              </Typography>
            ) : (
              !teams.loading &&
              (teamRefs.length > 0 ? (
                <TextField
                  id={`${id}-team`}
                  select
                  label="Owning team"
                  variant="outlined"
                  size="small"
                  value={owner}
                  onChange={e => setTeam(e.target.value)}
                  error={!!teamError}
                  helperText={
                    teamError ??
                    'Everyone in the team can open, change and delete it'
                  }
                >
                  {teamRefs.map(r => (
                    <MenuItem key={r} value={r}>
                      {shortEntityName(r)}
                    </MenuItem>
                  ))}
                </TextField>
              ) : (
                <Alert severity={teamError ? 'error' : 'info'}>
                  {teamError ??
                    'The catalog puts you in no team: the server keeps the query for your first team, if it knows one.'}
                </Alert>
              ))
            )}
            {refusal && !refusal.field && (
              <Alert severity="error">{refusal.message}</Alert>
            )}
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={saving}
          >
            {saving ? 'Saving…' : 'Save'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
