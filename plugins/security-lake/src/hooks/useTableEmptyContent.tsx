import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';

/**
 * A table's empty state, as the same element for as long as the text stays the same: Backstage's Table
 * remounts its body whenever `emptyContent` changes.
 *
 * @internal
 */
export function useTableEmptyContent(text: string) {
  return useMemo(
    () => (
      <Box padding={2}>
        <Typography variant="body2" color="textSecondary">
          {text}
        </Typography>
      </Box>
    ),
    [text],
  );
}
