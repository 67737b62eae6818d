import { describe, expect, it } from 'vitest';
import { InFlight } from '../../cli/in-flight.ts';

/** Runs tasks of the given sizes through `limit`, each until released; records what ran together. */
function harness(limit: InFlight) {
  const running = new Map<string, { size: number; release: () => void }>();
  const started: string[] = [];
  let peakBytes = 0;
  let peakCount = 0;
  const submit = (name: string, size: number) =>
    limit.run(size, () => {
      started.push(name);
      return new Promise<void>((release) => {
        running.set(name, { size, release });
        peakCount = Math.max(peakCount, running.size);
        peakBytes = Math.max(
          peakBytes,
          [...running.values()].reduce((n, r) => n + r.size, 0),
        );
      });
    });
  const finish = async (name: string) => {
    running.get(name)!.release();
    running.delete(name);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { submit, finish, started, peaks: () => ({ peakBytes, peakCount }) };
}

describe('documents in flight during a load', () => {
  it('hold at most the byte budget: large scans wait for room, first come first served', async () => {
    const h = harness(new InFlight(16, 100));
    for (const [name, size] of [
      ['a', 40],
      ['b', 40],
      ['c', 40],
      ['d', 5],
    ] as const)
      void h.submit(name, size);
    await new Promise((resolve) => setImmediate(resolve));
    // c does not fit; d would, but does not pass c.
    expect(h.started).toEqual(['a', 'b']);
    await h.finish('a');
    expect(h.started).toEqual(['a', 'b', 'c', 'd']);
    expect(h.peaks().peakBytes).toBeLessThanOrEqual(100);
  });

  it('a file larger than the whole budget runs once it has the budget to itself', async () => {
    const h = harness(new InFlight(16, 100));
    void h.submit('small', 10);
    void h.submit('huge', 500);
    void h.submit('after', 10);
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.started).toEqual(['small']);
    await h.finish('small');
    expect(h.started).toEqual(['small', 'huge']);
    await h.finish('huge');
    expect(h.started).toEqual(['small', 'huge', 'after']);
  });

  it('hold at most the count, however small the files', async () => {
    const h = harness(new InFlight(3, 100));
    for (const name of ['a', 'b', 'c', 'd', 'e']) void h.submit(name, 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.started).toEqual(['a', 'b', 'c']);
    await h.finish('b');
    expect(h.started).toEqual(['a', 'b', 'c', 'd']);
    expect(h.peaks().peakCount).toBe(3);
  });
});
