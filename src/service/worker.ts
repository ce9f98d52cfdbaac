// Worker entry: runs the engine on one file per message. Loaded by the pool from the electron-vite build
// (out/main) or, under tsx, through tsx-worker.mjs.
import { analyzeBytes, readPolicyFileSync } from '../engine/analyze';
import { toAnalysisError } from '../engine/errors';
import type { EngineResult, EngineTask } from './engine-task';
import { serveTasks } from './worker-runtime';
import path from 'node:path';

serveTasks<EngineTask, EngineResult>(async (task) => {
  const name = task.kind === 'bytes' ? task.fileName : path.basename(task.path);
  try {
    // A worker thread may block on its own reads (see readPolicyFileSync).
    const analysis = task.kind === 'bytes' ? await analyzeBytes(task.bytes, task.fileName) : await analyzeBytes(readPolicyFileSync(task.path), name);
    return { ok: true, analysis };
  } catch (err) {
    return { ok: false, error: toAnalysisError(name, err) };
  }
});
