import { EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  AccountSummary,
  QueryRun,
  QueryRunParameters,
  LibraryQueryParameter,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import FileCopy from '@material-ui/icons/FileCopy';
import PlayArrow from '@material-ui/icons/PlayArrow';
import Save from '@material-ui/icons/Save';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { FormEvent, useId, useMemo, useState } from 'react';
import { LibraryQueryDetail, securityLakeApiRef } from '../../api';
import { serverMessage } from '../../api/serverMessage';
import { sourceTitle } from '../../components/sourceTitle';
import { useCopyToClipboard } from '../../hooks/useCopyToClipboard';
import {
  initialValue,
  isRequired,
  parameterError,
  parameterValue,
} from './parameters';
import { AccountPicker } from '../../components/AccountPicker';
import {
  regionChoice,
  RegionField,
  regionsOf,
} from '../../components/RegionField';
import { TimeRangeField } from '../../components/TimeRangeField';
import {
  customWindowErrors,
  initialWindow,
  resolveWindow,
  WindowChoice,
} from '../../components/timeWindow';

/** Accounts are chosen for the user when there are this few to choose from. */
/** As the SQL editor: every account the caller may query is chosen to start with, up to this many. */
const PRESELECT_UP_TO = 50;

/** Props for {@link RunForm}. @internal */
export interface RunFormProps {
  detail: LibraryQueryDetail;
  /** The accounts whose titles to show next to their ids. */
  accounts: AccountSummary[];
  /** Offer only the accounts in `accounts` (entity pages: the entity's accounts). */
  onlyListedAccounts?: boolean;
  /** Recorded with the run, so that it shows up in the entity's history. */
  entityRef?: string;
  onStarted: (run: QueryRun) => void;
  /** Values to start from instead of the defaults (a team's saved values): the query's own and `region`. */
  initialValues?: QueryRunParameters;
  /**
   * Offers "Save as…", which hands over the query's own values and the region (not the time window, which
   * moves with the clock).
   */
  onSaveAs?: (parameters: QueryRunParameters) => void;
}

/** The source version the server will read for these accounts in this region, as it decides. */
function versionFor(
  detail: LibraryQueryDetail,
  accountIds: string[],
  region: string | undefined,
): { version?: SecurityLakeSourceVersion; onlyV1: string[]; mixed: boolean } {
  const { sql } = detail.query;
  const versions = new Map<string, Set<string>>();
  for (const row of detail.availability) {
    if (row.region !== region || !accountIds.includes(row.accountId)) continue;
    const set = versions.get(row.accountId) ?? new Set<string>();
    set.add(row.version);
    versions.set(row.accountId, set);
  }
  const onlyV1 = [...versions.entries()]
    .filter(([, v]) => v.has('1.0') && !v.has('2.0'))
    .map(([id]) => id);
  const mixed = onlyV1.length > 0 && onlyV1.length < versions.size;
  const wantsV1 = onlyV1.length > 0 && !mixed;
  if (wantsV1 && sql['1.0'] !== undefined)
    return { version: '1.0', onlyV1, mixed };
  if (sql['2.0'] !== undefined) return { version: '2.0', onlyV1, mixed };
  return {
    version: sql['1.0'] !== undefined ? '1.0' : undefined,
    onlyV1,
    mixed,
  };
}

/**
 * The accounts a run starts with: every one the caller may query, up to the run's cap, that the server
 * will read together: where some still send only source version 1 and the rest version 2, the version 2
 * ones (the server refuses a run over both).
 */
function preselected(
  detail: LibraryQueryDetail,
  rows: { accountId: string; region: string }[],
  candidates: string[],
  region: string | undefined,
): string[] {
  const at = regionChoice(regionsOf(rows, candidates), region, candidates);
  const { onlyV1, mixed } = versionFor(detail, candidates, at.region);
  const together = mixed
    ? candidates.filter(a => !onlyV1.includes(a))
    : candidates;
  return together.slice(
    0,
    Math.min(PRESELECT_UP_TO, detail.limits?.maxAccountsPerRun ?? Infinity),
  );
}

function ParameterField(props: {
  id: string;
  parameter: LibraryQueryParameter;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  onBlur: () => void;
}) {
  const { id, parameter: p, value, error } = props;
  const hint = [
    p.description?.replace(/\.\s*$/, ''),
    p.default !== undefined && `Default ${p.default}`,
  ]
    .filter(Boolean)
    .join('. ');
  const common = {
    id: `${id}-param-${p.name}`,
    label: p.title,
    variant: 'outlined' as const,
    size: 'small' as const,
    required: isRequired(p),
    value,
    error: !!error,
    helperText: error ?? (hint || undefined),
    onChange: (e: { target: { value: string } }) =>
      props.onChange(e.target.value),
    onBlur: props.onBlur,
    style: { minWidth: 240 },
  };
  if (p.type === 'choice') {
    return (
      <TextField {...common} select>
        {!isRequired(p) && <MenuItem value="">Default</MenuItem>}
        {(p.options ?? []).map(o => (
          <MenuItem key={o} value={o}>
            {o}
          </MenuItem>
        ))}
      </TextField>
    );
  }
  return (
    <TextField
      {...common}
      type={p.type === 'integer' ? 'number' : 'text'}
      placeholder={p.placeholder}
      inputProps={
        p.type === 'integer' ? { min: p.min, max: p.max, step: 1 } : undefined
      }
    />
  );
}

/**
 * The form that starts a run: accounts (only those collecting the query's source), region, time window
 * and the query's own parameters, checked here by the server's rules before anything is sent. What the
 * server still refuses is shown above the buttons in its own words.
 *
 * @internal
 */
export function RunForm(props: RunFormProps) {
  const {
    detail,
    accounts,
    onlyListedAccounts,
    entityRef,
    onStarted,
    initialValues,
    onSaveAs,
  } = props;
  const { query } = detail;
  const api = useApi(securityLakeApiRef);
  const copy = useCopyToClipboard();
  const id = useId();

  const titles = useMemo(
    () => new Map(accounts.map(a => [a.accountId, a.title])),
    [accounts],
  );
  const rows = useMemo(() => {
    const listed = new Set(accounts.map(a => a.accountId));
    return detail.availability.filter(
      r => !onlyListedAccounts || listed.has(r.accountId),
    );
  }, [detail.availability, accounts, onlyListedAccounts]);
  const candidates = useMemo(
    () => [...new Set(rows.map(r => r.accountId))].sort(),
    [rows],
  );

  const [selected, setSelected] = useState<string[]>(() =>
    preselected(
      detail,
      rows,
      candidates,
      typeof initialValues?.region === 'string'
        ? initialValues.region
        : undefined,
    ),
  );
  const [chosenRegion, setChosenRegion] = useState<string | undefined>(() =>
    typeof initialValues?.region === 'string'
      ? initialValues.region
      : undefined,
  );
  const [initial] = useState(() =>
    initialWindow(query.defaultWindowHours, Date.now()),
  );
  const [windowChoice, setWindowChoice] = useState<WindowChoice>(
    initial.choice,
  );
  const [customStart, setCustomStart] = useState(initial.start);
  const [customEnd, setCustomEnd] = useState(initial.end);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      query.parameters.map(p => [
        p.name,
        initialValues?.[p.name] === undefined
          ? initialValue(p)
          : String(initialValues[p.name]),
      ]),
    ),
  );
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [refusal, setRefusal] = useState<string>();

  const regions = regionsOf(rows, selected.length ? selected : candidates);
  const { region, missing } = regionChoice(regions, chosenRegion, selected);
  const { version, onlyV1, mixed } = versionFor(detail, selected, region);
  const source = sourceTitle(query.sources[0] ?? '');

  const windowErrors =
    windowChoice === 'custom'
      ? customWindowErrors(customStart, customEnd, detail.limits?.maxWindowDays)
      : {};
  const maxAccounts = detail.limits?.maxAccountsPerRun;
  let accountsError: string | undefined;
  if (!selected.length) accountsError = 'Choose at least one account';
  else if (maxAccounts !== undefined && selected.length > maxAccounts) {
    accountsError = `A run may read at most ${maxAccounts} accounts`;
  } else if (mixed) {
    // said here, before the run, rather than as the server's refusal after it
    accountsError = `These accounts send ${source} in two source versions in ${region}: run each version on its own`;
  }
  const errors: Record<string, string | undefined> = {
    accounts: accountsError,
    start: windowErrors.start,
    end: windowErrors.end,
    ...Object.fromEntries(
      query.parameters.map(p => [
        `param:${p.name}`,
        parameterError(p, values[p.name] ?? ''),
      ]),
    ),
  };
  const shown = (key: string) =>
    attempted || touched.has(key) ? errors[key] : undefined;
  const touch = (key: string) =>
    setTouched(current => new Set(current).add(key));

  /** The query's own parameters as they are sent: blanks left out for the server's defaults. */
  const ownValues = () => {
    const own: QueryRunParameters = {};
    for (const p of query.parameters) {
      const value = parameterValue(p, values[p.name] ?? '');
      if (value !== undefined) own[p.name] = value;
    }
    return own;
  };

  const saveAs = () => {
    const invalid = query.parameters.some(p => errors[`param:${p.name}`]);
    if (invalid) {
      setAttempted(true);
      return;
    }
    onSaveAs?.({ ...(region ? { region } : {}), ...ownValues() });
  };

  const copySql = () => {
    const sql = version ? query.sql[version] : undefined;
    if (sql) copy(sql, 'SQL');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (submitting || !region || Object.values(errors).some(Boolean)) return;
    const window = resolveWindow(
      windowChoice,
      customStart,
      customEnd,
      Date.now(),
    );
    const parameters: QueryRunParameters = {
      region,
      ...window,
      ...ownValues(),
    };
    setSubmitting(true);
    setRefusal(undefined);
    try {
      const run = await api.startRun({
        queryId: query.id,
        parameters,
        accountIds: selected,
        ...(entityRef ? { entityRef } : {}),
      });
      setSubmitting(false);
      onStarted(run);
    } catch (error) {
      setSubmitting(false);
      setRefusal(serverMessage(error));
    }
  };

  const copyButton = (
    <Button
      variant="outlined"
      startIcon={<FileCopy />}
      onClick={copySql}
      disabled={!version}
    >
      Copy SQL{version ? ` (source version ${version})` : ''}
    </Button>
  );

  if (candidates.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No account to run this for"
        description={
          entityRef
            ? `None of this entity’s AWS accounts that you may query collects ${source} in any region the portal knows of. The Coverage tab shows what each account sends.`
            : `None of the AWS accounts you may query collects ${source} in any region the portal knows of. The Coverage tab shows what each account sends; the platform team can enable the source.`
        }
        action={copyButton}
      />
    );
  }

  return (
    <form noValidate onSubmit={submit} aria-label={`Run ${query.title}`}>
      <Box display="flex" flexDirection="column" gridGap={16}>
        <Box
          display="flex"
          flexWrap="wrap"
          gridGap={16}
          alignItems="flex-start"
        >
          <AccountPicker
            id={`${id}-accounts`}
            candidates={candidates}
            titles={titles}
            selected={selected}
            onChange={setSelected}
            error={shown('accounts')}
            helperText={`${candidates.length} account${
              candidates.length === 1 ? '' : 's'
            } you may query collect${
              candidates.length === 1 ? 's' : ''
            } ${source}`}
          />
          <RegionField
            id={`${id}-region`}
            regions={regions}
            region={region}
            accountCount={selected.length || candidates.length}
            onChange={setChosenRegion}
            helperText={`Where ${source} is read`}
          />
        </Box>
        {missing.length > 0 && (
          <Alert severity="warning">
            {missing.join(', ')} {missing.length === 1 ? 'does' : 'do'} not
            collect {source} in {region}: the run finds nothing for{' '}
            {missing.length === 1 ? 'it' : 'them'}.
          </Alert>
        )}
        {mixed && (
          <Alert
            severity="warning"
            action={
              <Box display="flex" flexDirection="column" alignItems="flex-end">
                <Button
                  size="small"
                  color="inherit"
                  onClick={() =>
                    setSelected(selected.filter(a => !onlyV1.includes(a)))
                  }
                >
                  Keep the {selected.length - onlyV1.length} on version 2
                </Button>
                <Button
                  size="small"
                  color="inherit"
                  onClick={() =>
                    setSelected(selected.filter(a => onlyV1.includes(a)))
                  }
                >
                  Keep the {onlyV1.length} on version 1
                </Button>
              </Box>
            }
          >
            {onlyV1.join(', ')} still send{onlyV1.length === 1 ? 's' : ''}{' '}
            {source} as source version 1 in {region} and the others version 2.
            One run reads one version: keep one group now, run the other after.
          </Alert>
        )}

        <TimeRangeField
          id={id}
          choice={windowChoice}
          onChoice={setWindowChoice}
          start={customStart}
          end={customEnd}
          onStart={setCustomStart}
          onEnd={setCustomEnd}
          onBlurStart={() => touch('start')}
          onBlurEnd={() => touch('end')}
          errors={{ start: shown('start'), end: shown('end') }}
        />

        {query.parameters.length > 0 && (
          <Box
            display="flex"
            flexWrap="wrap"
            gridGap={16}
            alignItems="flex-start"
          >
            {query.parameters.map(p => (
              <ParameterField
                key={p.name}
                id={id}
                parameter={p}
                value={values[p.name] ?? ''}
                error={shown(`param:${p.name}`)}
                onChange={value => setValues(v => ({ ...v, [p.name]: value }))}
                onBlur={() => touch(`param:${p.name}`)}
              />
            ))}
          </Box>
        )}

        {refusal && (
          <Alert severity="error">
            <AlertTitle>The run was not started</AlertTitle>
            {refusal}
          </Alert>
        )}
        <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={12}>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            startIcon={<PlayArrow />}
            disabled={submitting}
          >
            {submitting ? 'Starting…' : 'Run'}
          </Button>
          {onSaveAs && (
            <Button variant="outlined" startIcon={<Save />} onClick={saveAs}>
              Save as…
            </Button>
          )}
          {copyButton}
          <Typography variant="caption" color="textSecondary">
            Values are bound by the server, never written into the SQL.
          </Typography>
        </Box>
      </Box>
    </form>
  );
}
