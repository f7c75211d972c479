import { RowChanges, waitFor } from './waitFor';

describe('waitFor', () => {
  it('answers the first reading that is done, without waiting', async () => {
    const read = jest.fn(async () => 'done');
    const started = Date.now();
    await expect(
      waitFor({ read, done: v => v === 'done', until: Date.now() + 10_000 }),
    ).resolves.toBe('done');
    expect(read).toHaveBeenCalledTimes(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('takes a reading the caller has, and reads nothing when it is done', async () => {
    const read = jest.fn(async () => 'other');
    await expect(
      waitFor({
        read,
        done: v => v === 'done',
        until: Date.now() + 10_000,
        initial: 'done',
      }),
    ).resolves.toBe('done');
    expect(read).not.toHaveBeenCalled();
  });

  it('wakes at once when this process wrote the rows', async () => {
    const changes = new RowChanges();
    let value = 'running';
    const read = jest.fn(async () => value);
    const waiting = waitFor({
      read,
      done: v => v === 'ended',
      until: Date.now() + 60_000,
      changes,
      initial: value,
    });
    // long enough for the pauses to have grown past a second were nothing to wake it
    await new Promise(r => setTimeout(r, 1500));
    const reads = read.mock.calls.length;
    value = 'ended';
    const woken = Date.now();
    changes.notify();
    await expect(waiting).resolves.toBe('ended');
    expect(Date.now() - woken).toBeLessThan(200);
    expect(read.mock.calls.length).toBe(reads + 1);
  });

  it('reads again at once when the rows changed while it was reading', async () => {
    const changes = new RowChanges();
    let value = 'running';
    const read = jest.fn(async () => {
      const seen = value;
      if (read.mock.calls.length === 2) {
        // written by this process while the second reading was under way
        value = 'ended';
        changes.notify();
      }
      return seen;
    });
    const started = Date.now();
    await expect(
      waitFor({
        read,
        done: v => v === 'ended',
        until: Date.now() + 60_000,
        changes,
      }),
    ).resolves.toBe('ended');
    expect(read).toHaveBeenCalledTimes(3);
    // 25 ms before the second reading, none before the third
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('asks less and less often while nothing changes, and answers the last reading when the wait is over', async () => {
    const read = jest.fn(async () => 'running');
    const started = Date.now();
    await expect(
      waitFor({ read, done: v => v === 'ended', until: Date.now() + 2000 }),
    ).resolves.toBe('running');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1900);
    expect(took).toBeLessThan(3000);
    // 25, 50, 100, 200, 400, 800 ms ... rather than every 25 ms (80 readings)
    expect(read.mock.calls.length).toBeLessThanOrEqual(9);
    expect(read.mock.calls.length).toBeGreaterThanOrEqual(6);
  });
});
