import { Link, Progress } from '@backstage/core-components';
import {
  FindingContextRun,
  FindingDetail,
  FindingResource,
} from '@internal/plugin-security-lake-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Close from '@material-ui/icons/Close';
import ExpandMore from '@material-ui/icons/ExpandMore';
import OpenInNew from '@material-ui/icons/OpenInNew';
import { ReactNode } from 'react';
import { formatTime } from '../format';
import { SeverityChip } from '../severity';
import { useFinding } from '../useFindings';
import { ContextRuns } from './ContextRuns';
import { LoadError } from '../../components/LoadError';
import { ScrollArea } from '../../components/ScrollArea';

const mono = {
  fontFamily: 'monospace',
  fontSize: '0.8rem',
  whiteSpace: 'pre-wrap' as const,
  wordBreak: 'break-all' as const,
  margin: 0,
};

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Box minWidth={140}>
      <Typography variant="caption" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-label={props.title} mt={3}>
      <Typography variant="h6" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function ExternalLinks(props: { urls: string[] }) {
  return (
    <Box component="ul" m={0} pl={2}>
      {props.urls.map(url => (
        // a long address breaks where it must rather than widening the drawer past a phone's screen
        <li key={url} style={{ overflowWrap: 'anywhere' }}>
          <Link to={url} target="_blank" rel="noopener noreferrer">
            {url}
          </Link>
        </li>
      ))}
    </Box>
  );
}

/** A resource's details as the record carries them: JSON text, shown indented when it is JSON. */
function details(resource: FindingResource): string | undefined {
  if (!resource.details) return undefined;
  try {
    return JSON.stringify(JSON.parse(resource.details), null, 2);
  } catch {
    return resource.details;
  }
}

function yesNo(value?: boolean): string {
  if (value === undefined) return '—';
  return value ? 'Yes' : 'No';
}

