import { useApi } from '@backstage/core-plugin-api';
import { QueryRun } from '@internal/plugin-security-lake-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { QueryRunFilter, securityLakeApiRef } from '../api';

const PAGE_SIZE = 25;

/**
 * Runs for a filter, newest first: the first page, then older ones appended on request. A new filter
 * starts over; an answer to an old one is dropped.
 */
export function useRuns(filter: QueryRunFilter) {
  const api = useApi(securityLakeApiRef);
  const key = JSON.stringify(filter);
  const [state, setState] = useState<{
    loading: boolean;
    loadingMore?: boolean;
    error?: Error;
    items: QueryRun[];
    nextCursor?: string;
  }>({ loading: true, items: [] });
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    setState({ loading: true, items: [] });
    api
      .listRuns(JSON.parse(key), { limit: PAGE_SIZE })
      .then(page => {
        if (mine === generation.current) {
          setState({
            loading: false,
            items: page.items,
            nextCursor: page.nextCursor,
          });
        }
      })
      .catch(error => {
        if (mine === generation.current) {
          setState({ loading: false, error, items: [] });
        }
      });
  }, [api, key]);

  useEffect(load, [load]);

  const { nextCursor, loadingMore } = state;
  const loadMore = useCallback(() => {
    if (!nextCursor || loadingMore) return;
    const mine = generation.current;
    setState(s => ({ ...s, loadingMore: true }));
    api
      .listRuns(JSON.parse(key), { cursor: nextCursor, limit: PAGE_SIZE })
      .then(page => {
        if (mine !== generation.current) return;
        setState(s => ({
          ...s,
          loadingMore: false,
          items: [...s.items, ...page.items],
          nextCursor: page.nextCursor,
        }));
      })
      .catch(error => {
        if (mine === generation.current) {
          setState(s => ({ ...s, loadingMore: false, error }));
        }
      });
  }, [api, key, nextCursor, loadingMore]);

  return { ...state, retry: load, loadMore };
}
