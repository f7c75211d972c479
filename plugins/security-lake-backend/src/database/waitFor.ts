/** The first pause between two readings when nothing said the rows changed, in ms. */
const FIRST_PAUSE_MS = 25;
/** The longest pause between two readings: how late a change another replica made may be seen. */
const MAX_PAUSE_MS = 1000;

/**
 * Tells waiters that a store of this process wrote its rows: each store notifies after its writes, so that a
 * wait for a change made here (by this replica's broker, or its findings refresh) wakes at once instead of at
 * its next reading.
 *
 * @internal
 */
export class RowChanges {
  private readonly waiters = new Set<() => void>();

  notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves at the next `notify`, or after `ms`, whichever comes first; `cancel` lets it go early. */
  next(ms: number): { woken: Promise<void>; cancel: () => void } {
    let done = () => {};
    const woken = new Promise<void>(resolve => {
      const timer = setTimeout(() => done(), ms);
      timer.unref?.();
      done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.add(done);
    });
    return { woken, cancel: () => done() };
  }
}

/**
 * The one wait for stored rows: reads until `done` holds or `until` (epoch ms) has passed, and answers the
 * last reading. Between two readings it waits for `changes` to say this process wrote the rows, or, for a
 * change another replica made, a pause that starts at 25 ms and doubles up to a second, so that a long wait
 * asks the database about once a second rather than forty times. `initial` is a reading the caller already
 * has; without it the first reading is taken at once.
 *
 * @internal
 */
export async function waitFor<T>(options: {
  read: () => Promise<T>;
  done: (value: T) => boolean;
  until: number;
  changes?: RowChanges;
  initial?: T;
}): Promise<T> {
  const { read, done, until } = options;
  const changes = options.changes ?? new RowChanges();
  let pause = FIRST_PAUSE_MS;
  const arm = () =>
    changes.next(Math.min(pause, Math.max(until - Date.now(), 0)));
  // each wait is armed before the reading it follows, so that a write during the reading wakes it at once
  let next = arm();
  try {
    let value = 'initial' in options ? (options.initial as T) : await read();
    while (!done(value) && Date.now() < until) {
      await next.woken;
      pause = Math.min(pause * 2, MAX_PAUSE_MS);
      next = arm();
      value = await read();
    }
    return value;
  } finally {
    next.cancel();
  }
}
