// The typed errors of the workspace store. `message` is written for the reviewer; `code` is for code.
export type WorkspaceErrorCode =
  | 'not_a_workspace'
  | 'already_exists'
  | 'newer_schema'
  | 'damaged'
  | 'conflict'
  | 'locked'
  | 'not_found'
  | 'invalid'
  | 'nothing_to_undo'
  | 'nothing_to_redo'
  | 'closed';

export class WorkspaceError extends Error {
  constructor(
    readonly code: WorkspaceErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

export function isWorkspaceError(err: unknown, code?: WorkspaceErrorCode): err is WorkspaceError {
  return err instanceof WorkspaceError && (code === undefined || err.code === code);
}
