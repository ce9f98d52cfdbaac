// The worker side of pool.ts: answers each { id, input } with { id, ok, output | message }, one task at a time
// in the order they came (the pool may post the next task while one runs, see PIPELINE_DEPTH); { cancel: id }
// drops a task that has not started.
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './pool';

export function serveTasks<In, Out>(handle: (input: In) => Promise<Out>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run inside a worker thread.');
  const waiting: { id: number; input: In }[] = [];
  let running = false;
  const drain = async (): Promise<void> => {
    if (running) return;
    running = true;
    for (let msg = waiting.shift(); msg; msg = waiting.shift()) {
      let reply: FromWorker<Out>;
      try {
        reply = { id: msg.id, ok: true, output: await handle(msg.input) };
      } catch (err) {
        reply = { id: msg.id, ok: false, message: err instanceof Error ? err.message : String(err) };
      }
      port.postMessage(reply);
    }
    running = false;
  };
  port.on('message', (msg: ToWorker<In>) => {
    if ('cancel' in msg) {
      const i = waiting.findIndex((w) => w.id === msg.cancel);
      if (i >= 0) waiting.splice(i, 1);
      return;
    }
    waiting.push(msg);
    void drain();
  });
  const ready: FromWorker<Out> = { ready: true };
  port.postMessage(ready);
}
