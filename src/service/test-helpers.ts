// For the service's tests: calls into a handler map through dispatch (the contract's validation included), as the
// host and Electron do. `call` returns the value or throws with the error's code; `fail` expects an error.
import type { Handlers } from '../shared/contract';
import { dispatch, type DispatchResult } from './dispatch';

export type Call = <K extends keyof Handlers>(method: K, req: Parameters<Handlers[K]>[0]) => Promise<Awaited<ReturnType<Handlers[K]>>>;

export function callers(h: Handlers): { call: Call; fail: (method: keyof Handlers, req: unknown) => Promise<Extract<DispatchResult, { ok: false }>['error']> } {
  const call: Call = async (method, req) => {
    const r = await dispatch(h, method, req);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as never;
  };
  const fail = async (method: keyof Handlers, req: unknown) => {
    const r = await dispatch(h, method, req);
    if (r.ok) throw new Error(`${method} should have failed`);
    return r.error;
  };
  return { call, fail };
}
