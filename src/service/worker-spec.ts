// Worker specs for running from TypeScript sources under tsx. Electron main uses its bundled worker instead
// (src/main imports '../service/worker?modulePath'), so this module stays out of the Electron build.
import type { WorkerSpec } from './pool';

/** A spec that runs the TypeScript module ENTRY (a file URL) in a worker, via the tsx bootstrap. */
export function tsxWorkerSpec(entry: URL, extraData: Record<string, unknown> = {}): WorkerSpec {
  return { filename: new URL('./tsx-worker.mjs', import.meta.url), workerData: { ...extraData, entry: entry.href } };
}

/** The engine worker, run from sources. */
export function engineWorkerFromSources(): WorkerSpec {
  return tsxWorkerSpec(new URL('./worker.ts', import.meta.url));
}
