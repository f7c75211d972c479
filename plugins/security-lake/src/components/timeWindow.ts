const HOUR_MS = 3_600_000;

/** The windows offered besides a custom one. */
export const WINDOW_PRESETS = [
  { id: '1h', label: 'Last hour', hours: 1 },
  { id: '24h', label: 'Last 24 hours', hours: 24 },
  { id: '7d', label: 'Last 7 days', hours: 24 * 7 },
  { id: '30d', label: 'Last 30 days', hours: 24 * 30 },
] as const;

/** A preset's id, or `custom`. */
export type WindowChoice = (typeof WINDOW_PRESETS)[number]['id'] | 'custom';

/** `YYYY-MM-DDTHH:mm` in local time, what a `datetime-local` input holds. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
}

/**
 * The last `hours` up to now, rounded up to the minute: the same request a minute later is identical,
 * so the server can answer it from the earlier run.
 */
export function presetWindow(
  hours: number,
  now: number,
): { start: string; end: string } {
  const end = Math.ceil(now / 60_000) * 60_000;
  return {
    start: new Date(end - hours * HOUR_MS).toISOString(),
    end: new Date(end).toISOString(),
  };
}

/** The preset that matches the query's default window, or a custom window of that length. */
export function initialWindow(
  defaultWindowHours: number,
  now: number,
): { choice: WindowChoice; start: string; end: string } {
  const preset = WINDOW_PRESETS.find(p => p.hours === defaultWindowHours);
  const window = presetWindow(defaultWindowHours, now);
  return {
    choice: preset?.id ?? 'custom',
    start: toLocalInput(Date.parse(window.start)),
    end: toLocalInput(Date.parse(window.end)),
  };
}

/** What is wrong with a custom window, per input. */
export function customWindowErrors(
  start: string,
  end: string,
  maxWindowDays?: number,
): { start?: string; end?: string } {
  const s = start ? new Date(start).getTime() : NaN;
  const e = end ? new Date(end).getTime() : NaN;
  let endError: string | undefined;
  if (Number.isNaN(e)) endError = 'Enter an end';
  else if (!Number.isNaN(s) && s >= e) {
    endError = 'The end must come after the start';
  } else if (
    maxWindowDays !== undefined &&
    !Number.isNaN(s) &&
    e - s > maxWindowDays * 86_400_000
  ) {
    endError = `A run may cover at most ${maxWindowDays} days`;
  }
  return {
    start: Number.isNaN(s) ? 'Enter a start' : undefined,
    end: endError,
  };
}

/** The window a choice stands for now: a preset up to now, or the custom inputs as ISO timestamps. */
export function resolveWindow(
  choice: WindowChoice,
  customStart: string,
  customEnd: string,
  now: number,
): { start: string; end: string } {
  if (choice === 'custom') {
    return {
      start: new Date(customStart).toISOString(),
      end: new Date(customEnd).toISOString(),
    };
  }
  return presetWindow(WINDOW_PRESETS.find(p => p.id === choice)!.hours, now);
}
