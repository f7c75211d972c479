import { AuditorService } from '@backstage/backend-plugin-api';
import {
  Finding,
  FINDING_SEVERITIES,
  FindingSeverity,
} from '@internal/plugin-security-lake-common';
import {
  ActionRegistrar,
  checkOneOf,
  checkRange,
} from '../actions/ActionRegistrar';
import { auditedSubmit } from '../runs/auditedSubmit';
import { RunSubmitter } from '../runs/RunService';
import { FindingsService } from './FindingsService';

/** How long an action waits for the portal's copy of the findings to be read, at most. */
const WAIT_SECONDS = 20;

/** The findings capability's actions: list, get one with its remediation, and the logs around one. @internal */
export function addFindingsActions(
  actions: ActionRegistrar,
  options: {
    findings: FindingsService;
    auditor: AuditorService;
    /** Starts the context runs: library query runs, checked like any. */
    runs: RunSubmitter;
  },
) {
  const { findings, runs, auditor } = options;

  const findingOutput = (z: typeof import('zod/v3').z) =>
    z.object({
      id: z.string(),
      accountId: z.string(),
      region: z.string(),
      title: z.string(),
      severity: z.string(),
      status: z.string(),
      findingType: z.string(),
      product: z.string().optional(),
      resourceType: z.string().optional(),
      resourceUid: z.string().optional(),
      control: z.string().optional(),
      firstSeen: z.string().optional(),
      lastSeen: z.string(),
      reports: z.number(),
      link: z.string().describe('The finding in the portal'),
    });
  const withLink = (f: Finding) => ({
    id: f.id,
    accountId: f.accountId,
    region: f.region,
    title: f.title,
    severity: f.severity,
    status: f.status,
    findingType: f.findingType,
    ...(f.product ? { product: f.product } : {}),
    ...(f.resourceType ? { resourceType: f.resourceType } : {}),
    ...(f.resourceUid ? { resourceUid: f.resourceUid } : {}),
    ...(f.control ? { control: f.control } : {}),
    ...(f.firstSeen ? { firstSeen: f.firstSeen } : {}),
    lastSeen: f.lastSeen,
    reports: f.reports,
    link: actions.portalLink({ tab: 'findings', finding: f.id }),
  });

  actions.register({
    name: 'list-findings',
    serviceReaders: true,
    title: 'List findings in my accounts',
    description: `Security Hub findings (from Security Lake) in the AWS accounts the user owns, latest report of each, most severe first. Filter by severity (${FINDING_SEVERITIES.join(
      ', ',
    )}), workflow status (e.g. New, Notified, Resolved, Suppressed), one accountId, a catalog entityRef, and windowDays (default 7). If "refreshing" is not empty, the portal was still reading those accounts: ask again shortly for the complete list.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    input: z =>
      z.object({
        severity: z
          .array(z.string())
          .optional()
          .describe(`Any of ${FINDING_SEVERITIES.join(', ')}`),
        status: z.array(z.string()).optional(),
        accountId: z
          .string()
          .optional()
          .describe('One 12-digit AWS account id'),
        entityRef: z
          .string()
          .optional()
          .describe('Only accounts linked to this catalog entity'),
        windowDays: z
          .number()
          .optional()
          .describe('Days back from now, default 7'),
        limit: z.number().optional().describe('1-100, default 25'),
        cursor: z
          .string()
          .optional()
          .describe('nextCursor of the previous page'),
      }),
    output: z =>
      z.object({
        total: z.number().describe('Findings matching, across all pages'),
        findings: z.array(findingOutput(z)),
        nextCursor: z.string().optional(),
        window: z.object({ start: z.string(), end: z.string() }),
        refreshing: z
          .array(z.string())
          .describe('account/region pairs still being read'),
        failed: z
          .array(z.object({ accountRegion: z.string(), error: z.string() }))
          .describe('account/region pairs the portal could not read'),
      }),
    action: async ({ input, credentials }) => {
      const list = await findings.list(
        credentials,
        {
          accountId: input.accountId,
          entityRef: input.entityRef,
          windowDays: checkRange('windowDays', input.windowDays, 1, 366),
          severity: checkOneOf<FindingSeverity>(
            'severity',
            input.severity,
            FINDING_SEVERITIES,
          ),
          status: input.status,
        },
        {
          cursor: input.cursor,
          limit: checkRange('limit', input.limit, 1, 100) ?? 25,
          waitSeconds: WAIT_SECONDS,
        },
      );
      return {
        total: list.total,
        findings: list.items.map(withLink),
        ...(list.nextCursor ? { nextCursor: list.nextCursor } : {}),
        window: { start: list.window.start, end: list.window.end },
        refreshing: list.snapshots
          .filter(s => s.state === 'refreshing')
          .map(s => `${s.accountId}/${s.region}`),
        failed: list.snapshots
          .filter(s => s.state === 'failed')
          .map(s => ({
            accountRegion: `${s.accountId}/${s.region}`,
            error: s.error ?? 'unknown error',
          })),
      };
    },
  });

  actions.register({
    name: 'get-finding',
    serviceReaders: true,
    title: 'Get a finding with its remediation',
    description:
      "One finding in full: description, Security Hub's remediation text and references, the affected resources, compliance control and vulnerabilities. Only findings in accounts the user owns; any other id is not found.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    input: z =>
      z.object({
        findingId: z.string().describe('The finding id from list-findings'),
      }),
    output: z =>
      findingOutput(z).extend({
        description: z.string().optional(),
        remediation: z
          .object({
            text: z.string().optional(),
            references: z.array(z.string()),
          })
          .optional(),
        resources: z.array(
          z.object({
            type: z.string().optional(),
            uid: z.string().optional(),
            region: z.string().optional(),
          }),
        ),
        vulnerabilities: z.array(
          z.object({
            cve: z.string().optional(),
            cvssScore: z.number().optional(),
            fixAvailable: z.boolean().optional(),
          }),
        ),
        consoleUrl: z
          .string()
          .describe('The finding in the Security Hub console'),
      }),
    action: async ({ input, credentials }) => {
      const finding = await findings.get(credentials, input.findingId, {
        waitSeconds: WAIT_SECONDS,
      });
      return {
        ...withLink(finding),
        ...(finding.description ? { description: finding.description } : {}),
        ...(finding.remediation ? { remediation: finding.remediation } : {}),
        resources: finding.resources.map(r => ({
          ...(r.type ? { type: r.type } : {}),
          ...(r.uid ? { uid: r.uid } : {}),
          ...(r.region ? { region: r.region } : {}),
        })),
        vulnerabilities: finding.vulnerabilities.map(v => ({
          ...(v.cve ? { cve: v.cve } : {}),
          ...(v.cvssScore !== undefined ? { cvssScore: v.cvssScore } : {}),
          ...(v.fixAvailable !== undefined
            ? { fixAvailable: v.fixAvailable }
            : {}),
        })),
        consoleUrl: finding.consoleUrl,
      };
    },
  });

  actions.register({
    name: 'start-finding-logs',
    title: 'Start the logs around a finding',
    description:
      "Starts library query runs over the logs around one finding, within minutesAround (default 60) of its latest report: CloudTrail calls on its resource, and the VPC Flow and Route 53 traffic of its instance. Returns the run ids (read them with get-run) and the sources skipped, with why. Runs count against the user's team's concurrent-run cap like any run.",
    attributes: { readOnly: false, idempotent: false, destructive: false },
    input: z =>
      z.object({
        findingId: z.string(),
        minutesAround: z.number().optional().describe('5-1440, default 60'),
      }),
    output: z =>
      z.object({
        findingId: z.string(),
        accountId: z.string(),
        region: z.string(),
        window: z.object({ start: z.string(), end: z.string() }),
        runs: z.array(
          z.object({
            source: z.string(),
            queryId: z.string(),
            runId: z.string(),
            title: z.string(),
            link: z.string(),
          }),
        ),
        skipped: z.array(z.object({ source: z.string(), reason: z.string() })),
      }),
    action: async ({ input, credentials }) => {
      const result = await findings.startContextRuns(
        credentials,
        input.findingId,
        {
          minutesAround: checkRange(
            'minutesAround',
            input.minutesAround,
            5,
            1440,
          ),
        },
        // each run is audited as any run is
        request =>
          auditedSubmit(auditor, runs, credentials, request, {
            meta: { findingId: input.findingId },
          }),
      );
      return {
        findingId: result.findingId,
        accountId: result.accountId,
        region: result.region,
        window: result.window,
        runs: result.runs.map(r => ({
          ...r,
          link: actions.portalLink({ tab: 'queries', run: r.runId }),
        })),
        skipped: result.skipped,
      };
    },
  });
}
