import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AccountSummary,
  checkSubscriberRequest,
  SECURITY_LAKE_SOURCES,
  SECURITY_LAKE_SOURCE_VERSIONS,
  SecurityLakeSourceName,
  SecurityLakeSourceVersion,
  SubscriberAccessType,
  SubscriberRequestDetail,
  SubscriberRequestInput,
  SubscriberScope,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { FormEvent, ReactNode, useId, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useAccounts } from '../../hooks/useAccounts';
import { securityLakeApiRef } from '../../api';
import { sourceTitle } from '../../components/sourceTitle';
import { shortEntityName } from '../../components/entityNames';
import { serverMessage } from '../../api/serverMessage';
import { AccountPicker } from '../../components/AccountPicker';
import { regionsOf } from '../../components/RegionField';
import { RequestPreviewPanel } from './RequestPreviewPanel';

/** The fields of the form, by the name the shared check and the server give them. */
const FIELD_LABELS = {
  subscriberName: 'Subscriber name',
  principal: 'Subscriber principal',
  externalId: 'External ID',
  ownerRef: 'Team',
  accountIds: 'Accounts',
  sources: 'Sources',
  regions: 'Regions',
  accessType: 'Access type',
  scope: 'Scope',
  notification: 'Notification',
  'notification.endpoint': 'HTTPS endpoint',
  'notification.targetRoleArn': 'Role ARN',
  justification: 'Justification',
  expiresAt: 'Expires on',
  extendsRequestId: 'Grant to extend',
} as const;

type FieldKey = keyof typeof FIELD_LABELS;

/** The form field a problem belongs to: `sources[1].version` to the sources, `notification.type` to the notification. */
function keyOf(field: string): FieldKey | undefined {
  const key =
    field === 'notification.endpoint' || field === 'notification.targetRoleArn'
      ? field
      : field.replace(/[.[].*$/, '');
  return key in FIELD_LABELS ? (key as FieldKey) : undefined;
}

/**
 * Where the server's refusal belongs: a 400 whose message names a field (`externalId: …`) under that
 * field, anything else above the submit button.
 */
function placeRefusal(error: unknown): { field?: FieldKey; message: string } {
  const message = serverMessage(error);
  if (!(error instanceof ResponseError) || error.statusCode !== 400) {
    return { message };
  }
  const named = /^([\w.[\]]+): ([\s\S]*)$/.exec(message);
  const field = named ? keyOf(named[1]) : undefined;
  return field ? { field, message: named![2] } : { message };
}

/** A random external id: 32 hex digits. */
export function randomExternalId(): string {
  const bytes = new Uint8Array(16);
  if (typeof globalThis.crypto?.getRandomValues === 'function') {
    globalThis.crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = Math.floor(Math.random() * 256);
    }
  }
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

type SourceChoices = Record<
  SecurityLakeSourceName,
  { checked: boolean; version: SecurityLakeSourceVersion }
>;

const INITIAL_SOURCES = Object.fromEntries(
  SECURITY_LAKE_SOURCES.map(s => [
    s.name,
    { checked: s.name === 'CLOUD_TRAIL_MGMT', version: '2.0' },
  ]),
) as SourceChoices;

/** The sources of a request, as the form's choices. */
function sourcesOf(chosen: SubscriberRequestDetail['sources']): SourceChoices {
  return Object.fromEntries(
    SECURITY_LAKE_SOURCES.map(s => {
      const choice = chosen.find(c => c.source === s.name);
      return [s.name, { checked: !!choice, version: choice?.version ?? '2.0' }];
    }),
  ) as SourceChoices;
}

type NotificationKind = 'none' | 'SQS' | 'HTTPS';

/**
 * The teams the user may request for: their groups that own one of the listed accounts, else all their
 * groups (the server decides).
 */
function teamsOf(groups: string[], accounts: AccountSummary[]): string[] {
  const owning = groups.filter(g => accounts.some(a => a.owners.includes(g)));
  return owning.length ? owning : groups;
}

/** A team's accounts; all the listed ones when the catalog gives the team none. */
function accountsOf(
  team: string | undefined,
  accounts: AccountSummary[],
): AccountSummary[] {
  const owned = team ? accounts.filter(a => a.owners.includes(team)) : [];
  return owned.length ? owned : accounts;
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box component="fieldset" border={0} padding={0} margin={0} minWidth={0}>
      <Typography variant="h6" component="legend" gutterBottom>
        {props.title}
      </Typography>
      <Box display="flex" flexDirection="column" gridGap={16}>
        {props.children}
      </Box>
    </Box>
  );
}

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
 *
 * @internal
 */
