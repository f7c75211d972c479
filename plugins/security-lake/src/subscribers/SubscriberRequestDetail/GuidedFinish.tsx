import { GuidedFinish as GuidedFinishType } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import FileCopy from '@material-ui/icons/FileCopy';
import { useId } from 'react';
import { ScrollArea } from '../../components/ScrollArea';
import { useCopyToClipboard } from '../../hooks/useCopyToClipboard';

const mono = {
  fontFamily: 'monospace',
  fontSize: '0.8rem',
  whiteSpace: 'pre-wrap' as const,
  wordBreak: 'break-all' as const,
  margin: 0,
  padding: 12,
  borderRadius: 4,
  background: 'rgba(127, 127, 127, 0.12)',
};

/** Text to copy, in a monospace block with its copy button. */
function CopyBlock(props: { text: string; button: string; what: string }) {
  const copy = useCopyToClipboard();
  return (
    <Box display="flex" flexDirection="column" gridGap={4}>
      {/* a long policy scrolls in its box, which the keyboard can reach */}
      <ScrollArea aria-label={props.what} style={{ maxHeight: 400 }}>
        <pre style={mono}>{props.text}</pre>
      </ScrollArea>
      <Box>
        <Button
          size="small"
          variant="outlined"
          startIcon={<FileCopy />}
          onClick={() => copy(props.text, props.what)}
        >
          {props.button}
        </Button>
      </Box>
    </Box>
  );
}

/**
 * What the requester does in the subscriber account once access is granted: each step with its
 * commands to copy, and the CloudFormation template that does the same.
 *
 * @internal
 */
export function GuidedFinish(props: { finish: GuidedFinishType }) {
  const { finish } = props;
  const headingId = useId();
  return (
    <Box
      component="section"
      aria-labelledby={headingId}
      display="flex"
      flexDirection="column"
      gridGap={12}
    >
      <Typography id={headingId} variant="h6" component="h3">
        Finish setting up access
      </Typography>
      <Box component="ol" margin={0} paddingLeft={3}>
        {finish.steps.map((step, i) => (
          <Box component="li" key={i} marginBottom={2}>
            <Typography variant="subtitle1" component="h4">
              {step.title}
            </Typography>
            <Typography variant="body2" color="textSecondary" paragraph>
              {step.description}
            </Typography>
            {step.commands && (
              <CopyBlock
                text={step.commands}
                button="Copy commands"
                what="Commands"
              />
            )}
          </Box>
        ))}
      </Box>
      {finish.cloudFormation && (
        <Box>
          <Typography variant="subtitle1" component="h4">
            CloudFormation template
          </Typography>
          <Typography variant="body2" color="textSecondary" paragraph>
            Deploy it in the subscriber account instead of running the commands
            one by one.
          </Typography>
          <CopyBlock
            text={finish.cloudFormation}
            button="Copy template"
            what="CloudFormation template"
          />
        </Box>
      )}
    </Box>
  );
}
