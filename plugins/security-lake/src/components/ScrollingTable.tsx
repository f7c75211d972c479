import { Table, TableProps } from '@backstage/core-components';
import { BACKSTAGE_TABLE_SCROLLER, ScrollArea } from './ScrollArea';

/**
 * A Backstage `Table` that scrolls sideways inside its box with the scroll area's cue, named for screen
 * readers, and without draggable headers (a draggable header is a focusable wrapper around the sort button:
 * two controls in one).
 *
 * @internal
 */
export function ScrollingTable<T extends object>(
  props: TableProps<T> & { 'aria-label': string },
) {
  const { 'aria-label': label, options, ...table } = props;
  return (
    <ScrollArea aria-label={label} innerScroller={BACKSTAGE_TABLE_SCROLLER}>
      <Table<T> {...table} options={{ draggable: false, ...options }} />
    </ScrollArea>
  );
}