export function SubscriberRequestForm(props: SubscriberRequestFormProps) {
  const { onCreated, onCancel, extending } = props;
  const locked = !!extending;
  const api = useApi(securityLakeApiRef);
  const identityApi = useApi(identityApiRef);
  const id = useId();
  const accounts = useAccounts();
  const groups = useAsync(async () => {
    const identity = await identityApi.getBackstageIdentity();
    return identity.ownershipEntityRefs.filter(r => r.startsWith('group:'));
  }, [identityApi]);

  const [name, setName] = useState(extending?.subscriberName ?? '');
  const [principal, setPrincipal] = useState(extending?.principal ?? '');
  const [externalId, setExternalId] = useState(extending?.externalId ?? '');
  const [team, setTeam] = useState<string | undefined>(extending?.ownerRef);
  // undefined: the defaults, all the team's accounts and the region most of them have; an extension
  // starts from what it grants and what it does not cover
  const [chosenAccounts, setChosenAccounts] = useState<string[] | undefined>(
    extending && [
      ...new Set([
        ...(extending.grantedAccountIds ?? extending.accountIds),
        ...(extending.uncoveredAccountIds ?? []),
      ]),
    ],
  );
  const [chosenRegions, setChosenRegions] = useState<string[] | undefined>(
    extending?.regions,
  );
  const [sources, setSources] = useState<SourceChoices>(
    extending ? sourcesOf(extending.sources) : INITIAL_SOURCES,
  );
  const [accessType, setAccessType] =
    useState<SubscriberAccessType>('LAKEFORMATION');
  const [scope, setScope] = useState<SubscriberScope>('team');
  const [notification, setNotification] = useState<NotificationKind>('none');
  const [endpoint, setEndpoint] = useState('');
  const [targetRoleArn, setTargetRoleArn] = useState('');
  const [justification, setJustification] = useState('');
  const [expiresAt, setExpiresAt] = useState(
    extending?.expiresAt?.slice(0, 10) ?? '',
  );
  const [touched, setTouched] = useState<Set<FieldKey>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<{
    field?: FieldKey;
    message: string;
  }>();

  const all = useMemo(() => accounts.value?.items ?? [], [accounts.value]);
  const teams = useMemo(() => teamsOf(groups.value ?? [], all), [groups, all]);
  const owner = team && teams.includes(team) ? team : teams[0];
  const candidates = useMemo(() => accountsOf(owner, all), [owner, all]);
  const accountIds = chosenAccounts ?? candidates.map(a => a.accountId);
  const regionChoices = useMemo(
    () =>
      regionsOf(
        candidates.flatMap(a =>
          a.regions.map(region => ({ accountId: a.accountId, region })),
        ),
        accountIds,
      ),
    [candidates, accountIds],
  );
  const regionOptions = [
    ...regionChoices.map(r => r.region),
    ...(chosenRegions ?? []).filter(
      r => !regionChoices.some(c => c.region === r),
    ),
  ];
  const regions =
    chosenRegions ?? (regionChoices.length ? [regionChoices[0].region] : []);

  const input: SubscriberRequestInput = {
    subscriberName: name.trim(),
    principal: principal.trim(),
    externalId: externalId.trim(),
    ...(owner ? { ownerRef: owner } : {}),
    accountIds,
    sources: SECURITY_LAKE_SOURCES.filter(s => sources[s.name].checked).map(
      s => ({ source: s.name, version: sources[s.name].version }),
    ),
    regions,
    accessType,
    scope: accessType === 'S3' ? 'all' : scope,
    ...(accessType === 'S3' && notification === 'SQS'
      ? { notification: { type: 'SQS' as const } }
      : {}),
    ...(accessType === 'S3' && notification === 'HTTPS'
      ? {
          notification: {
            type: 'HTTPS' as const,
            endpoint: endpoint.trim(),
            targetRoleArn: targetRoleArn.trim(),
          },
        }
      : {}),
    justification: justification.trim(),
    ...(expiresAt ? { expiresAt } : {}),
    ...(extending ? { extendsRequestId: extending.id } : {}),
  };

  // Date.now, not new Date(): tests set the clock through it
  const problems = checkSubscriberRequest(input, new Date(Date.now()));
  const problemOf = (key: FieldKey) =>
    problems.find(p => keyOf(p.field) === key)?.message;
  const errorOf = (key: FieldKey): string | undefined => {
    if (refusal?.field === key) return refusal.message;
    return submitted || touched.has(key) ? problemOf(key) : undefined;
  };
  const touch = (key: FieldKey) =>
    setTouched(t => (t.has(key) ? t : new Set(t).add(key)));
  /** A change to a field: the server's word on it no longer holds. */
  const changed = (key: FieldKey) =>
    setRefusal(r => (r?.field === key ? undefined : r));
  const blur = (key: FieldKey) => () => touch(key);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (saving || problems.length > 0) return;
    setSaving(true);
    setRefusal(undefined);
    try {
      const created = await api.createSubscriberRequest(input);
      onCreated(created);
    } catch (error) {
      setSaving(false);
      setRefusal(placeRefusal(error));
    }
  };

  if (accounts.loading || groups.loading) return <Progress />;
  if (accounts.error) return <ResponseErrorPanel error={accounts.error} />;
  if (all.length === 0) {
    return (
      <Alert severity="info">
        Your teams own no AWS accounts the portal knows of, so there is no
        Security Lake data to request access to.
      </Alert>
    );
  }

  const titles = new Map(all.map(a => [a.accountId, a.title]));
  const submitLabel = extending ? 'Ask to extend' : 'Submit request';
  const invalidFields = [
    ...new Set(
      problems.map(p => keyOf(p.field)).filter((k): k is FieldKey => !!k),
    ),
  ];
  const sourcesError = errorOf('sources');
  const regionsError = errorOf('regions');
  const text = (
    key: FieldKey,
    value: string,
    set: (value: string) => void,
  ) => ({
    id: `${id}-${key.replace('.', '-')}`,
    label: FIELD_LABELS[key],
    variant: 'outlined' as const,
    size: 'small' as const,
    value,
    onChange: (e: { target: { value: string } }) => {
      set(e.target.value);
      changed(key);
    },
    onBlur: blur(key),
    error: !!errorOf(key),
  });

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={7}>
        <form
          noValidate
          onSubmit={submit}
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
                {errorOf('extendsRequestId') && (
                  <FormHelperText error>
                    {errorOf('extendsRequestId')}
                  </FormHelperText>
                )}
              </Alert>
            )}
            <Section title="Subscriber">
              <TextField
                {...text('subscriberName', name, setName)}
                required
                helperText={
                  errorOf('subscriberName') ??
                  'How the subscriber is named in Security Lake and in the portal'
                }
                inputProps={{ maxLength: 64 }}
              />
              <TextField
                {...text('principal', principal, setPrincipal)}
                required
                disabled={locked}
                helperText={
                  errorOf('principal') ??
                  'The AWS account id that will read the data, or a service principal such as glue.amazonaws.com'
                }
              />
              <Box display="flex" gridGap={8} alignItems="flex-start">
                <TextField
                  {...text('externalId', externalId, setExternalId)}
                  required
                  disabled={locked}
                  style={{ flex: 1 }}
                  helperText={
                    errorOf('externalId') ??
                    "The subscriber gives it when assuming the access role: share it with the subscriber's owners only"
                  }
                />
                {!locked && (
                  <Button
                    variant="outlined"
                    style={{ marginTop: 2 }}
                    onClick={() => {
                      setExternalId(randomExternalId());
                      changed('externalId');
                      touch('externalId');
                    }}
                  >
                    Generate
                  </Button>
                )}
              </Box>
            </Section>

            <Section title="Data">
              {teams.length > 1 && (
                <TextField
                  id={`${id}-team`}
                  select
                  label="Team"
                  variant="outlined"
                  size="small"
                  disabled={locked}
                  value={owner ?? ''}
                  onChange={e => {
                    setTeam(e.target.value);
                    setChosenAccounts(undefined);
                    setChosenRegions(undefined);
                    changed('ownerRef');
                  }}
                  error={!!errorOf('ownerRef')}
                  helperText={
                    errorOf('ownerRef') ??
                    'The team that asks, and whose accounts the request is about'
                  }
                >
                  {teams.map(t => (
                    <MenuItem key={t} value={t}>
                      {shortEntityName(t)}
                    </MenuItem>
                  ))}
                </TextField>
              )}
              {teams.length === 1 && (
                <Box>
                  <Typography variant="body2">
                    For team <strong>{shortEntityName(teams[0])}</strong>
                  </Typography>
                  {errorOf('ownerRef') && (
                    <FormHelperText error>{errorOf('ownerRef')}</FormHelperText>
                  )}
                </Box>
              )}
              <Box
                display="flex"
                flexWrap="wrap"
                alignItems="center"
                gridGap={8}
              >
                <AccountPicker
                  id={`${id}-accounts`}
                  candidates={candidates.map(a => a.accountId)}
                  titles={titles}
                  selected={accountIds}
                  onChange={next => {
                    setChosenAccounts(next);
                    touch('accountIds');
                    changed('accountIds');
                  }}
                  error={errorOf('accountIds')}
                  helperText={
                    owner
                      ? `${shortEntityName(
                          owner,
                        )}'s accounts whose data the subscriber reads`
                      : 'Your accounts whose data the subscriber reads'
                  }
                />
              </Box>

              <FormControl
                component="fieldset"
                error={!!sourcesError}
                required
                disabled={locked}
              >
                <FormLabel component="legend">Sources</FormLabel>
                {SECURITY_LAKE_SOURCES.map(s => {
                  const choice = sources[s.name];
                  const title = sourceTitle(s.name);
                  return (
                    <Box
                      key={s.name}
                      display="flex"
                      alignItems="center"
                      gridGap={8}
                    >
                      <FormControlLabel
                        style={{ minWidth: 280 }}
                        control={
                          <Checkbox
                            size="small"
                            checked={choice.checked}
                            onChange={e => {
                              const checked = e.target.checked;
                              setSources(c => ({
                                ...c,
                                [s.name]: { ...c[s.name], checked },
                              }));
                              touch('sources');
                              changed('sources');
                            }}
                          />
                        }
                        label={title}
                      />
                      <TextField
                        select
                        size="small"
                        SelectProps={{ native: true }}
                        inputProps={{ 'aria-label': `${title} version` }}
                        disabled={locked || !choice.checked}
                        value={choice.version}
                        onChange={e => {
                          const version = e.target
                            .value as SecurityLakeSourceVersion;
                          setSources(c => ({
                            ...c,
                            [s.name]: { ...c[s.name], version },
                          }));
                          changed('sources');
                        }}
                      >
                        {SECURITY_LAKE_SOURCE_VERSIONS.map(v => (
                          <option key={v} value={v}>
                            {v}
                          </option>
                        ))}
                      </TextField>
                    </Box>
                  );
                })}
                <FormHelperText>
                  {sourcesError ??
                    'Security Lake grants whole source versions: 2.0 is OCSF 1.1, 1.0 the older layout'}
                </FormHelperText>
              </FormControl>

              <TextField
                id={`${id}-regions`}
                select
                label="Regions"
                variant="outlined"
                size="small"
                required
                disabled={locked}
                SelectProps={{
                  multiple: true,
                  renderValue: value => (value as string[]).join(', '),
                }}
                value={regions}
                onChange={e => {
                  setChosenRegions(e.target.value as unknown as string[]);
                  touch('regions');
                  changed('regions');
                }}
                error={!!regionsError}
                helperText={
                  regionsError ??
                  (regionChoices.length
                    ? `Where the chosen accounts send data: ${regionChoices
                        .map(
                          r =>
                            `${r.region} (${r.accountIds.size} of ${accountIds.length})`,
                        )
                        .join(', ')}`
                    : 'The chosen accounts send data to no region yet')
                }
              >
                {regionOptions.map(r => (
                  <MenuItem key={r} value={r}>
                    {r}
                  </MenuItem>
                ))}
              </TextField>
            </Section>

            <Section title="Access">
              <FormControl component="fieldset" disabled={locked}>
                <FormLabel component="legend">Access type</FormLabel>
                <RadioGroup
                  value={accessType}
                  onChange={e => {
                    setAccessType(e.target.value as SubscriberAccessType);
                    changed('accessType');
                    changed('scope');
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
                  error={!!errorOf('scope')}
                  disabled={locked}
                >
                  <FormLabel component="legend">Scope</FormLabel>
                  <Typography variant="body2" color="textSecondary">
                    A Security Lake subscriber covers whole sources: it exposes
                    every account&apos;s data in them, not only your
                    team&apos;s. Team scope creates no subscriber: it grants
                    query access through Lake Formation data cells filters, a
                    row filter on <code>accountid</code> for each table, so only
                    your team&apos;s accounts can be read.
                  </Typography>
                  <RadioGroup
                    value={scope}
                    onChange={e => {
                      setScope(e.target.value as SubscriberScope);
                      changed('scope');
                      changed('principal');
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
                  {errorOf('scope') && (
                    <FormHelperText>{errorOf('scope')}</FormHelperText>
                  )}
                </FormControl>
              ) : (
                <>
                  <Alert severity="warning">
                    Data access is a Security Lake subscriber: it covers whole
                    sources and exposes every account&apos;s data in them, not
                    only your team&apos;s. For your team&apos;s accounts only,
                    ask for query access.
                  </Alert>
                  <FormControl
                    component="fieldset"
                    error={!!errorOf('notification')}
                  >
                    <FormLabel component="legend">Notification</FormLabel>
                    <RadioGroup
                      row
                      value={notification}
                      onChange={e => {
                        setNotification(e.target.value as NotificationKind);
                        changed('notification');
                      }}
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
                      {errorOf('notification') ??
                        'How the subscriber hears of new objects'}
                    </FormHelperText>
                  </FormControl>
                  {notification === 'HTTPS' && (
                    <>
                      <TextField
                        {...text(
                          'notification.endpoint',
                          endpoint,
                          setEndpoint,
                        )}
                        required
                        helperText={
                          errorOf('notification.endpoint') ??
                          'The https:// URL Security Lake calls'
                        }
                      />
                      <TextField
                        {...text(
                          'notification.targetRoleArn',
                          targetRoleArn,
                          setTargetRoleArn,
                        )}
                        required
                        helperText={
                          errorOf('notification.targetRoleArn') ??
                          'The role Security Lake assumes to call the endpoint'
                        }
                      />
                    </>
                  )}
                </>
              )}
            </Section>

            <Section title="Why and how long">
              <TextField
                {...text('justification', justification, setJustification)}
                required
                multiline
                minRows={3}
                helperText={
                  errorOf('justification') ??
                  'What the access is for: the approvers read it'
                }
                inputProps={{ maxLength: 2000 }}
              />
              <TextField
                {...text('expiresAt', expiresAt, setExpiresAt)}
                type="date"
                InputLabelProps={{ shrink: true }}
                style={{ maxWidth: 240 }}
                helperText={
                  errorOf('expiresAt') ??
                  'Optional: access is removed after this day, at most a year away'
                }
              />
            </Section>

            {submitted && invalidFields.length > 0 && (
              <Alert severity="error">
                Check {invalidFields.map(k => FIELD_LABELS[k]).join(', ')}.
              </Alert>
            )}
            {refusal && !refusal.field && (
              <Alert severity="error">{refusal.message}</Alert>
            )}
            <Box display="flex" gridGap={8}>
              <Button
                type="submit"
                variant="contained"
                color="primary"
                disabled={saving}
              >
                {saving ? 'Submitting…' : submitLabel}
              </Button>
              {onCancel && (
                <Button onClick={onCancel} disabled={saving}>
                  Cancel
                </Button>
              )}
            </Box>
          </Box>
        </form>
      </Grid>
      <Grid item xs={12} md={5}>
        <Paper variant="outlined" style={{ position: 'sticky', top: 16 }}>
          <RequestPreviewPanel input={input} />
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
  if (extending.error) return <ResponseErrorPanel error={extending.error} />;
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
