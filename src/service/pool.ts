// A small worker_threads pool: a FIFO queue, one task per worker at a time, cancellation of queued tasks,
// per-task timeouts, and a replacement worker when one crashes or is stopped.
import { availableParallelism } from 'node:os';
import { Worker, type Transferable } from 'node:worker_threads';

/** How to start one worker: a script (a built .js, or the tsx bootstrap) and what it is given. */
export interface WorkerSpec {
  filename: string | URL;
  workerData?: unknown;
  execArgv?: string[];
}

export interface PoolOptions {
  worker: WorkerSpec;
  /** Defaults to cores − 1, at least 1 (DESIGN.md): one core stays free for the caller. */
  size?: number;
  /**
   * Workers the pool may grow to while a batch waits (two or more tasks queued with every worker busy: a bulk
   * import); the extra ones stop after burstIdleMs without work. Default: every core when `size` is not given
   * (defaultBurstSize), else `size` (an explicit size is exact).
   */
  burstSize?: number;
  burstIdleMs?: number;
  /** A task running longer than this is stopped (its worker is replaced) and fails with PoolTimeoutError. */
  taskTimeoutMs?: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called when a worker takes the task (not while it waits in the queue). */
  onStart?: () => void;
  transfer?: Transferable[];
}

export class PoolCancelledError extends Error {
  constructor() {
    super('The task was cancelled before it started.');
    this.name = 'PoolCancelledError';
  }
}

export class PoolTimeoutError extends Error {
  constructor(ms: number) {
    super(`The task did not finish within ${Math.round(ms / 1000)} s and was stopped.`);
    this.name = 'PoolTimeoutError';
  }
}

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * Workers for a batch: every core. While a batch runs, the caller's thread only commits results (a few ms per
 * policy), so the last core is better spent on the engine: on 2 cores, 1,000 policies take about half as long.
 */
export function defaultBurstSize(): number {
  return Math.max(defaultPoolSize(), availableParallelism());
}

interface Task<In, Out> {
  id: number;
  input: In;
  opts: RunOptions;
  resolve: (out: Out) => void;
  reject: (err: Error) => void;
  onAbort?: () => void;
}

interface Slot<In, Out> {
  worker: Worker;
  /** The worker has loaded its entry (serveTasks posted 'ready'): a task's timeout runs from then on. */
  ready: boolean;
  /**
   * Tasks posted to the worker, in order: the first is running, the others wait in the worker's own queue
   * (PIPELINE_DEPTH). The worker answers in this order.
   */
  tasks: Task<In, Out>[];
  timer?: NodeJS.Timeout;
  /** A burst worker's idle countdown (it stops when it fires). */
  idle?: NodeJS.Timeout;
}

/**
 * Tasks a worker holds at most during a batch: the running one and the next. When a worker answers it goes on
 * with the next task at once instead of waiting for this thread to take the answer (structured-clone
 * deserialization, ~0.5 ms per policy) and send it another. That wait is short while this thread is idle (the
 * bench) and long while it is busy (an import into a workspace writes copies, cache files and the journal here).
 * A second task is only posted when the queue is longer than the idle workers, so a single import or a
 * cancelled batch loses nothing: a task waiting in a worker's queue is cancelled there.
 */
export const PIPELINE_DEPTH = 2;

/** Messages between the pool and a worker (see worker-runtime.ts for the other side). */
export type ToWorker<In> = { id: number; input: In } | { cancel: number };
export type FromWorker<Out> = { id: number; ok: true; output: Out } | { id: number; ok: false; message: string } | { ready: true };

