import { SubscriberRequestInput } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useId } from 'react';
import { previewOf } from './preview';

/** Tables listed by name in the preview; the rest are counted. */
const TABLES_SHOWN = 8;

/** A sentence whose `backticked` parts are code. */
function WithCode(props: { text: string }) {
  return (
    <>
      {props.text
        .split('`')
        .map((part, i) =>
          i % 2 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>,
        )}
    </>
  );
}

/**
 * What a request will create, as the form holds it: the subscriber or the row filters, whose data that
 * exposes, and what else happens.
 *
 * @internal
 */
export function RequestPreviewPanel(props: { input: SubscriberRequestInput }) {
  const preview = previewOf(props.input);
  const headingId = useId();
  const { tables } = preview;
  return (
    <Box
      component="section"
      aria-labelledby={headingId}
      padding={2}
      display="flex"
      flexDirection="column"
      gridGap={12}
    >
      <Typography id={headingId} variant="h6" component="h3">
        What will be created
      </Typography>
      <Typography variant="body1">
        <WithCode text={preview.summary} />
      </Typography>
      <Alert severity={preview.wholeSources ? 'warning' : 'info'}>
        <AlertTitle>Whose data this exposes</AlertTitle>
        {preview.exposes}
      </Alert>
      {preview.details.map(detail => (
        <Typography key={detail} variant="body2" color="textSecondary">
          {detail}
        </Typography>
      ))}
      {tables.length > 0 && (
        <Box>
          <Typography variant="subtitle2" component="h4">
            Filtered tables
          </Typography>
          <Box
            component="ul"
            margin={0}
            paddingLeft={2}
            style={{ fontFamily: 'monospace', fontSize: '0.8rem' }}
          >
            {tables.slice(0, TABLES_SHOWN).map(t => (
              <li key={t} style={{ wordBreak: 'break-all' }}>
                {t}
              </li>
            ))}
          </Box>
          {tables.length > TABLES_SHOWN && (
            <Typography variant="caption" color="textSecondary">
              and {tables.length - TABLES_SHOWN} more
            </Typography>
          )}
        </Box>
      )}
    </Box>
  );
}