function Detail(props: {
  finding: FindingDetail;
  runLink?: (run: FindingContextRun) => string | undefined;
  runPauseMs?: number;
}) {
  const { finding } = props;
  return (
    <>
      <Box display="flex" flexWrap="wrap" gridGap={24} mt={1}>
        <Fact label="Status">{finding.status}</Fact>
        <Fact label="Account">{finding.accountId}</Fact>
        <Fact label="Region">{finding.region}</Fact>
        <Fact label="Product">{finding.product ?? '—'}</Fact>
        <Fact label="Type">
          {finding.findingType}
          {finding.types.map(t => (
            <Typography
              key={t}
              variant="caption"
              color="textSecondary"
              component="div"
            >
              {t}
            </Typography>
          ))}
        </Fact>
        <Fact label="First seen">{formatTime(finding.firstSeen)}</Fact>
        <Fact label="Last seen">{formatTime(finding.lastSeen)}</Fact>
        <Fact label="Reports">{finding.reports.toLocaleString()}</Fact>
      </Box>
      <Box mt={2}>
        <Button
          variant="outlined"
          component="a"
          href={finding.consoleUrl}
          target="_blank"
          rel="noopener noreferrer"
          endIcon={<OpenInNew />}
        >
          Open in Security Hub
        </Button>
      </Box>

      {finding.description && (
        <Section title="Description">
          <Typography variant="body2">{finding.description}</Typography>
        </Section>
      )}

      {finding.remediation &&
        (finding.remediation.text ||
          finding.remediation.references.length > 0) && (
          <Section title="Remediation">
            {finding.remediation.text && (
              <Typography variant="body2" gutterBottom>
                {finding.remediation.text}
              </Typography>
            )}
            <ExternalLinks urls={finding.remediation.references} />
          </Section>
        )}

      {finding.resources.length > 0 && (
        <Section title="Affected resources">
          <ScrollArea aria-label="Affected resources">
            <Table size="small" aria-label="Affected resources">
              <TableHead>
                <TableRow>
                  <TableCell>Type</TableCell>
                  <TableCell>Resource</TableCell>
                  <TableCell>Region</TableCell>
                  <TableCell>Labels</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {finding.resources.map((resource, i) => {
                  const text = details(resource);
                  return (
                    <TableRow key={`${resource.uid ?? ''}|${i}`}>
                      <TableCell>{resource.type ?? '—'}</TableCell>
                      <TableCell style={{ wordBreak: 'break-all' }}>
                        {resource.uid ?? '—'}
                        {text && (
                          <details>
                            <summary>
                              <Typography variant="caption">Details</Typography>
                            </summary>
                            <pre style={mono}>{text}</pre>
                          </details>
                        )}
                      </TableCell>
                      <TableCell>{resource.region ?? '—'}</TableCell>
                      <TableCell>{resource.labels.join(', ') || '—'}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </ScrollArea>
        </Section>
      )}

      {finding.compliance && (
        <Section title="Compliance">
          <Box display="flex" flexWrap="wrap" gridGap={24}>
            <Fact label="Control">{finding.compliance.control ?? '—'}</Fact>
            <Fact label="Status">
              {finding.compliance.status ?? '—'}
              {finding.compliance.statusDetail && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  {finding.compliance.statusDetail}
                </Typography>
              )}
            </Fact>
            <Fact label="Standards">
              {finding.compliance.standards.length
                ? finding.compliance.standards.map(s => <div key={s}>{s}</div>)
                : '—'}
            </Fact>
            {finding.compliance.requirements.length > 0 && (
              <Fact label="Requirements">
                {finding.compliance.requirements.map(r => (
                  <div key={r}>{r}</div>
                ))}
              </Fact>
            )}
          </Box>
        </Section>
      )}

      {finding.vulnerabilities.length > 0 && (
        <Section title="Vulnerabilities">
          <ScrollArea aria-label="Vulnerabilities">
            <Table size="small" aria-label="Vulnerabilities">
              <TableHead>
                <TableRow>
                  <TableCell>CVE</TableCell>
                  <TableCell>CVSS</TableCell>
                  <TableCell>Fix available</TableCell>
                  <TableCell>Exploit available</TableCell>
                  <TableCell>Packages</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {finding.vulnerabilities.map((v, i) => (
                  <TableRow key={`${v.cve ?? ''}|${i}`}>
                    <TableCell style={{ whiteSpace: 'nowrap' }}>
                      {v.cve && v.references[0] ? (
                        <Link
                          to={v.references[0]}
                          target="_blank"
                          rel="noopener noreferrer"
                        >
                          {v.cve}
                        </Link>
                      ) : (
                        v.cve ?? '—'
                      )}
                    </TableCell>
                    <TableCell title={v.cvssVector}>
                      {v.cvssScore?.toFixed(1) ?? '—'}
                    </TableCell>
                    <TableCell>{yesNo(v.fixAvailable)}</TableCell>
                    <TableCell>{yesNo(v.exploitAvailable)}</TableCell>
                    <TableCell>
                      {v.packages.length
                        ? v.packages.map((p, j) => (
                            <div key={`${p.name ?? ''}|${j}`}>
                              {p.name ?? 'unnamed'}
                              {p.version ? ` ${p.version}` : ''}
                              {p.fixedInVersion
                                ? `, fixed in ${p.fixedInVersion}`
                                : ''}
                            </div>
                          ))
                        : '—'}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollArea>
        </Section>
      )}

      <Section title="Logs around this finding">
        <ContextRuns
          findingId={finding.id}
          runLink={props.runLink}
          runPauseMs={props.runPauseMs}
        />
      </Section>

      <Box mt={3}>
        <Accordion TransitionProps={{ unmountOnExit: true }}>
          <AccordionSummary expandIcon={<ExpandMore />}>
            <Typography variant="subtitle2">Raw record</Typography>
          </AccordionSummary>
          <AccordionDetails>
            <ScrollArea
              aria-label="Raw record"
              style={{ maxHeight: 480, width: '100%' }}
            >
              <pre style={mono}>{JSON.stringify(finding.raw, null, 2)}</pre>
            </ScrollArea>
          </AccordionDetails>
        </Accordion>
      </Box>
    </>
  );
}

/** Props for {@link FindingDetailDrawer}. @internal */
export interface FindingDetailDrawerProps {
  /** The finding to show; the drawer is closed without one. */
  findingId?: string;
  onClose: () => void;
  runLink?: (run: FindingContextRun) => string | undefined;
  runPauseMs?: number;
}

/**
 * One finding in full: what it is and where, remediation, resources, compliance, vulnerabilities, a link
 * to Security Hub, the logs around it and its raw record.
 *
 * @internal
 */
export function FindingDetailDrawer(props: FindingDetailDrawerProps) {
  const { findingId, onClose } = props;
  const detail = useFinding(findingId);
  // the previous finding's answer stays until the next one's comes: shown only once loading is done
  const finding = findingId ? detail.value : undefined;

  return (
    <Drawer anchor="right" open={!!findingId} onClose={onClose}>
      <Box
        width={880}
        maxWidth="100vw"
        p={3}
        boxSizing="border-box"
        role="region"
        aria-label="Finding details"
      >
        <Box display="flex" alignItems="flex-start" gridGap={12}>
          {finding && <SeverityChip severity={finding.severity} />}
          <Typography variant="h5" component="h2" style={{ flexGrow: 1 }}>
            {finding?.title ?? 'Finding'}
          </Typography>
          <IconButton aria-label="Close" onClick={onClose} size="small">
            <Close />
          </IconButton>
        </Box>
        <Typography
          variant="caption"
          color="textSecondary"
          style={{ wordBreak: 'break-all' }}
        >
          {findingId}
        </Typography>
        <Divider style={{ marginTop: 8 }} />
        {detail.loading && (
          <Box mt={2}>
            <Typography variant="body2" color="textSecondary">
              Reading the finding from the lake…
            </Typography>
            <Progress />
          </Box>
        )}
        {detail.error && (
          <Box mt={2}>
            <LoadError
              error={detail.error}
              what="this finding"
              onRetry={detail.retry}
            />
          </Box>
        )}
        {finding && !detail.loading && (
          <Detail
            // the logs around one finding are not another's
            key={finding.id}
            finding={finding}
            runLink={props.runLink}
            runPauseMs={props.runPauseMs}
          />
        )}
      </Box>
    </Drawer>
  );
}