export class WorkerPool<In, Out> {
  readonly size: number;
  readonly burstSize: number;
  private readonly queue: Task<In, Out>[] = [];
  private readonly slots: Slot<In, Out>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
    this.burstSize = Math.max(this.size, Math.floor(options.burstSize ?? (options.size === undefined ? defaultBurstSize() : this.size)));
  }

  /** Runs INPUT on the next free worker. Rejects with PoolCancelledError if SIGNAL aborts while queued. */
  run(input: In, opts: RunOptions = {}): Promise<Out> {
    if (this.closed) return Promise.reject(new Error('The worker pool is closed.'));
    if (opts.signal?.aborted) return Promise.reject(new PoolCancelledError());
    return new Promise<Out>((resolve, reject) => {
      const task: Task<In, Out> = { id: this.nextId++, input, opts, resolve, reject };
      if (opts.signal) {
        task.onAbort = () => {
          const i = this.queue.indexOf(task);
          if (i >= 0) this.queue.splice(i, 1);
          if (i >= 0 || this.withdraw(task)) reject(new PoolCancelledError());
          // A running task finishes; the caller decides what its result means after a cancel.
        };
        opts.signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.pump();
    });
  }

  /** Workers currently started (for tests and diagnostics). */
  get workerCount(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) this.settle(t, new Error('The worker pool was closed.'));
    await Promise.all(
      this.slots.splice(0).map(async (s) => {
        if (s.timer) clearTimeout(s.timer);
        if (s.idle) clearTimeout(s.idle);
        for (const t of s.tasks.splice(0)) this.settle(t, new Error('The worker pool was closed.'));
        await s.worker.terminate();
      }),
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.tasks.length === 0);
      // A batch (more than one task waiting, every worker busy) may use the burst workers too.
      const limit = this.queue.length > 1 ? this.burstSize : this.size;
      if (!slot && this.slots.length < limit) slot = this.spawn();
      // Every worker busy and no more may start: queue the next task in a ready worker that has only one.
      slot ??= this.slots.find((s) => s.ready && s.tasks.length < PIPELINE_DEPTH);
      if (!slot) return this.reapLater();
      const task = this.queue.shift()!;
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = undefined;
      slot.tasks.push(task);
      slot.worker.ref();
      if (slot.tasks.length === 1) this.started(slot);
      const msg: ToWorker<In> = { id: task.id, input: task.input };
      slot.worker.postMessage(msg, task.opts.transfer ?? []);
    }
  }

  /** The slot's first task has started (the worker took it): its timeout runs, the caller hears of it. */
  private started(slot: Slot<In, Out>): void {
    const task = slot.tasks[0];
    if (!task) return;
    if (slot.ready) this.startTimer(slot);
    try {
      task.opts.onStart?.();
    } catch {
      // A progress callback's failure is not the task's.
    }
  }

  /** A task waiting in a worker's queue was cancelled: the worker drops it; a late answer for it is ignored. */
  private withdraw(task: Task<In, Out>): boolean {
    for (const slot of this.slots) {
      const i = slot.tasks.indexOf(task);
      if (i <= 0) continue; // not here, or running (a running task finishes)
      slot.tasks.splice(i, 1);
      const msg: ToWorker<In> = { cancel: task.id };
      slot.worker.postMessage(msg);
      return true;
    }
    return false;
  }

  /** Starting a worker (loading tsx and the engine) can take seconds on a busy machine; that is not the task's time. */
  private startTimer(slot: Slot<In, Out>): void {
    const timeout = this.options.taskTimeoutMs;
    if (timeout && slot.tasks.length > 0 && !slot.timer) slot.timer = setTimeout(() => this.fail(slot, new PoolTimeoutError(timeout)), timeout);
  }

  private spawn(): Slot<In, Out> {
    const { filename, workerData, execArgv } = this.options.worker;
    const worker = new Worker(filename, { workerData, execArgv });
    const slot: Slot<In, Out> = { worker, ready: false, tasks: [] };
    worker.unref();
    worker.on('message', (msg: FromWorker<Out>) => {
      if ('ready' in msg) {
        slot.ready = true;
        this.startTimer(slot);
        return;
      }
      const i = slot.tasks.findIndex((t) => t.id === msg.id);
      if (i < 0) return; // a task withdrawn after the worker had started it
      const [task] = slot.tasks.splice(i, 1);
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = undefined;
      if (msg.ok) this.settle(task!, undefined, msg.output);
      else this.settle(task!, new Error(msg.message));
      if (slot.tasks.length === 0) worker.unref();
      else this.started(slot);
      this.pump();
      this.reapLater();
    });
    worker.on('error', (err) => this.fail(slot, err instanceof Error ? err : new Error(String(err))));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) this.fail(slot, new Error(`The analysis worker stopped unexpectedly (exit code ${code}).`));
    });
    this.slots.push(slot);
    return slot;
  }

  /** Idle workers beyond `size` (started for a batch) stop after burstIdleMs without work. */
  private reapLater(): void {
    if (this.slots.length <= this.size || this.queue.length > 0) return;
    const ms = this.options.burstIdleMs ?? 3000;
    // The workers started last are the burst's; the first `size` stay warm.
    for (const slot of this.slots.slice(this.size)) {
      if (slot.tasks.length > 0 || slot.idle) continue;
      slot.idle = setTimeout(() => {
        slot.idle = undefined;
        if (slot.tasks.length > 0 || this.slots.length <= this.size || !this.slots.includes(slot)) return;
        this.slots.splice(this.slots.indexOf(slot), 1);
        void slot.worker.terminate();
      }, ms);
      slot.idle.unref?.();
    }
  }

  /** Drops a broken or stuck worker, fails its task, and lets the queue continue on a fresh one. */
  private fail(slot: Slot<In, Out>, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idle) clearTimeout(slot.idle);
    const [task, ...waiting] = slot.tasks.splice(0);
    void slot.worker.terminate();
    // The tasks queued behind it never started: they go back to the front of the queue.
    this.queue.unshift(...waiting);
    if (task) this.settle(task, err);
    if (!this.closed) this.pump();
  }

  private settle(task: Task<In, Out>, err?: Error, out?: Out): void {
    if (task.onAbort) task.opts.signal?.removeEventListener('abort', task.onAbort);
    if (err) task.reject(err);
    else task.resolve(out as Out);
  }
}
