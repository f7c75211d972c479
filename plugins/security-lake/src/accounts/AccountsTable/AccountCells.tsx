import { EntityRefLink, EntityRefLinks } from '@backstage/plugin-catalog-react';
import { AccountSummary } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { sourceTitle } from '../../components/sourceTitle';

function pluralizeRegions(count: number): string {
  return `${count} ${count === 1 ? 'region' : 'regions'}`;
}

/** Account id linking to its catalog entity, with the display title beneath. */
export function AccountIdentity(props: { account: AccountSummary }) {
  const { account } = props;
  const entityRef = account.entityRefs[0];
  return (
    <Box>
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
        {account.inCatalog && entityRef ? (
          <EntityRefLink entityRef={entityRef} title={account.accountId} />
        ) : (
          <Typography variant="body2" component="span">
            {account.accountId}
          </Typography>
        )}
        {!account.inCatalog && (
          <Chip
            size="small"
            variant="outlined"
            label="not in catalog"
            title="Sends data to the lake but no catalog entity declares this account"
          />
        )}
      </Box>
      {account.title && (
        <Typography variant="caption" color="textSecondary" component="div">
          {account.title}
        </Typography>
      )}
    </Box>
  );
}

/** Links to the owners of the entities declaring the account. */
export function AccountOwners(props: { account: AccountSummary }) {
  const { owners } = props.account;
  if (owners.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        No owner
      </Typography>
    );
  }
  return <EntityRefLinks entityRefs={owners} defaultKind="group" />;
}

/** One chip per region the account sends data from. */
export function AccountRegions(props: { account: AccountSummary }) {
  return (
    <Box display="flex" flexWrap="wrap" gridGap={4}>
      {props.account.regions.map(region => (
        <Chip key={region} size="small" label={region} />
      ))}
    </Box>
  );
}

/** One chip per collected source, with the regions it is collected in on hover. */
export function AccountSources(props: { account: AccountSummary }) {
  const { sources } = props.account;
  if (sources.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        No sources collected
      </Typography>
    );
  }
  return (
    <Box display="flex" flexWrap="wrap" gridGap={4}>
      {sources.map(source => (
        <Tooltip
          key={`${source.source}-${source.version}`}
          title={`Version ${source.version} in ${
            source.regions.length > 0 ? source.regions.join(', ') : 'no region'
          }`}
        >
          <Chip
            size="small"
            color="primary"
            variant="outlined"
            // a source the account sends in two versions says which chip is which
            label={`${sourceTitle(source.source)}${
              sources.filter(s => s.source === source.source).length > 1
                ? ` (version ${source.version})`
                : ''
            } · ${pluralizeRegions(source.regions.length)}`}
          />
        </Tooltip>
      ))}
    </Box>
  );
}
