// The renderer's copy of a failed call: code + message, as every transport reports it.
// (Not contract.ts's ApiError: importing that module would pull zod into the renderer bundle.)
import type { ApiErrorCode } from '../../shared/contract';

export class CallError extends Error {
  constructor(
    readonly code: ApiErrorCode | string,
    message: string,
  ) {
    super(message);
    this.name = 'CallError';
  }
}

export function errorInfo(e: unknown): { code: string; message: string } {
  if (e instanceof CallError) return { code: e.code, message: e.message };
  if (e instanceof Error) {
    // Electron's contextBridge drops custom error properties: the preload sends "[code] message".
    const m = /\[([a-z_]+)\] ([\s\S]*)$/.exec(e.message);
    if (m) return { code: m[1]!, message: m[2]! };
  }
  if (e && typeof e === 'object' && 'message' in e) {
    const code = 'code' in e && typeof e.code === 'string' ? e.code : 'internal';
    return { code, message: String((e as { message: unknown }).message) };
  }
  return { code: 'internal', message: String(e) };
}
