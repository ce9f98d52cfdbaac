// The API contract: one typed handler map, validated at every boundary (IPC in Electron, HTTP in the host).
// Each call is named domain-first, verb-last. Handlers are plain async functions (request) => response.
import { z } from 'zod';
import {
  ANNOTATION_STATUSES,
  type AnalysisError,
  type Annotation,
  type CheckResult,
  type ClauseRelabel,
  type GridCheckResults,
  type GridMatrix,
  type HistoryEntry,
  type PolicyAnalysis,
  type PolicySummary,
  type Settings,
  type ValueOverride,
  type WorkspaceInfo,
} from './types';
import { CATEGORY_IDS } from './taxonomy';
import { reportExportSchema, type ReportExportResult } from './contract-export';
import { versionRequestSchemas, type VersionResponses } from './contract-versions';

const policyId = z.string().regex(/^[0-9a-f]{16}$/, 'a policy id is 16 lowercase hex digits');
const jobId = z.string().min(1).max(64);
const attributeId = z.string().min(1).max(100);
const clauseId = z.string().min(1).max(200);
const ruleId = z.string().min(1).max(200);
const workspaceDir = z.string().trim().min(1).max(4096);
/** The rev of the annotation or override as the caller last saw it (null: it saw none); a mismatch is a conflict. */
const baseRev = z.number().int().nonnegative().nullable().optional();
const annotationTarget = z.union([z.object({ policyId, attributeId }).strict(), z.object({ policyId, clauseId }).strict()]);
/** Shapes only; whether a value fits the attribute's kind is checked against the taxonomy by the handler. */
const attributeValue = z.union([
  z.string().max(1000),
  z.array(z.string().max(1000)).max(500),
  z.array(z.number()).max(100),
  z.object({ number: z.number(), unit: z.string(), text: z.string().max(1000) }).strict(),
]);

/** A clause relabel's categories: taxonomy ids (whether `other` stands alone is the store's rule, with its message). */
const relabelCategories = z
  .array(z.enum(CATEGORY_IDS, { error: `a clause category is one of ${CATEGORY_IDS.join(', ')}` }))
  .min(1, 'give at least one category (or null to go back to the engine\'s categories)')
  .max(CATEGORY_IDS.length, `a clause has at most ${CATEGORY_IDS.length} categories`);

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
  /** The grid's matrix: cells without evidence quotes (GridMatrix); the quotes are slices of policy-get's text. */
  'matrix-get': z.object({}).strict(),
  /**
   * Regulation checks on the current matrix (as the grid shows it, overrides applied): status, severity and
   * explanation per cell (GridCheckResults); a result's evidence and values come from check-get.
   */
  'checks-get': z.object({}).strict(),
  /** One check result in full (evidence with quotes, the values read), for the panel of a selected check cell. */
  'check-get': z.object({ policyId, ruleId }).strict(),
  'workspace-info': z.object({}).strict(),
  /** dir absent: a new folder under the app's workspaces folder, named after NAME. */
  'workspace-create': z.object({ dir: workspaceDir.optional(), name: z.string().trim().min(1).max(200) }).strict(),
  'workspace-open': z.object({ dir: workspaceDir }).strict(),
  'workspace-recent': z.object({}).strict(),
  /** Electron only: pick a folder with the system dialog; undefined dir when cancelled. */
  'workspace-pick-dialog': z.object({}).strict(),
  'annotations-list': z.object({}).strict(),
  /** id absent: a new annotation on target; id given: edit that annotation. */
  'annotation-upsert': z
    .object({ id: z.string().min(1).max(100).optional(), target: annotationTarget, status: z.enum(ANNOTATION_STATUSES), note: z.string().max(20_000), baseRev })
    .strict(),
  'annotation-delete': z.object({ id: z.string().min(1).max(100), baseRev }).strict(),
  'override-set': z.object({ policyId, attributeId, value: attributeValue, reason: z.string().max(2000), baseRev }).strict(),
  'override-clear': z.object({ policyId, attributeId, baseRev }).strict(),
  /**
   * Issue 8: the reviewer's categories for one clause (null: clear the relabel, back to the engine's). The grid
   * values of the policy are read again with them. baseRev: the relabel's rev as last seen (null: none).
   */
  'clause-relabel': z.object({ policyId, clauseId, categories: relabelCategories.nullable(), reason: z.string().max(2000).optional(), baseRev }).strict(),
  'cell-history': z.object({ policyId, attributeId }).strict(),
  'clause-history': z.object({ policyId, clauseId }).strict(),
  'edit-undo': z.object({}).strict(),
  'edit-redo': z.object({}).strict(),
  'settings-get': z.object({}).strict(),
  'settings-set': z.object({ author: z.string().trim().min(1).max(100) }).strict(),
  /** A comparison report of the view or of everything (contract-export.ts). */
  'report-export': reportExportSchema,
  /** Versions of an app (issue 7, contract-versions.ts). */
  ...versionRequestSchemas,
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
  /** The open workspace and what the reviewer should be told about it (repairs, migration). */
  workspace?: WorkspaceInfo;
}

