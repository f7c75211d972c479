import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/**
 * Runs a state-changing action inside an auditor event: success with the action's metadata, or the
 * failure with its error, which is rethrown. Query runs (`query-run`, context runs too) and cancels, team
 * query saves, edits and deletes (`saved-query-*`) and coverage refresh requests (`coverage-refresh`) go
 * through here. Subscriber requests do not: every transition of theirs, whoever makes it (a person or the
 * provisioner), is audited by the transition listener (`subscriber-request-mutate`, subscribers/transitions.ts).
 *
 * @internal
 */
export async function audited<T>(
  auditor: AuditorService,
  event: {
    eventId: string;
    request?: AuditorServiceCreateEventOptions['request'];
    meta?: JsonObject;
    severityLevel?: 'low' | 'medium' | 'high' | 'critical';
  },
  action: () => Promise<{ result: T; meta?: JsonObject }>,
): Promise<T> {
  const auditEvent = await auditor.createEvent({
    severityLevel: 'medium',
    ...event,
  });
  try {
    const { result, meta } = await action();
    await auditEvent.success(meta ? { meta } : undefined);
    return result;
  } catch (error) {
    await auditEvent.fail({ error: error as Error });
    throw error;
  }
}
