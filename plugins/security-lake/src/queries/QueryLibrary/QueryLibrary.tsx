import { Link, TableColumn } from '@backstage/core-components';
import { LibraryQuerySummary } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useId, useMemo, useState } from 'react';
import { useDebounced } from '../../hooks';
import { SelectFilter } from '../../components/SelectFilter';
import { sourceTitle } from '../../components/sourceTitle';
import { useQueryLibrary } from '../useQueryLibrary';
import { useTableEmptyContent } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { ScrollingTable } from '../../components/ScrollingTable';

/** Props for {@link QueryLibrary}. @internal */
export interface QueryLibraryProps {
  /** Where a query opens. */
  linkTo: (queryId: string) => string;
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/**
 * The saved-query library: search by text, filter by source and tag, and open a query to run it.
 *
 * @internal
 */
export function QueryLibrary(props: QueryLibraryProps) {
  const { linkTo } = props;
  const id = useId();
  const [search, setSearch] = useState('');
  const [source, setSource] = useState('');
  const [tag, setTag] = useState('');
  const q = useDebounced(search.trim(), 300);
  const { all, matching } = useQueryLibrary({ q, source, tag });

  const choices = useMemo(() => {
    const items = all.value?.items ?? [];
    return {
      sources: unique(items.flatMap(i => i.sources)),
      tags: unique(items.flatMap(i => i.tags)),
    };
  }, [all.value]);

  const emptyContent = useTableEmptyContent(
    q || source || tag
      ? 'No query in the library matches. Clear a filter to see more.'
      : 'The library has no queries yet.',
  );

  const columns: TableColumn<LibraryQuerySummary>[] = [
    {
      title: 'Query',
      field: 'title',
      // the description is what people choose by: it gets the room, the chips wrap in theirs
      width: '60%',
      cellStyle: { minWidth: 320 },
      render: query => (
        <Box>
          <Link to={linkTo(query.id)}>{query.title}</Link>
          <Typography variant="body2" color="textSecondary">
            {query.description}
          </Typography>
        </Box>
      ),
    },
    {
      title: 'Sources',
      field: 'sources',
      width: '20%',
      sorting: false,
      render: query => (
        <Box display="flex" flexWrap="wrap" gridGap={4}>
          {query.sources.map(s => (
            <Chip key={s} size="small" label={sourceTitle(s)} />
          ))}
        </Box>
      ),
    },
    {
      title: 'Tags',
      field: 'tags',
      width: '20%',
      sorting: false,
      render: query => (
        <Box display="flex" flexWrap="wrap" gridGap={4}>
          {query.tags.map(t => (
            <Chip
              key={t}
              size="small"
              variant="outlined"
              label={t}
              onClick={() => setTag(t)}
              aria-label={`Only queries tagged ${t}`}
            />
          ))}
        </Box>
      ),
    },
  ];

  return (
    <Box display="flex" flexDirection="column" gridGap={12}>
      <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={12}>
        <TextField
          id={`${id}-search`}
          label="Search queries"
          placeholder="Title or description"
          variant="outlined"
          size="small"
          value={search}
          onChange={e => setSearch(e.target.value)}
          inputProps={{ maxLength: 100 }}
        />
        <SelectFilter
          id={`${id}-source`}
          label="Source"
          all="All sources"
          value={source}
          onChange={setSource}
          options={choices.sources.map(s => ({
            value: s,
            label: sourceTitle(s),
          }))}
          minWidth={220}
        />
        <SelectFilter
          id={`${id}-tag`}
          label="Tag"
          all="All tags"
          value={tag}
          onChange={setTag}
          options={choices.tags.map(t => ({ value: t, label: t }))}
          minWidth={160}
        />
      </Box>
      {matching.error ? (
        <LoadError error={matching.error} what="the query library" />
      ) : (
        <ScrollingTable<LibraryQuerySummary>
          aria-label="Query library"
          title="Query library"
          isLoading={matching.loading}
          columns={columns}
          data={matching.value?.items ?? []}
          emptyContent={emptyContent}
          options={{
            padding: 'dense',
            search: false,
            paging: false,
          }}
        />
      )}
    </Box>
  );
}
