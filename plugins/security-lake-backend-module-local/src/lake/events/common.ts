/** Seeded randomness and the pieces every source's events share. */

/** @internal */
export type Random = () => number;

/** @internal */
export function seededRandom(seed: number): Random {
  // mulberry32: small, fast and good enough for sample data
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function hex(random: Random, length: number): string {
  let out = '';
  while (out.length < length) {
    out += Math.floor(random() * 16).toString(16);
  }
  return out;
}

/**
 * The EC2 instances an account runs in a region: the same few every day, so a finding about one, the flows
 * of its network interface, its DNS lookups and the API calls on it line up, as they do in a real lake.
 * Derived from the account and region alone, so they don't shift the seeded random sequence.
 *
 * @internal
 */
export function workloadInstances(accountId: string, region: string): string[] {
  const random = seededRandom(
    [...`${accountId}:${region}`].reduce(
      (h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0,
      2166136261,
    ),
  );
  return [0, 1, 2].map(() => `i-${hex(random, 17)}`);
}

/** @internal */
export function instanceArn(
  accountId: string,
  region: string,
  instanceId: string,
): string {
  return `arn:aws:ec2:${region}:${accountId}:instance/${instanceId}`;
}

export function uuid(random: Random): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20)}`;
}

/** Formats a time the way DuckDB reads a TIMESTAMP from JSON. */
export function ts(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** @internal */
export interface EventContext {
  random: Random;
  accountId: string;
  region: string;
  /** Epoch milliseconds of the event. */
  time: number;
}

export const SEVERITIES = [
  { id: 1, name: 'Informational' },
  { id: 2, name: 'Low' },
  { id: 3, name: 'Medium' },
  { id: 4, name: 'High' },
  { id: 5, name: 'Critical' },
];

export function observable(
  name: string,
  value: string,
  type: string,
  typeId: number,
) {
  return { name, value, type, type_id: typeId };
}

// Addresses the AWS example queries look for appear now and then, so those queries find something.
export const SOURCE_IPS = [
  '192.0.2.1',
  '192.0.2.2',
  '198.51.100.7',
  '198.51.100.23',
  '203.0.113.10',
  '10.0.1.15',
  '10.0.2.31',
  '172.16.4.9',
];

export function pickWeighted<T extends { weight?: number }>(
  random: Random,
  items: readonly T[],
): T {
  const total = items.reduce((sum, item) => sum + (item.weight ?? 1), 0);
  let r = random() * total;
  for (const item of items) {
    r -= item.weight ?? 1;
    if (r < 0) return item;
  }
  return items[items.length - 1];
}
