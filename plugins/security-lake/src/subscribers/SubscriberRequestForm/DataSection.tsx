import {
  AccountSummary,
  SECURITY_LAKE_SOURCES,
  SECURITY_LAKE_SOURCE_VERSIONS,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { AccountPicker } from '../../components/AccountPicker';
import { shortEntityName } from '../../components/entityNames';
import { RegionChoice } from '../../components/RegionField';
import { sourceTitle } from '../../components/sourceTitle';
import { FormSection, memoSection } from './FormSection';
import {
  EditDraft,
  FieldErrors,
  SourceChoices,
} from './useSubscriberRequestDraft';

/** Props for {@link DataSection}. @internal */
export interface DataSectionProps {
  id: string;
  /** An extension keeps the grant's team, sources and regions. */
  locked: boolean;
  /** The teams the user may ask for. */
  teams: string[];
  owner?: string;
  /** The team's accounts, to choose from. */
  candidates: AccountSummary[];
  titles: Map<string, string | undefined>;
  accountIds: string[];
  /** Data access, or query access to every account: the subscriber reads more than these accounts. */
  wholeSources: boolean;
  sources: SourceChoices;
  regionChoices: RegionChoice[];
  regionOptions: string[];
  regions: string[];
  errors: FieldErrors;
  edit: EditDraft;
}

/** What the chosen accounts mean: the data read, or, for a whole-source subscriber, only whose request it is. */
function accountsHelp(owner: string | undefined, wholeSources: boolean) {
  const whose = owner
    ? `${shortEntityName(owner)}'s accounts`
    : 'Your accounts';
  return wholeSources
    ? `${whose} the request is made for; the subscriber reads every account's data in these sources`
    : `${whose} whose data the subscriber reads`;
}

function DataSectionFields(props: DataSectionProps) {
  const {
    id,
    locked,
    teams,
    owner,
    candidates,
    titles,
    accountIds,
    wholeSources,
    sources,
    regionChoices,
    regionOptions,
    regions,
    errors,
    edit,
  } = props;
  const candidateIds = useMemo(
    () => candidates.map(a => a.accountId),
    [candidates],
  );
  const sourcesError = errors.sources;
  const regionsError = errors.regions;
  return (
    <FormSection title="Data">
      {teams.length > 1 && (
        <TextField
          id={`${id}-team`}
          select
          label="Team"
          variant="outlined"
          size="small"
          disabled={locked}
          value={owner ?? ''}
          onChange={e =>
            edit(
              {
                team: e.target.value,
                chosenAccounts: undefined,
                chosenRegions: undefined,
              },
              ['ownerRef'],
            )
          }
          error={!!errors.ownerRef}
          helperText={
            errors.ownerRef ??
            'The team that asks, and whose accounts the request is about'
          }
        >
          {teams.map(t => (
            <MenuItem key={t} value={t}>
              {shortEntityName(t)}
            </MenuItem>
          ))}
        </TextField>
      )}
      {teams.length === 1 && (
        <Box>
          <Typography variant="body2">
            For team <strong>{shortEntityName(teams[0])}</strong>
          </Typography>
          {errors.ownerRef && (
            <FormHelperText error>{errors.ownerRef}</FormHelperText>
          )}
        </Box>
      )}
      <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={8}>
        <AccountPicker
          id={`${id}-accounts`}
          candidates={candidateIds}
          titles={titles}
          selected={accountIds}
          onChange={next =>
            edit({ chosenAccounts: next }, ['accountIds'], { touch: true })
          }
          error={errors.accountIds}
          helperText={accountsHelp(owner, wholeSources)}
        />
      </Box>

      <FormControl
        component="fieldset"
        error={!!sourcesError}
        required
        disabled={locked}
      >
        <FormLabel component="legend">Sources</FormLabel>
        {SECURITY_LAKE_SOURCES.map(s => {
          const choice = sources[s.name];
          const title = sourceTitle(s.name);
          return (
            <Box key={s.name} display="flex" alignItems="center" gridGap={8}>
              <FormControlLabel
                style={{ minWidth: 280 }}
                control={
                  <Checkbox
                    size="small"
                    checked={choice.checked}
                    onChange={e => {
                      const checked = e.target.checked;
                      edit(
                        f => ({
                          sources: {
                            ...f.sources,
                            [s.name]: { ...f.sources[s.name], checked },
                          },
                        }),
                        ['sources'],
                        { touch: true },
                      );
                    }}
                  />
                }
                label={title}
              />
              <TextField
                select
                size="small"
                SelectProps={{ native: true }}
                inputProps={{ 'aria-label': `${title} version` }}
                disabled={locked || !choice.checked}
                value={choice.version}
                onChange={e => {
                  const version = e.target.value as SecurityLakeSourceVersion;
                  edit(
                    f => ({
                      sources: {
                        ...f.sources,
                        [s.name]: { ...f.sources[s.name], version },
                      },
                    }),
                    ['sources'],
                  );
                }}
              >
                {SECURITY_LAKE_SOURCE_VERSIONS.map(v => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </TextField>
            </Box>
          );
        })}
        <FormHelperText>
          {sourcesError ??
            'Security Lake grants whole source versions: 2.0 is OCSF 1.1, 1.0 the older layout'}
        </FormHelperText>
      </FormControl>

      <TextField
        id={`${id}-regions`}
        select
        label="Regions"
        variant="outlined"
        size="small"
        required
        disabled={locked}
        SelectProps={{
          multiple: true,
          renderValue: value => (value as string[]).join(', '),
        }}
        value={regions}
        onChange={e =>
          edit(
            { chosenRegions: e.target.value as unknown as string[] },
            ['regions'],
            { touch: true },
          )
        }
        error={!!regionsError}
        helperText={
          regionsError ??
          (regionChoices.length
            ? `Where the chosen accounts send data: ${regionChoices
                .map(
                  r =>
                    `${r.region} (${r.accountIds.size} of ${accountIds.length})`,
                )
                .join(', ')}`
            : 'The chosen accounts send data to no region yet')
        }
      >
        {regionOptions.map(r => (
          <MenuItem key={r} value={r}>
            {r}
          </MenuItem>
        ))}
      </TextField>
    </FormSection>
  );
}

/** What data: the team, its accounts, the sources with their versions, and the regions. */
export const DataSection = memoSection(DataSectionFields);
