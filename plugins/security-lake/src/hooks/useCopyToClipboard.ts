import { alertApiRef, errorApiRef, useApi } from '@backstage/core-plugin-api';
import { useCallback } from 'react';

/** Copies text and says so; a browser that refuses (no secure context) is reported, not silent. */
export function useCopyToClipboard() {
  const alertApi = useApi(alertApiRef);
  const errorApi = useApi(errorApiRef);
  return useCallback(
    async (text: string, what: string) => {
      try {
        await window.navigator.clipboard.writeText(text);
        alertApi.post({
          message: `${what} copied to the clipboard`,
          severity: 'success',
          display: 'transient',
        });
      } catch (error) {
        errorApi.post(
          new Error(`Could not copy ${what.toLowerCase()}: ${error}`),
        );
      }
    },
    [alertApi, errorApi],
  );
}
