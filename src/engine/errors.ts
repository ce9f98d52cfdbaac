// The engine's typed error: every expected failure names the file, a stable code and what to do next.
import type { AnalysisError, AnalysisErrorCode } from '../shared/types';

export class EngineError extends Error {
  constructor(
    readonly code: AnalysisErrorCode,
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }

  toJSON(): AnalysisError {
    return { file: this.file, code: this.code, message: this.message };
  }
}

export function toAnalysisError(file: string, err: unknown): AnalysisError {
  if (err instanceof EngineError) return err.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  return { file, code: 'internal', message: `${file}: unexpected error while analyzing (${message}). Please report this file to the PolicyBench developers.` };
}
