import { InputError } from '@backstage/errors';
import {
  Finding,
  FindingDetail,
  FindingSeverity,
  FindingsSnapshotState,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import { Knex } from 'knex';
import { RowChanges } from '../database/waitFor';

const SNAPSHOTS = 'findings_snapshots';
const FINDINGS = 'findings';
const DAILY = 'findings_daily';
/** Rows per INSERT: under SQLite's 999 bound variables for the widest table. */
const INSERT_CHUNK = 60;

/** One account-region whose findings the portal keeps a copy of. @internal */
export interface FindingsPair {
  accountId: string;
  region: string;
  version: SecurityLakeSourceVersion;
}

/** The pairs grouped by the lake table they are read from: one region and source version. @internal */
export function byTable(pairs: FindingsPair[]): FindingsPair[][] {
  const groups = new Map<string, FindingsPair[]>();
  for (const pair of pairs) {
    const key = `${pair.region}|${pair.version}`;
    groups.set(key, [...(groups.get(key) ?? []), pair]);
  }
  return [...groups.values()];
}

/** @internal */
export interface StoredSnapshot extends FindingsSnapshotState {
  version: SecurityLakeSourceVersion;
  claimedBy?: string;
  claimExpiresAt?: number;
  expiresAt: number;
}

/** What the list and the counts are narrowed by. @internal */
export interface FindingsQuery {
  accountIds: string[];
  /** Reported at or after this time (epoch ms). */
  since: number;
  severity?: FindingSeverity[];
  status?: string[];
  findingType?: string;
  product?: string;
  resourceType?: string;
  region?: string;
}

type Cursor = [number, number, string, string, string];

function encodeCursor(row: {
  severity_id: number;
  last_seen: number | string;
  account_id: string;
  region: string;
  finding_uid: string;
}): string {
  const cursor: Cursor = [
    Number(row.severity_id),
    Number(row.last_seen),
    row.account_id,
    row.region,
    row.finding_uid,
  ];
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(value) &&
      value.length === 5 &&
      typeof value[0] === 'number' &&
      typeof value[1] === 'number' &&
      value.slice(2).every(v => typeof v === 'string')
    ) {
      return value as Cursor;
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError('cursor: not a cursor this list gave out');
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

function toSnapshot(row: any): StoredSnapshot {
  return {
    accountId: row.account_id,
    region: row.region,
    version: row.source_version,
    state: row.state,
    ...(row.refreshed_at !== null
      ? { refreshedAt: new Date(Number(row.refreshed_at)).toISOString() }
      : {}),
    ...(row.error ? { error: row.error } : {}),
    ...(row.claimed_by ? { claimedBy: row.claimed_by } : {}),
    ...(row.claim_expires_at !== null
      ? { claimExpiresAt: Number(row.claim_expires_at) }
      : {}),
    expiresAt: Number(row.expires_at),
  };
}

/**
 * The portal's copy of the findings, in the database so every replica shares it: one snapshot row per
 * account-region saying how fresh its copy is and which refresh holds it, the latest report of each
 * finding, and the daily counts. A refresh claims its snapshots with a conditional update, so two requests
 * or two replicas never read the same account-region from the lake at once. Every change to a snapshot tells
 * `changes`, so that a request waiting for this replica's refresh wakes at once.
 *
 * @internal
 */
export class FindingsStore {
  /** Told of every change this process makes to a snapshot. */
  readonly changes = new RowChanges();

  constructor(private readonly db: Knex) {}

  async snapshots(pairs: FindingsPair[]): Promise<StoredSnapshot[]> {
    if (pairs.length === 0) return [];
    const wanted = new Set(pairs.map(p => `${p.accountId}|${p.region}`));
    const rows = await this.db(SNAPSHOTS).whereIn('account_id', [
      ...new Set(pairs.map(p => p.accountId)),
    ]);
    return rows
      .map(toSnapshot)
      .filter(s => wanted.has(`${s.accountId}|${s.region}`));
  }

  /**
   * Claims the pairs whose copy has expired and that no live refresh holds; answers those now held by
   * `token`. A pair another refresh holds, or whose copy is still fresh, is left alone.
   */
  async claim(
    pairs: FindingsPair[],
    token: string,
    now: number,
    claimMs: number,
  ): Promise<FindingsPair[]> {
    if (pairs.length === 0) return [];
    const claim = {
      state: 'refreshing',
      claimed_by: token,
      claim_expires_at: now + claimMs,
    };
    for (const batch of chunks(pairs, INSERT_CHUNK)) {
      await this.db(SNAPSHOTS)
        .insert(
          batch.map(p => ({
            account_id: p.accountId,
            region: p.region,
            source_version: p.version,
            expires_at: 0,
            ...claim,
          })),
        )
        .onConflict(['account_id', 'region'])
        .ignore();
    }
    for (const group of byTable(pairs)) {
      await this.db(SNAPSHOTS)
        .where('region', group[0].region)
        .whereIn(
          'account_id',
          group.map(p => p.accountId),
        )
        .where('expires_at', '<=', now)
        .where(q =>
          q
            .whereNot('state', 'refreshing')
            .orWhere('claim_expires_at', '<', now),
        )
        .update({ ...claim, source_version: group[0].version, error: null });
    }
    this.changes.notify();
    const held = new Set(
      (await this.snapshots(pairs))
        .filter(s => s.claimedBy === token && s.state === 'refreshing')
        .map(s => `${s.accountId}|${s.region}`),
    );
    return pairs.filter(p => held.has(`${p.accountId}|${p.region}`));
  }

  /**
   * Replaces the copy of each pair `token` still holds with what was read, in one transaction, and marks
   * them ready until `expiresAt`. A pair whose claim another refresh took over meanwhile is left to it.
   */
  async complete(options: {
    token: string;
    pairs: FindingsPair[];
    findings: FindingDetail[];
    daily: {
      accountId: string;
      day: string;
      severityId: number;
      findings: number;
    }[];
    windowStart: number;
    refreshedAt: number;
    expiresAt: number;
  }): Promise<void> {
    const { token, pairs } = options;
    await this.db.transaction(async tx => {
      for (const pair of pairs) {
        const updated = await tx(SNAPSHOTS)
          .where({
            account_id: pair.accountId,
            region: pair.region,
            claimed_by: token,
            state: 'refreshing',
          })
          .update({
            state: 'ready',
            claimed_by: null,
            claim_expires_at: null,
            refreshed_at: options.refreshedAt,
            expires_at: options.expiresAt,
            window_start: options.windowStart,
            source_version: pair.version,
            error: null,
          });
        if (!updated) continue;
        const key = { account_id: pair.accountId, region: pair.region };
        await tx(FINDINGS).where(key).delete();
        await tx(DAILY).where(key).delete();
        const findings = options.findings.filter(
          f => f.accountId === pair.accountId,
        );
        for (const batch of chunks(findings, INSERT_CHUNK)) {
          await tx(FINDINGS).insert(
            batch.map(f => {
              // what lists show: the finding without its detail
              const {
                raw,
                description,
                remediation,
                resources,
                compliance,
                vulnerabilities,
                consoleUrl,
                ...item
              } = f;
              return {
                ...key,
                // the region of the table the copy came from, whatever the record says
                finding_uid: f.id,
                severity_id: f.severityId,
                severity: f.severity,
                status: f.status.slice(0, 64),
                finding_type: f.findingType.slice(0, 128),
                product: f.product?.slice(0, 128) ?? null,
                resource_type: f.resourceType?.slice(0, 128) ?? null,
                first_seen: f.firstSeen ? Date.parse(f.firstSeen) : null,
                last_seen: Date.parse(f.lastSeen),
                reports: f.reports,
                item: JSON.stringify(item satisfies Finding),
                record: JSON.stringify(f),
              };
            }),
          );
        }
        const daily = options.daily.filter(d => d.accountId === pair.accountId);
        for (const batch of chunks(daily, INSERT_CHUNK)) {
          await tx(DAILY).insert(
            batch.map(d => ({
              ...key,
              day: d.day,
              severity_id: d.severityId,
              findings: d.findings,
            })),
          );
        }
      }
    });
    this.changes.notify();
  }

  /** Marks the pairs `token` holds as failed; their copy is tried again once `retryAt` has passed. */
  async fail(
    token: string,
    pairs: FindingsPair[],
    error: string,
    retryAt: number,
  ): Promise<void> {
    for (const pair of pairs) {
      await this.db(SNAPSHOTS)
        .where({
          account_id: pair.accountId,
          region: pair.region,
          claimed_by: token,
        })
        .update({
          state: 'failed',
          claimed_by: null,
          claim_expires_at: null,
          expires_at: retryAt,
          error: error.slice(0, 2000),
        });
    }
    this.changes.notify();
  }

  private filtered(query: FindingsQuery): Knex.QueryBuilder {
    const q = this.db(FINDINGS)
      .whereIn('account_id', query.accountIds)
      .where('last_seen', '>=', query.since);
    if (query.severity?.length) q.whereIn('severity', query.severity);
    if (query.status?.length) q.whereIn('status', query.status);
    if (query.findingType) q.where('finding_type', query.findingType);
    if (query.product) q.where('product', query.product);
    if (query.resourceType) q.where('resource_type', query.resourceType);
    if (query.region) q.where('region', query.region);
    return q;
  }

  /** Findings per account, severity and status, and how many of them were first seen since `newSince`. */
  async counts(
    query: FindingsQuery,
    newSince: number,
  ): Promise<
    {
      accountId: string;
      severity: FindingSeverity;
      status: string;
      total: number;
      fresh: number;
    }[]
  > {
    if (query.accountIds.length === 0) return [];
    const rows = await this.filtered(query)
      .select('account_id', 'severity', 'status')
      .count({ total: '*' })
      .sum({
        fresh: this.db.raw('CASE WHEN first_seen >= ? THEN 1 ELSE 0 END', [
          newSince,
        ]),
      })
      .groupBy('account_id', 'severity', 'status');
    return rows.map((r: any) => ({
      accountId: r.account_id,
      severity: r.severity,
      status: r.status,
      total: Number(r.total),
      fresh: Number(r.fresh ?? 0),
    }));
  }

  /** One page, most severe and most recent first, after `cursor`. */
  async list(
    query: FindingsQuery,
    page: { cursor?: string; limit: number },
  ): Promise<{ items: Finding[]; total: number; nextCursor?: string }> {
    if (query.accountIds.length === 0) return { items: [], total: 0 };
    const [{ total }] = await this.filtered(query).count({ total: '*' });
    const q = this.filtered(query)
      .select(
        'account_id',
        'region',
        'finding_uid',
        'severity_id',
        'last_seen',
        'item',
      )
      .orderBy([
        { column: 'severity_id', order: 'desc' },
        { column: 'last_seen', order: 'desc' },
        { column: 'account_id', order: 'asc' },
        { column: 'region', order: 'asc' },
        { column: 'finding_uid', order: 'asc' },
      ])
      .limit(page.limit + 1);
    if (page.cursor) {
      const [severityId, lastSeen, accountId, region, uid] = decodeCursor(
        page.cursor,
      );
      q.where(after =>
        after
          .where('severity_id', '<', severityId)
          .orWhere(w =>
            w
              .where('severity_id', severityId)
              .where('last_seen', '<', lastSeen),
          )
          .orWhere(w =>
            w
              .where('severity_id', severityId)
              .where('last_seen', lastSeen)
              .where(tie =>
                tie
                  .where('account_id', '>', accountId)
                  .orWhere(t =>
                    t
                      .where('account_id', accountId)
                      .where('region', '>', region),
                  )
                  .orWhere(t =>
                    t
                      .where('account_id', accountId)
                      .where('region', region)
                      .where('finding_uid', '>', uid),
                  ),
              ),
          ),
      );
    }
    const rows = await q;
    const more = rows.length > page.limit;
    const kept = rows.slice(0, page.limit);
    return {
      items: kept.map((r: any) => JSON.parse(r.item) as Finding),
      total: Number(total),
      ...(more ? { nextCursor: encodeCursor(kept[kept.length - 1]) } : {}),
    };
  }

  /** The finding with this uid among the accounts, its latest report if two accounts hold it. */
  async get(
    uid: string,
    accountIds: string[],
  ): Promise<FindingDetail | undefined> {
    if (accountIds.length === 0) return undefined;
    const row = await this.db(FINDINGS)
      .where('finding_uid', uid)
      .whereIn('account_id', accountIds)
      .orderBy('last_seen', 'desc')
      .first('record');
    return row ? (JSON.parse(row.record) as FindingDetail) : undefined;
  }

  /** Distinct findings per day and severity, summed over the accounts, from `sinceDay` (`YYYY-MM-DD`). */
  async daily(
    accountIds: string[],
    sinceDay: string,
  ): Promise<{ day: string; severityId: number; findings: number }[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.db(DAILY)
      .whereIn('account_id', accountIds)
      .where('day', '>=', sinceDay)
      .select('day', 'severity_id')
      .sum({ findings: 'findings' })
      .groupBy('day', 'severity_id')
      .orderBy('day');
    return rows.map((r: any) => ({
      day: r.day,
      severityId: Number(r.severity_id),
      findings: Number(r.findings),
    }));
  }
}
