import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { FixtureOut, FixtureTask } from './pool.fixture-worker';
import { PoolCancelledError, PoolTimeoutError, WorkerPool, defaultPoolSize } from './pool';
import { tsxWorkerSpec } from './worker-spec';

const spec = tsxWorkerSpec(new URL('./pool.fixture-worker.ts', import.meta.url));
const pools: WorkerPool<FixtureTask, FixtureOut>[] = [];
const makePool = (size: number, taskTimeoutMs?: number) => {
  const p = new WorkerPool<FixtureTask, FixtureOut>({ worker: spec, size, taskTimeoutMs });
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/** Runs FN while a 5 ms timer ticks on this thread; returns the longest gap between ticks. */
async function maxTimerGap<T>(fn: () => Promise<T>): Promise<{ value: T; gap: number }> {
  let last = performance.now();
  let gap = 0;
  const t = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 5);
  try {
    return { value: await fn(), gap };
  } finally {
    clearInterval(t);
  }
}

async function timeBatch(size: number, n: number, ms: number) {
  const pool = makePool(size);
  await Promise.all(Array.from({ length: size }, (_, i) => pool.run({ ms: 1, label: `warm${i}` }))); // start the workers
  const t0 = performance.now();
  const { value, gap } = await maxTimerGap(() => Promise.all(Array.from({ length: n }, (_, i) => pool.run({ ms, label: `f${i}` }))));
  return { elapsed: performance.now() - t0, gap, threads: new Set(value.map((v) => v.thread)).size };
}

describe('WorkerPool', () => {
  it('defaults to cores − 1, at least 1', () => {
    expect(defaultPoolSize()).toBe(Math.max(1, availableParallelism() - 1));
  });

  it('runs 20 CPU-bound tasks in parallel without blocking the caller', async () => {
    const size = Math.max(2, Math.min(4, availableParallelism()));
    const one = await timeBatch(1, 20, 60);
    const many = await timeBatch(size, 20, 60);
    const speedup = one.elapsed / many.elapsed;
    console.log(`pool: 20 × 60 ms CPU tasks: 1 worker ${one.elapsed.toFixed(0)} ms, ${size} workers ${many.elapsed.toFixed(0)} ms (×${speedup.toFixed(2)}), max event-loop gap ${many.gap.toFixed(1)} ms`);
    expect(many.threads).toBe(size);
    // Real parallelism needs real cores; on one core the pool can only share it.
    if (availableParallelism() >= 2) expect(speedup).toBeGreaterThan(1.3);
    expect(many.gap).toBeLessThan(250); // a blocked loop would stall for the whole batch (~1 s); other test files share these cores
    expect(one.gap).toBeLessThan(250);
  }, 30_000);

  it('grows to burstSize for a batch, stays at size for one task at a time, and stops the extra workers when idle', async () => {
    const pool = new WorkerPool<FixtureTask, FixtureOut>({ worker: spec, size: 1, burstSize: 2, burstIdleMs: 200 });
    pools.push(pool);
    await pool.run({ ms: 1, label: 'single' });
    await pool.run({ ms: 1, label: 'single again' });
    expect(pool.workerCount).toBe(1);
    const out = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.run({ ms: 40, label: `b${i}` })));
    expect(new Set(out.map((o) => o.thread)).size).toBe(2);
    await new Promise((r) => setTimeout(r, 600));
    expect(pool.workerCount).toBe(1);
    expect((await pool.run({ ms: 1, label: 'after' })).label).toBe('after');
  }, 30_000);

  it('cancels queued tasks but lets running ones finish', async () => {
    const pool = makePool(1);
    const ac = new AbortController();
    const started: string[] = [];
    const run = (label: string) => pool.run({ ms: 150, label }, { signal: ac.signal, onStart: () => started.push(label) });
    const a = run('a');
    const b = run('b');
    const c = run('c');
    await new Promise((r) => setTimeout(r, 50));
    ac.abort();
    const [ra, rb, rc] = await Promise.allSettled([a, b, c]);
    expect(ra).toMatchObject({ status: 'fulfilled', value: { label: 'a' } });
    expect(rb).toMatchObject({ status: 'rejected', reason: expect.any(PoolCancelledError) });
    expect(rc).toMatchObject({ status: 'rejected', reason: expect.any(PoolCancelledError) });
    expect(started).toEqual(['a']);
    await expect(pool.run({ ms: 1, label: 'd' })).resolves.toMatchObject({ label: 'd' });
  }, 20_000);

  it('replaces a crashed worker and reports the task as failed', async () => {
    const pool = makePool(1);
    await expect(pool.run({ ms: 0, label: 'x', crash: true })).rejects.toThrow(/stopped unexpectedly/);
    await expect(pool.run({ ms: 0, label: 'y', fail: true })).rejects.toThrow('failed y');
    await expect(pool.run({ ms: 1, label: 'z' })).resolves.toMatchObject({ label: 'z' });
  }, 20_000);

  it('stops a task that runs past its timeout', async () => {
    const pool = makePool(1, 300);
    await pool.run({ ms: 1, label: 'warm' }); // the first start includes loading tsx
    await expect(pool.run({ ms: 5_000, label: 'slow' })).rejects.toBeInstanceOf(PoolTimeoutError);
    await expect(pool.run({ ms: 1, label: 'next' })).resolves.toMatchObject({ label: 'next' });
  }, 20_000);

  it('keeps a busy worker going: the next task starts while this thread is blocked, and runs in order', async () => {
    const pool = makePool(1);
    await pool.run({ ms: 1, label: 'warm' });
    const t0 = performance.timeOrigin + performance.now();
    const a = pool.run({ ms: 100, label: 'a' });
    const b = pool.run({ ms: 50, label: 'b' });
    // Block this thread from +20 to +320 ms: a's answer waits here, but b is already in the worker's queue.
    await new Promise<void>((r) =>
      setTimeout(() => {
        const end = performance.now() + 300;
        while (performance.now() < end);
        r();
      }, 20),
    );
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.label).toBe('a');
    expect(rb.label).toBe('b');
    expect(rb.startedAt - t0).toBeLessThan(280);
  }, 20_000);

  it('gives the task waiting behind a crashed or stuck one to a fresh worker instead of failing it', async () => {
    const pool = makePool(1, 400);
    await pool.run({ ms: 1, label: 'warm' });
    const crash = pool.run({ ms: 50, label: 'x', crash: true });
    const after = pool.run({ ms: 1, label: 'after crash' });
    await expect(crash).rejects.toThrow(/stopped unexpectedly/);
    await expect(after).resolves.toMatchObject({ label: 'after crash' });
    const slow = pool.run({ ms: 5_000, label: 'slow' });
    const next = pool.run({ ms: 1, label: 'after timeout' });
    await expect(slow).rejects.toBeInstanceOf(PoolTimeoutError);
    await expect(next).resolves.toMatchObject({ label: 'after timeout' });
  }, 20_000);
});
