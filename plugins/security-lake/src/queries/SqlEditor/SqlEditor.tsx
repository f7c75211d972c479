import { InfoCard, Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  AccountSummary,
  QueryRun,
  QueryTable,
  securityLakeQueryManagePermission,
  SqlProblem,
  TeamQuery,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import PlayArrow from '@material-ui/icons/PlayArrow';
import Save from '@material-ui/icons/Save';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  FormEvent,
  useCallback,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import useAsync from 'react-use/esm/useAsync';
import { securityLakeApiRef } from '../../api';
import { useAccounts } from '../../hooks/useAccounts';
import { serverMessage } from '../../api/serverMessage';
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
import { replacementOf, SaveQueryDialog } from '../SaveQueryDialog';
import { QueryTablesPanel } from './QueryTablesPanel';
import { SqlCodeEditor, SqlCodeEditorHandle } from './SqlCodeEditor';
import { problemText, runErrorProblem, tableTitle } from './sqlProblems';
import { useSqlCheck } from './useSqlCheck';
import { LoadError } from '../../components/LoadError';

/**
 * The most accounts chosen for the user at first: the server's default bound on a run's accounts. A
 * server configured lower says so when the run is asked for.
 */
export const DEFAULT_MAX_ACCOUNTS = 50;

/** The window a new statement covers, as a run of ad-hoc SQL does when it names none. */
const DEFAULT_WINDOW_HOURS = 24;

/** Props for {@link SqlEditor}. @internal */
export interface SqlEditorProps {
  /** The text the editor starts with. */
  initialSql: string;
  /** The team's saved query the SQL was opened from: "Save" replaces its SQL. */
  savedQuery?: TeamQuery;
  /** The name the SQL came with (an Athena named query's), for the card, the run and "Save as…". */
  title?: string;
  onStarted: (run: QueryRun) => void;
  /** After "Save" or "Save as…". */
  onSaved: (saved: TeamQuery) => void;
  /** How long typing must pause before the SQL is checked. */
  checkDelayMs?: number;
}

/** `CloudTrail management events 2.0` for a table of the list, else its name as the server gave it. */
function readsText(tables: string[], known: QueryTable[] | undefined): string {
  return tables
    .map(name => {
      const table = known?.find(
        t => `${t.database}.${t.name}`.toLowerCase() === name.toLowerCase(),
      );
      return table ? tableTitle(table) : name;
    })
    .join(', ');
}

function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(window.navigator.platform ?? '');
}

/**
 * An ad-hoc SQL statement: the editor with the region's tables beside it, the accounts, region and time
 * window it runs for, the server's check as the user types, and running and saving it.
 *
 * @internal
 */
export function SqlEditor(props: SqlEditorProps) {
  const accounts = useAccounts();
  const canManage = usePermission({
    permission: securityLakeQueryManagePermission,
  });
  if (accounts.error) {
    return (
      <LoadError
        error={accounts.error}
        what="your accounts"
        onRetry={accounts.retry}
      />
    );
  }
  if (accounts.loading || !accounts.value) return <Progress />;
  return (
    <SqlEditorForm
      {...props}
      accounts={accounts.value.items}
      canManage={canManage.allowed}
    />
  );
}

