// The worker side of pool.ts: answers each { id, input } with { id, ok, output | message }.
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './pool';

export function serveTasks<In, Out>(handle: (input: In) => Promise<Out>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run inside a worker thread.');
  port.on('message', async (msg: ToWorker<In>) => {
    let reply: FromWorker<Out>;
    try {
      reply = { id: msg.id, ok: true, output: await handle(msg.input) };
    } catch (err) {
      reply = { id: msg.id, ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
  const ready: FromWorker<Out> = { ready: true };
  port.postMessage(ready);
}
