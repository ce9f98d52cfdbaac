// What the engine worker is asked to do and what it answers. Expected failures come back as data, not throws.
import type { AnalysisError, PolicyAnalysis } from '../shared/types';

export type EngineTask = { kind: 'bytes'; bytes: Uint8Array; fileName: string } | { kind: 'path'; path: string };

export type EngineResult = { ok: true; analysis: PolicyAnalysis } | { ok: false; error: AnalysisError };
