import {
  FindingSeverity,
  FindingsFilter,
} from '@internal/plugin-security-lake-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS } from './format';
import { isFindingSeverity } from './severity';

/**
 * What the findings view shows, as the URL says it: `?severity=Critical,High&status=New&accountId=…&region=…
 * &windowDays=30&findingType=…&product=…&resourceType=…&entityRef=…&finding=<uid>`.
 */
export interface FindingsPlace {
  severity: FindingSeverity[];
  status: string[];
  accountId?: string;
  region?: string;
  windowDays: number;
  findingType?: string;
  product?: string;
  resourceType?: string;
  /** On the Security Lake page: one entity's accounts, as the entity card links there. */
  entityRef?: string;
  /** The finding open in the drawer. */
  finding?: string;
}

/** The filter parameters, each also a query parameter of the same name. */
const SINGLE = [
  'accountId',
  'region',
  'findingType',
  'product',
  'resourceType',
  'entityRef',
  'finding',
] as const;

const LISTS = ['severity', 'status'] as const;

function list(value: string | null): string[] {
  return value
    ? value
        .split(',')
        .map(v => v.trim())
        .filter(Boolean)
    : [];
}

function windowDaysOf(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= MAX_WINDOW_DAYS
    ? n
    : DEFAULT_WINDOW_DAYS;
}

export function placeOf(params: URLSearchParams): FindingsPlace {
  return {
    severity: list(params.get('severity')).filter(isFindingSeverity),
    status: list(params.get('status')),
    windowDays: windowDaysOf(params.get('windowDays')),
    ...Object.fromEntries(
      SINGLE.map(key => [key, params.get(key) || undefined]).filter(
        ([, v]) => v !== undefined,
      ),
    ),
  };
}

/** The search with `changes` applied, keeping what else is there (the page's `?tab=`). */
export function searchWith(
  params: URLSearchParams,
  changes: Partial<FindingsPlace>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    next.delete(key);
    if (LISTS.includes(key as (typeof LISTS)[number])) {
      if ((value as string[]).length)
        next.set(key, (value as string[]).join(','));
    } else if (key === 'windowDays') {
      if (value !== DEFAULT_WINDOW_DAYS) next.set(key, String(value));
    } else if (value !== undefined && value !== '') {
      next.set(key, String(value));
    }
  }
  return next;
}

/** Every filter of the list cleared; the window and the entity stay. */
export const NO_FILTERS: Partial<FindingsPlace> = {
  severity: [],
  status: [],
  accountId: undefined,
  region: undefined,
  findingType: undefined,
  product: undefined,
  resourceType: undefined,
};

/** Whether any of the list's filters is set (the window and the entity are not filters). */
export function isFiltered(place: FindingsPlace): boolean {
  return (
    place.severity.length > 0 ||
    place.status.length > 0 ||
    !!place.accountId ||
    !!place.region ||
    !!place.findingType ||
    !!place.product ||
    !!place.resourceType
  );
}

/** The list's filter for a place, leaving out what is not set. */
export function filterOf(place: FindingsPlace): FindingsFilter {
  const filter: FindingsFilter = { windowDays: place.windowDays };
  if (place.entityRef) filter.entityRef = place.entityRef;
  if (place.accountId) filter.accountId = place.accountId;
  if (place.severity.length) filter.severity = place.severity;
  if (place.status.length) filter.status = place.status;
  if (place.findingType) filter.findingType = place.findingType;
  if (place.product) filter.product = place.product;
  if (place.resourceType) filter.resourceType = place.resourceType;
  if (place.region) filter.region = place.region;
  return filter;
}

/**
 * The findings view's filters and open finding live in the URL next to whatever else is there, so a view
 * can be linked to. Filters replace the history entry (a dozen clicks are not a dozen Backs); opening and
 * closing a finding adds one, so Back closes the drawer.
 */
export function useFindingsLocation() {
  const [params, setParams] = useSearchParams();
  const place = useMemo(() => placeOf(params), [params]);

  const setFilters = useCallback(
    (changes: Partial<Omit<FindingsPlace, 'finding'>>) =>
      setParams(searchWith(params, changes), { replace: true }),
    [params, setParams],
  );
  const openFinding = useCallback(
    (finding: string | undefined) => setParams(searchWith(params, { finding })),
    [params, setParams],
  );
  return { place, setFilters, openFinding };
}
