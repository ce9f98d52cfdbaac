// Test worker for pool.test.ts: burns CPU for `ms` (to measure parallelism), or crashes, or hangs.
import { serveTasks } from './worker-runtime';

export type FixtureTask = { ms: number; label: string; crash?: boolean; fail?: boolean };
export type FixtureOut = { label: string; thread: number; startedAt: number };

serveTasks<FixtureTask, FixtureOut>(async (t) => {
  const startedAt = performance.timeOrigin + performance.now();
  if (t.crash) process.exit(3);
  if (t.fail) throw new Error(`failed ${t.label}`);
  const end = performance.now() + t.ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  const { threadId } = await import('node:worker_threads');
  return { label: t.label, thread: threadId + (x < 0 ? 1 : 0), startedAt };
});
