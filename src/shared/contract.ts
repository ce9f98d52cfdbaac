// The API contract: one typed handler map, validated at every boundary (IPC in Electron, HTTP in the host).
// Each call is named domain-first, verb-last. Handlers are plain async functions (request) => response.
import { z } from 'zod';
import type { AnalysisError, CheckResults, Matrix, PolicyAnalysis, PolicySummary } from './types';

const policyId = z.string().regex(/^[0-9a-f]{16}$/, 'a policy id is 16 lowercase hex digits');
const jobId = z.string().min(1).max(64);

/** A file handed over by content (drag-and-drop in either host, or the browser's file picker). */
export const fileUploadSchema = z.object({
  name: z.string().min(1).max(1024),
  /** Path inside a dropped folder, for messages only. */
  relativePath: z.string().max(4096).optional(),
  /** The bytes, base64-encoded. 30 MB of base64 covers the engine's 20 MB limit with room for the typed error. */
  dataBase64: z.string().max(30 * 1024 * 1024),
});
export type FileUpload = z.infer<typeof fileUploadSchema>;

export const requestSchemas = {
  'app-info': z.object({}).strict(),
  'policies-list': z.object({}).strict(),
  'policy-get': z.object({ policyId }).strict(),
  /** Analyze files given by content; progress arrives as `analysis-progress` events tagged with jobId. */
  'policies-import': z.object({ jobId, files: z.array(fileUploadSchema).min(1).max(2000) }).strict(),
  /** Analyze files given by path on the machine (Electron's open dialog and dropped paths; the CLI). */
  'policies-import-paths': z.object({ jobId, paths: z.array(z.string().min(1).max(4096)).min(1).max(2000) }).strict(),
  /** Electron only: show the open dialog; the chosen files are imported under jobId. */
  'policies-open-dialog': z.object({ jobId }).strict(),
  'policies-load-samples': z.object({ jobId }).strict(),
  'analysis-cancel': z.object({ jobId }).strict(),
  'policy-rename': z.object({ policyId, app: z.string().trim().min(1).max(200) }).strict(),
  'policy-remove': z.object({ policyId }).strict(),
  'matrix-get': z.object({}).strict(),
  /** Regulation checks on the current matrix (as the grid shows it, overrides applied). */
  'checks-get': z.object({}).strict(),
} as const;

export type MethodName = keyof typeof requestSchemas;
export const METHOD_NAMES = Object.keys(requestSchemas) as MethodName[];

export interface AppInfo {
  version: string;
  engineVersion: string;
  taxonomyVersion: string;
  /** BCP 47 locale of the OS, e.g. "zh-CN"; the renderer picks its default UI language from it. */
  locale: string;
  host: 'electron' | 'browser';
}

/** Checks on the current matrix. When the rules file failed to load, results are empty and rulesError says why. */
export interface ChecksResponse extends CheckResults {
  /** The rules file used (a path, or "(built in)"). */
  rulesFile: string;
  rulesError?: string;
}

export interface ImportResult {
  jobId: string;
  added: PolicySummary[];
  errors: AnalysisError[];
  cancelled: boolean;
}

export interface Responses {
  'app-info': AppInfo;
  'policies-list': { policies: PolicySummary[] };
  'policy-get': PolicyAnalysis;
  'policies-import': ImportResult;
  'policies-import-paths': ImportResult;
  'policies-open-dialog': ImportResult;
  'policies-load-samples': ImportResult;
  'analysis-cancel': { cancelled: boolean };
  'policy-rename': PolicySummary;
  'policy-remove': { removed: boolean };
  'matrix-get': Matrix;
  'checks-get': ChecksResponse;
}

export type Requests = { [K in MethodName]: z.infer<(typeof requestSchemas)[K]> };

export interface AnalysisProgress {
  jobId: string;
  file: string;
  /** 1-based position of this file in the job, and the job's size. */
  index: number;
  total: number;
  status: 'started' | 'done' | 'failed' | 'cancelled';
  error?: AnalysisError;
}

/** Electron's app menu asks the renderer to run one of its commands (the renderer owns what they do). */
export interface MenuCommand {
  command: 'files-open' | 'samples-load' | 'language-set';
  /** For language-set: a BCP 47 tag the renderer supports, e.g. "zh-CN" or "en". */
  language?: string;
}

export interface Events {
  'analysis-progress': AnalysisProgress;
  'menu-command': MenuCommand;
}

export type Handlers = { [K in MethodName]: (request: Requests[K]) => Promise<Responses[K]> };

/** What the renderer sees as window.policybench (preload) or the host's HTTP client: identical. */
export interface PolicyBenchApi {
  call<K extends MethodName>(method: K, request: Requests[K]): Promise<Responses[K]>;
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export const API_ERROR_CODES = ['unknown_method', 'invalid_request', 'not_found', 'unsupported', 'unauthorized', 'internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The typed error every transport returns for a failed call. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Validates a request at the boundary: unknown methods and malformed payloads become ApiError. */
export function parseRequest(method: string, payload: unknown): { method: MethodName; request: Requests[MethodName] } {
  if (!Object.prototype.hasOwnProperty.call(requestSchemas, method)) {
    throw new ApiError('unknown_method', `Unknown method "${method.slice(0, 80)}".`);
  }
  const schema = requestSchemas[method as MethodName];
  const parsed = schema.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'request';
    throw new ApiError('invalid_request', `Invalid request for ${method}: ${where}: ${issue?.message ?? 'invalid'}.`);
  }
  return { method: method as MethodName, request: parsed.data as Requests[MethodName] };
}

/**
 * Custom error properties do not survive Electron's contextBridge, so the preload rejects with an Error whose
 * message is "[code] message". This turns a rejection from either transport back into an ApiError.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const text = err instanceof Error ? err.message : String(err);
  // Electron prefixes "Error invoking remote method '...': " in some paths; look for our marker anywhere.
  const m = /\[([a-z_]+)\] ([\s\S]*)$/.exec(text);
  if (m && (API_ERROR_CODES as readonly string[]).includes(m[1]!)) return new ApiError(m[1] as ApiErrorCode, m[2]!);
  return new ApiError('internal', text);
}
