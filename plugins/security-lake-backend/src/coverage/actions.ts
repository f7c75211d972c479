import {
  COVERAGE_GAP_REMEDIATION,
  COVERAGE_GAPS,
  CoverageHealth,
} from '@internal/plugin-security-lake-common';
import { ActionRegistrar, checkOneOf, checkRange } from '../actions/ActionRegistrar';
import { CoverageService } from './CoverageService';

/** The coverage capability's action: the caller's accounts and where their coverage falls short. @internal */
export function addCoverageActions(
  actions: ActionRegistrar,
  options: { coverage: CoverageService },
) {
  const { coverage } = options;

  actions.register({
    name: 'list-coverage-gaps',
    serviceReaders: true,
    title: 'List my accounts and their coverage gaps',
    description: `The AWS accounts the user owns (through their teams in the catalog) and, for each, every source and region where Security Lake coverage falls short: "absent" (not collected), "stale" (collected, but no data within the threshold), "misconfigured" or "not_collecting" as Security Lake reports them, with what to do about each. Accounts without a gap are counted but not listed. Narrow it with entityRef (a system or component) or health.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    input: z =>
      z.object({
        entityRef: z
          .string()
          .optional()
          .describe(
            'Only the accounts linked to this catalog entity, e.g. system:default/payments',
          ),
        health: z
          .array(z.string())
          .optional()
          .describe(`Only gaps of these kinds: ${COVERAGE_GAPS.join(', ')}`),
        limit: z
          .number()
          .optional()
          .describe('At most this many accounts with gaps (1-50, default 20)'),
      }),
    output: z =>
      z.object({
        accounts: z.number().describe('Accounts the user may see'),
        accountsWithGaps: z.number(),
        gaps: z.array(
          z.object({
            accountId: z.string(),
            title: z.string().optional(),
            owners: z.array(z.string()),
            source: z.string(),
            region: z.string(),
            health: z.string(),
            lastEventAt: z.string().optional(),
            remediation: z.string(),
          }),
        ),
        more: z
          .boolean()
          .describe('More accounts have gaps than were listed: raise limit or narrow'),
        refreshedAt: z
          .string()
          .optional()
          .describe('When coverage was last read from Security Lake'),
      }),
    action: async ({ input, credentials }) => {
      const health =
        checkOneOf<CoverageHealth>('health', input.health, COVERAGE_GAPS) ??
        [...COVERAGE_GAPS];
      const limit = checkRange('limit', input.limit, 1, 50) ?? 20;
      const all = await coverage.list(
        credentials,
        { entityRef: input.entityRef },
        { limit: 1 },
      );
      const page = await coverage.list(
        credentials,
        { entityRef: input.entityRef, health },
        { limit },
      );
      const wanted = new Set<string>(health);
      const gaps = [];
      for (const row of page.items) {
        const detail = await coverage.getAccount(credentials, row.accountId);
        // as the account's drawer shows it: a native source missing in a region the account sends anything
        // from is absent there; a custom source applies only where it is configured
        const regions = [...new Set(detail.cells.map(c => c.region))];
        const missing = detail.sources
          .filter(s => s.kind === 'native')
          .flatMap(s =>
            regions
              .filter(
                region =>
                  !detail.cells.some(
                    c => c.source === s.key && c.region === region,
                  ),
              )
              .map(region => ({
                source: s.key,
                region,
                health: 'absent' as const,
                lastEventAt: undefined,
                exceptions: undefined,
              })),
          );
        for (const cell of [...detail.cells, ...missing]) {
          if (!wanted.has(cell.health) || cell.health === 'healthy') continue;
          const exception = cell.exceptions?.find(e => e.remediation);
          gaps.push({
            accountId: row.accountId,
            ...(row.title ? { title: row.title } : {}),
            owners: row.owners,
            source: cell.source,
            region: cell.region,
            health: cell.health,
            ...(cell.lastEventAt ? { lastEventAt: cell.lastEventAt } : {}),
            remediation: exception?.remediation
              ? `${exception.exception}: ${exception.remediation}`
              : COVERAGE_GAP_REMEDIATION[cell.health],
          });
        }
      }
      return {
        accounts: all.summary.accounts,
        accountsWithGaps: page.summary.accounts,
        gaps,
        more: Boolean(page.nextCursor),
        ...(page.refresh.refreshedAt
          ? { refreshedAt: page.refresh.refreshedAt }
          : {}),
      };
    },
  });
}
