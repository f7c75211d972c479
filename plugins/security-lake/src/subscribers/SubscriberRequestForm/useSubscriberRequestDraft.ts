import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AccountSummary,
  checkSubscriberRequest,
  SECURITY_LAKE_SOURCES,
  SecurityLakeSourceName,
  SecurityLakeSourceVersion,
  SubscriberAccessType,
  SubscriberRequestDetail,
  SubscriberRequestInput,
  SubscriberScope,
  teamRefsOf,
} from '@internal/plugin-security-lake-common';
import { FormEvent, useCallback, useMemo, useReducer } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { securityLakeApiRef } from '../../api';
import { serverMessage } from '../../api/serverMessage';
import { regionsOf } from '../../components/RegionField';
import { useAccounts } from '../../hooks/useAccounts';

/** The fields of the form, by the name the shared check and the server give them. */
export const FIELD_LABELS = {
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

export type FieldKey = keyof typeof FIELD_LABELS;

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

export type SourceChoices = Record<
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

export type NotificationKind = 'none' | 'SQS' | 'HTTPS';

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

/** What the user has put in the form, before defaults are filled in and text trimmed. */
export interface DraftFields {
  subscriberName: string;
  principal: string;
  externalId: string;
  team?: string;
  /** Undefined: the defaults, all the team's accounts. */
  chosenAccounts?: string[];
  /** Undefined: the default, the region most of the chosen accounts have. */
  chosenRegions?: string[];
  sources: SourceChoices;
  accessType: SubscriberAccessType;
  scope: SubscriberScope;
  notification: NotificationKind;
  endpoint: string;
  targetRoleArn: string;
  justification: string;
  expiresAt: string;
}

interface DraftState {
  fields: DraftFields;
  /** The fields left (or picked from) once: their problems are said from then on. */
  touched: Set<FieldKey>;
  submitted: boolean;
  saving: boolean;
  /** The server's refusal of the last submit, under its field if it names one. */
  refusal?: { field?: FieldKey; message: string };
}

type DraftAction =
  | {
      type: 'edit';
      change: (fields: DraftFields) => Partial<DraftFields>;
      /** The fields whose refusal by the server no longer holds. */
      changed: FieldKey[];
      touch: boolean;
    }
  | { type: 'touch'; field: FieldKey }
  | { type: 'submitted' }
  | { type: 'sending' }
  | { type: 'refused'; refusal: { field?: FieldKey; message: string } };

function touched(state: DraftState, field: FieldKey): Set<FieldKey> {
  return state.touched.has(field)
    ? state.touched
    : new Set(state.touched).add(field);
}

function draftReducer(state: DraftState, action: DraftAction): DraftState {
  switch (action.type) {
    case 'edit': {
      const refusal =
        state.refusal?.field && action.changed.includes(state.refusal.field)
          ? undefined
          : state.refusal;
      return {
        ...state,
        fields: { ...state.fields, ...action.change(state.fields) },
        touched:
          action.touch && action.changed.length
            ? touched(state, action.changed[0])
            : state.touched,
        refusal,
      };
    }
    case 'touch': {
      const next = touched(state, action.field);
      return next === state.touched ? state : { ...state, touched: next };
    }
    case 'submitted':
      return state.submitted ? state : { ...state, submitted: true };
    case 'sending':
      return { ...state, saving: true, refusal: undefined };
    case 'refused':
      return { ...state, saving: false, refusal: action.refusal };
    default:
      return state;
  }
}

function initialDraft(extending?: SubscriberRequestDetail): DraftState {
  return {
    fields: {
      subscriberName: extending?.subscriberName ?? '',
      principal: extending?.principal ?? '',
      externalId: extending?.externalId ?? '',
      team: extending?.ownerRef,
      // an extension starts from what it grants and what it does not cover
      chosenAccounts: extending && [
        ...new Set([
          ...(extending.grantedAccountIds ?? extending.accountIds),
          ...(extending.uncoveredAccountIds ?? []),
        ]),
      ],
      chosenRegions: extending?.regions,
      sources: extending ? sourcesOf(extending.sources) : INITIAL_SOURCES,
      accessType: 'LAKEFORMATION',
      scope: 'team',
      notification: 'none',
      endpoint: '',
      targetRoleArn: '',
      justification: '',
      expiresAt: extending?.expiresAt?.slice(0, 10) ?? '',
    },
    touched: new Set(),
    submitted: false,
    saving: false,
  };
}

/**
 * A change to the form: `change` gives the new values, `changed` the fields it changes, whose refusal by
 * the server no longer holds; with `touch` the first of them is touched too (a pick, not typing).
 */
export type EditDraft = (
  change:
    | Partial<DraftFields>
    | ((fields: DraftFields) => Partial<DraftFields>),
  changed: FieldKey[],
  options?: { touch?: boolean },
) => void;

/** A field left: its problems are said from now on. */
export type TouchField = (field: FieldKey) => void;

/** What every error would say now, by field. */
export type FieldErrors = Partial<Record<FieldKey, string>>;

/**
 * The subscriber request being written: what the user has put in, the request it makes (with the team's
 * defaults filled in), the shared check's problems (the server's own) placed on the fields once a field
 * has been left or the form sent, and the server's refusal under the field it names.
 *
 * `edit` and `touch` stay the same across renders, so sections that take only them and their own values
 * re-render only when those change.
 */
export function useSubscriberRequestDraft(options: {
  extending?: SubscriberRequestDetail;
  onCreated: (request: SubscriberRequestDetail) => void;
}) {
  const { extending, onCreated } = options;
  const api = useApi(securityLakeApiRef);
  const identityApi = useApi(identityApiRef);
  const accounts = useAccounts();
  const groups = useAsync(async () => {
    const identity = await identityApi.getBackstageIdentity();
    return teamRefsOf(identity.ownershipEntityRefs);
  }, [identityApi]);
  const [state, dispatch] = useReducer(draftReducer, extending, initialDraft);
  const { fields, refusal, submitted, saving } = state;

  const edit = useCallback<EditDraft>(
    (change, changed, editOptions) =>
      dispatch({
        type: 'edit',
        change: typeof change === 'function' ? change : () => change,
        changed,
        touch: !!editOptions?.touch,
      }),
    [],
  );
  const touch = useCallback<TouchField>(
    field => dispatch({ type: 'touch', field }),
    [],
  );

  const all = useMemo(() => accounts.value?.items ?? [], [accounts.value]);
  const titles = useMemo(
    () => new Map(all.map(a => [a.accountId, a.title])),
    [all],
  );
  const teams = useMemo(() => teamsOf(groups.value ?? [], all), [groups, all]);
  const owner =
    fields.team && teams.includes(fields.team) ? fields.team : teams[0];
  const candidates = useMemo(() => accountsOf(owner, all), [owner, all]);
  const accountIds = useMemo(
    () => fields.chosenAccounts ?? candidates.map(a => a.accountId),
    [fields.chosenAccounts, candidates],
  );
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
  const { chosenRegions } = fields;
  const regionOptions = useMemo(
    () => [
      ...regionChoices.map(r => r.region),
      ...(chosenRegions ?? []).filter(
        r => !regionChoices.some(c => c.region === r),
      ),
    ],
    [regionChoices, chosenRegions],
  );
  const regions = useMemo(
    () =>
      chosenRegions ?? (regionChoices.length ? [regionChoices[0].region] : []),
    [chosenRegions, regionChoices],
  );

  const { accessType, notification } = fields;
  const input: SubscriberRequestInput = {
    subscriberName: fields.subscriberName.trim(),
    principal: fields.principal.trim(),
    externalId: fields.externalId.trim(),
    ...(owner ? { ownerRef: owner } : {}),
    accountIds,
    sources: SECURITY_LAKE_SOURCES.filter(
      s => fields.sources[s.name].checked,
    ).map(s => ({ source: s.name, version: fields.sources[s.name].version })),
    regions,
    accessType,
    scope: accessType === 'S3' ? 'all' : fields.scope,
    ...(accessType === 'S3' && notification === 'SQS'
      ? { notification: { type: 'SQS' as const } }
      : {}),
    ...(accessType === 'S3' && notification === 'HTTPS'
      ? {
          notification: {
            type: 'HTTPS' as const,
            endpoint: fields.endpoint.trim(),
            targetRoleArn: fields.targetRoleArn.trim(),
          },
        }
      : {}),
    justification: fields.justification.trim(),
    ...(fields.expiresAt ? { expiresAt: fields.expiresAt } : {}),
    ...(extending ? { extendsRequestId: extending.id } : {}),
  };

  // Date.now, not new Date(): tests set the clock through it
  const problems = checkSubscriberRequest(input, new Date(Date.now()));
  const errors: FieldErrors = {};
  for (const key of Object.keys(FIELD_LABELS) as FieldKey[]) {
    if (refusal?.field === key) {
      errors[key] = refusal.message;
    } else if (submitted || state.touched.has(key)) {
      errors[key] = problems.find(p => keyOf(p.field) === key)?.message;
    }
  }
  const invalidFields = [
    ...new Set(
      problems.map(p => keyOf(p.field)).filter((k): k is FieldKey => !!k),
    ),
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    dispatch({ type: 'submitted' });
    if (saving || problems.length > 0) return;
    dispatch({ type: 'sending' });
    try {
      const created = await api.createSubscriberRequest(input);
      onCreated(created);
    } catch (error) {
      dispatch({ type: 'refused', refusal: placeRefusal(error) });
    }
  };

  return {
    /** The accounts and the user's groups are still being read. */
    loading: accounts.loading || groups.loading,
    error: accounts.error,
    /** Every account the user may see. */
    accounts: all,
    titles,
    fields,
    teams,
    owner,
    /** The team's accounts, to choose from. */
    candidates,
    accountIds,
    regionChoices,
    regionOptions,
    regions,
    input,
    errors,
    /** The fields the shared check finds a problem in, said once the form has been sent. */
    invalidFields: submitted ? invalidFields : [],
    saving,
    /** The server's refusal that names no field. */
    refusal: refusal && !refusal.field ? refusal.message : undefined,
    edit,
    touch,
    submit,
  };
}
