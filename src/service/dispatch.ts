// The one boundary every transport goes through: validate against the contract, run the handler, and turn
// any failure into the typed ApiErrorBody.
import { ApiError, parseRequest, type ApiErrorBody, type ApiErrorCode, type Handlers } from '../shared/contract';
import { WorkspaceError, type WorkspaceErrorCode } from './workspace/errors';

/** The store's messages are written for the reviewer already; only the code is mapped. */
const WORKSPACE_CODES: Record<WorkspaceErrorCode, ApiErrorCode> = {
  not_a_workspace: 'workspace_error',
  already_exists: 'workspace_error',
  newer_schema: 'workspace_error',
  damaged: 'workspace_error',
  closed: 'workspace_error',
  conflict: 'conflict',
  locked: 'locked',
  not_found: 'not_found',
  invalid: 'invalid_request',
  nothing_to_undo: 'not_found',
  nothing_to_redo: 'not_found',
};

export type DispatchResult = { ok: true; value: unknown } | ({ ok: false } & ApiErrorBody);

/** The HTTP status a host answers for each error code. */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  unknown_method: 404,
  invalid_request: 400,
  not_found: 404,
  unsupported: 400,
  unauthorized: 401,
  internal: 500,
  conflict: 409,
  locked: 423,
  workspace_error: 409,
};

export async function dispatch(handlers: Handlers, method: string, payload: unknown): Promise<DispatchResult> {
  try {
    const { method: name, request } = parseRequest(method, payload);
    const handler = handlers[name] as (req: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(request) };
  } catch (err) {
    return { ok: false, ...toErrorBody(err) };
  }
}

export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof ApiError) return { error: { code: err.code, message: err.message } };
  if (err instanceof WorkspaceError) return { error: { code: WORKSPACE_CODES[err.code], message: err.message } };
  // Unexpected failures are logged for developers; the message the user sees stays generic but actionable.
  console.error('[policybench] internal error:', err);
  const detail = err instanceof Error ? err.message : String(err);
  return { error: { code: 'internal', message: `Something went wrong inside PolicyBench (${detail.slice(0, 200)}). Try again; if it keeps happening, report it.` } };
}
