// The engine behind the pool: one call per file, with start notification and cancellation.
import type { AnalysisError } from '../shared/types';
import type { EngineResult, EngineTask } from './engine-task';
import { PoolCancelledError, PoolTimeoutError, WorkerPool, type PoolOptions, type RunOptions } from './pool';

export interface Analyzer {
  analyze(task: EngineTask, opts?: Pick<RunOptions, 'signal' | 'onStart'>): Promise<EngineResult | { ok: false; cancelled: true }>;
  close(): Promise<void>;
}

/** A generous bound: the engine's own limits (20 MB input) keep real files far below it. */
export const DEFAULT_TASK_TIMEOUT_MS = 120_000;

export class PoolAnalyzer implements Analyzer {
  readonly pool: WorkerPool<EngineTask, EngineResult>;

  constructor(options: PoolOptions) {
    this.pool = new WorkerPool({ taskTimeoutMs: DEFAULT_TASK_TIMEOUT_MS, ...options });
  }

  async analyze(task: EngineTask, opts: Pick<RunOptions, 'signal' | 'onStart'> = {}): Promise<EngineResult | { ok: false; cancelled: true }> {
    const file = task.kind === 'bytes' ? task.fileName : task.path.split(/[\\/]/).pop()!;
    // Transfer the bytes' buffer when the view covers all of it; a slice of a bigger buffer is copied.
    const transfer =
      task.kind === 'bytes' && task.bytes.byteOffset === 0 && task.bytes.byteLength === task.bytes.buffer.byteLength && task.bytes.buffer instanceof ArrayBuffer
        ? [task.bytes.buffer]
        : [];
    try {
      return await this.pool.run(task, { ...opts, transfer });
    } catch (err) {
      if (err instanceof PoolCancelledError) return { ok: false, cancelled: true };
      const error: AnalysisError =
        err instanceof PoolTimeoutError
          ? { file, code: 'timeout', message: `${file}: analysis took too long and was stopped. ${err.message} Try saving the policy as plain text.` }
          : { file, code: 'internal', message: `${file}: the analysis worker failed (${(err as Error).message}). Please report this file to the PolicyBench developers.` };
      return { ok: false, error };
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