/** What an undo or redo did, for the message the reviewer sees. */
export interface EditResult {
  entry: HistoryEntry;
  workspace: WorkspaceInfo;
}

/** Checks on the current matrix. When the rules file failed to load, results are empty and rulesError says why. */
export interface ChecksResponse extends GridCheckResults {
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

export interface Responses extends VersionResponses {
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
  'matrix-get': GridMatrix;
  'checks-get': ChecksResponse;
  'check-get': CheckResult;
  'workspace-info': WorkspaceInfo;
  'workspace-create': WorkspaceInfo;
  'workspace-open': WorkspaceInfo;
  'workspace-recent': { recent: Settings['recent'] };
  'workspace-pick-dialog': { dir?: string };
  'annotations-list': { annotations: Annotation[]; overrides: ValueOverride[]; relabels: ClauseRelabel[]; revision: number };
  'annotation-upsert': Annotation;
  'annotation-delete': { deleted: true };
  'override-set': ValueOverride;
  'override-clear': { cleared: true };
  /** The relabel as saved, or null when it was cleared. */
  'clause-relabel': { relabel: ClauseRelabel | null };
  'cell-history': { entries: HistoryEntry[] };
  'clause-history': { entries: HistoryEntry[] };
  'edit-undo': EditResult;
  'edit-redo': EditResult;
  'settings-get': Settings;
  'settings-set': Settings;
  'report-export': ReportExportResult;
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
  command: 'files-open' | 'samples-load' | 'language-set' | 'report-export';
  /** For language-set: a BCP 47 tag the renderer supports, e.g. "zh-CN" or "en". */
  language?: string;
}

/** The open workspace changed (a note, an override, a policy, or another workspace was opened). */
export interface WorkspaceChanged {
  dir: string;
  revision: number;
  /** What changed: 'opened' when another workspace replaced this one. */
  kind: 'annotations' | 'policies' | 'opened';
}

export interface Events {
  'analysis-progress': AnalysisProgress;
  'workspace-changed': WorkspaceChanged;
  'menu-command': MenuCommand;
}

export type Handlers = { [K in MethodName]: (request: Requests[K]) => Promise<Responses[K]> };

/** What the renderer sees as window.policybench (preload) or the host's HTTP client: identical. */
export interface PolicyBenchApi {
  call<K extends MethodName>(method: K, request: Requests[K]): Promise<Responses[K]>;
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export const API_ERROR_CODES = [
  'unknown_method',
  'invalid_request',
  'not_found',
  'unsupported',
  'unauthorized',
  'internal',
  /** Someone else changed the same note or value since this view loaded it. */
  'conflict',
  /** Another window or host held the workspace's write lock too long. */
  'locked',
  /** The workspace folder cannot be used (not a workspace, damaged, newer schema, not writable). */
  'workspace_error',
] as const;
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