function SqlEditorForm(
  props: SqlEditorProps & { accounts: AccountSummary[]; canManage: boolean },
) {
  const {
    initialSql,
    savedQuery,
    title,
    onStarted,
    onSaved,
    checkDelayMs = 400,
    accounts,
    canManage,
  } = props;
  const api = useApi(securityLakeApiRef);
  const alertApi = useApi(alertApiRef);
  const id = useId();
  const editor = useRef<SqlCodeEditorHandle>(null);
  const [sql, setSql] = useState(initialSql);

  const titles = useMemo(
    () => new Map(accounts.map(a => [a.accountId, a.title])),
    [accounts],
  );
  const candidates = useMemo(
    () => accounts.map(a => a.accountId).sort(),
    [accounts],
  );
  const [selected, setSelected] = useState<string[]>(() =>
    candidates.slice(0, DEFAULT_MAX_ACCOUNTS),
  );
  const [chosenRegion, setChosenRegion] = useState<string>();
  const regions = useMemo(
    () =>
      regionsOf(
        accounts.flatMap(a =>
          a.regions.map(region => ({ accountId: a.accountId, region })),
        ),
        selected.length ? selected : candidates,
      ),
    [accounts, selected, candidates],
  );
  const { region, missing } = regionChoice(regions, chosenRegion, selected);

  const [initial] = useState(() =>
    initialWindow(DEFAULT_WINDOW_HOURS, Date.now()),
  );
  const [windowChoice, setWindowChoice] = useState<WindowChoice>(
    initial.choice,
  );
  const [customStart, setCustomStart] = useState(initial.start);
  const [customEnd, setCustomEnd] = useState(initial.end);

  const tables = useAsync(
    async () => (region ? api.listQueryTables(region) : undefined),
    [api, region],
  );
  const tableItems = useMemo(
    () => (tables.value?.region === region ? tables.value?.items ?? [] : []),
    [tables.value, region],
  );

  const check = useSqlCheck(sql, region, checkDelayMs);
  const [runProblem, setRunProblem] = useState<{
    sql: string;
    problem: SqlProblem;
  }>();
  const problems = useMemo(() => {
    if (runProblem?.sql === sql) {
      return { sql, items: [runProblem.problem] };
    }
    if (check?.result) {
      return { sql: check.sql, items: check.result.problems };
    }
    return { sql: '', items: [] as SqlProblem[] };
  }, [runProblem, check, sql]);
  // what the statement as it stands reads, once the check has found it fine
  const reads =
    check?.sql === sql && check.result?.valid && problems.items.length === 0
      ? check.result.tables
      : undefined;

  const [attempted, setAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [saveAsOpen, setSaveAsOpen] = useState(false);

  const windowErrors =
    windowChoice === 'custom' ? customWindowErrors(customStart, customEnd) : {};
  let accountsError: string | undefined;
  if (!selected.length) accountsError = 'Choose at least one account';
  const errors = [accountsError, windowErrors.start, windowErrors.end];
  const blocked = !sql.trim() || problems.items.length > 0;

  const run = async () => {
    setAttempted(true);
    if (submitting || blocked || !region || errors.some(Boolean)) return;
    const sent = sql;
    setSubmitting(true);
    setRefusal(undefined);
    try {
      const started = await api.startRun({
        sql: sent,
        window: resolveWindow(windowChoice, customStart, customEnd, Date.now()),
        parameters: { region },
        accountIds: selected,
        // untitled, the server names the run by the sources it reads
        ...((title ?? savedQuery?.name) !== undefined
          ? { title: title ?? savedQuery?.name }
          : {}),
      });
      setSubmitting(false);
      onStarted(started);
    } catch (error) {
      setSubmitting(false);
      const problem = runErrorProblem(error);
      if (problem) setRunProblem({ sql: sent, problem });
      else setRefusal(serverMessage(error));
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run();
  };

  const save = async () => {
    if (!savedQuery || saving) return;
    setSaving(true);
    try {
      const saved = await api.updateTeamSavedQuery(
        savedQuery.id,
        replacementOf(savedQuery, { content: { sql } }),
      );
      alertApi.post({
        message: `Saved “${saved.name}”`,
        severity: 'success',
        display: 'transient',
      });
      onSaved(saved);
    } catch (error) {
      alertApi.post({
        message: `“${savedQuery.name}” was not saved: ${serverMessage(error)}`,
        severity: 'error',
      });
    } finally {
      setSaving(false);
    }
  };

  const shown = (error?: string) => (attempted ? error : undefined);
  // the memoised fields below re-render only when what they show changes, not on every keystroke
  const insert = useCallback(
    (text: string) => editor.current?.insert(text),
    [],
  );
  const shownWindowErrors = useMemo(
    () => ({
      start: attempted ? windowErrors.start : undefined,
      end: attempted ? windowErrors.end : undefined,
    }),
    [attempted, windowErrors.start, windowErrors.end],
  );
  const heading = savedQuery?.name ?? title ?? 'New SQL query';

  return (
    <InfoCard
      title={heading}
      subheader={
        savedQuery
          ? `Kept by your team${
              savedQuery.description ? `: ${savedQuery.description}` : ''
            }`
          : 'One SELECT or WITH statement over the Security Lake tables of a region'
      }
    >
      <form noValidate onSubmit={submit} aria-label="SQL query">
        <Box display="flex" flexDirection="column" gridGap={16}>
          <Box display="flex" flexWrap="wrap" gridGap={16}>
            <Box
              flex="1 1 520px"
              minWidth={0}
              display="flex"
              flexDirection="column"
              gridGap={8}
            >
              <SqlCodeEditor
                ref={editor}
                value={sql}
                onChange={setSql}
                tables={tableItems}
                problems={problems}
                onRun={run}
              />
              {problems.items.length > 0 && (
                <Alert severity="error">
                  {problems.items.map((p, i) => (
                    <div key={i}>{problemText(p)}</div>
                  ))}
                </Alert>
              )}
              {check?.error && (
                <Alert severity="warning" role="status">
                  The SQL could not be checked: {serverMessage(check.error)}.
                  The server checks it again when it runs.
                </Alert>
              )}
              {reads && (
                <Typography variant="body2">
                  {reads.length
                    ? `Reads: ${readsText(reads, tableItems)}`
                    : 'Reads no Security Lake table'}
                </Typography>
              )}
              <Typography variant="caption" color="textSecondary">
                Every Security Lake table is read only for the chosen accounts
                and time window; other tables and table functions are refused.
              </Typography>
            </Box>
            <Box flex="0 1 340px" minWidth={240}>
              <QueryTablesPanel
                region={region}
                tables={tableItems}
                loading={tables.loading}
                error={tables.error}
                onInsert={insert}
              />
            </Box>
          </Box>

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
              error={shown(accountsError)}
              helperText={
                candidates.length
                  ? `${candidates.length} account${
                      candidates.length === 1 ? '' : 's'
                    } you may see; a run reads at most ${DEFAULT_MAX_ACCOUNTS}`
                  : 'You may see no AWS account'
              }
            />
            <RegionField
              id={`${id}-region`}
              regions={regions}
              region={region}
              accountCount={selected.length || candidates.length}
              onChange={setChosenRegion}
              helperText="Whose tables the SQL reads"
            />
          </Box>
          {missing.length > 0 && (
            // a note on the choice, not news: problems with the SQL are the alerts here
            <Alert severity="warning" role="status">
              {missing.join(', ')} {missing.length === 1 ? 'has' : 'have'} no
              data in {region}: the run finds nothing for{' '}
              {missing.length === 1 ? 'it' : 'them'}.
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
            errors={shownWindowErrors}
          />

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
              disabled={submitting || blocked}
            >
              {submitting ? 'Starting…' : 'Run'}
            </Button>
            {canManage && savedQuery && (
              <Button
                variant="outlined"
                startIcon={<Save />}
                onClick={save}
                disabled={saving || !sql.trim()}
              >
                Save
              </Button>
            )}
            {canManage && (
              <Button
                variant="outlined"
                onClick={() => setSaveAsOpen(true)}
                disabled={!sql.trim()}
              >
                Save as…
              </Button>
            )}
            <Typography variant="caption" color="textSecondary">
              {isMac() ? '⌘+Enter' : 'Ctrl+Enter'} runs
            </Typography>
          </Box>
        </Box>
      </form>
      {canManage && (
        <SaveQueryDialog
          open={saveAsOpen}
          content={{ sql }}
          initial={{
            name: savedQuery ? `${savedQuery.name} (copy)` : title,
            description: savedQuery?.description,
          }}
          onClose={() => setSaveAsOpen(false)}
          onSaved={saved => {
            setSaveAsOpen(false);
            alertApi.post({
              message: `Saved “${saved.name}” for your team`,
              severity: 'success',
              display: 'transient',
            });
            onSaved(saved);
          }}
        />
      )}
    </InfoCard>
  );
}
