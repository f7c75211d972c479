import { useApi } from '@backstage/core-plugin-api';
import {
  CoverageAccountRow,
  CoverageFilter,
  CoverageListResponse,
} from '@internal/plugin-security-lake-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { securityLakeApiRef } from '../api';

const PAGE_SIZE = 100;

/**
 * The coverage matrix for a filter, a page at a time: the first page with the summary, later pages
 * appended as the user scrolls. A new filter starts over; a stale answer to an old one is dropped.
 */
export function useCoverage(filter: CoverageFilter) {
  const api = useApi(securityLakeApiRef);
  const [state, setState] = useState<{
    loading: boolean;
    error?: Error;
    first?: CoverageListResponse;
    rows: CoverageAccountRow[];
    nextCursor?: string;
  }>({ loading: true, rows: [] });
  const generation = useRef(0);
  const key = JSON.stringify(filter);

  const load = useCallback(() => {
    const mine = ++generation.current;
    setState({ loading: true, rows: [] });
    api
      .listCoverage(JSON.parse(key), { limit: PAGE_SIZE })
      .then(first => {
        if (mine !== generation.current) return;
        setState({
          loading: false,
          first,
          rows: first.items,
          nextCursor: first.nextCursor,
        });
      })
      .catch(error => {
        if (mine !== generation.current) return;
        setState({ loading: false, error, rows: [] });
      });
  }, [api, key]);

  useEffect(load, [load]);

  const loadingMore = useRef(false);
  const loadMore = useCallback(() => {
    const cursor = state.nextCursor;
    if (!cursor || loadingMore.current) return;
    loadingMore.current = true;
    const mine = generation.current;
    api
      .listCoverage(JSON.parse(key), { cursor, limit: PAGE_SIZE })
      .then(page => {
        if (mine !== generation.current) return;
        setState(s => ({
          ...s,
          rows: [...s.rows, ...page.items],
          nextCursor: page.nextCursor,
        }));
      })
      .catch(error => {
        if (mine === generation.current) setState(s => ({ ...s, error }));
      })
      .finally(() => {
        loadingMore.current = false;
      });
  }, [api, key, state.nextCursor]);

  return { ...state, retry: load, loadMore };
}
