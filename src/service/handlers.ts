// The contract's handler map over a session and an analyzer. Transports (IPC, HTTP) only call dispatch().
import path from 'node:path';
import { ApiError, type AppInfo, type Events, type Handlers, type ImportResult } from '../shared/contract';
import type { AnalysisError, PolicySummary } from '../shared/types';
import { listPolicyFiles } from '../engine/analyze';
import { compare, summarize } from '../engine/compare';
import { ENGINE_VERSION } from '../engine/version';
import { TAXONOMY_VERSION } from '../shared/taxonomy';
import type { Analyzer } from './analyzer';
import type { EngineTask } from './engine-task';
import { checksFor, loadServiceRules } from './rules';
import type { Session } from './session';

export type EventSink = <E extends keyof Events>(name: E, payload: Events[E]) => void;

export interface ServiceDeps {
  session: Session;
  analyzer: Analyzer;
  emit: EventSink;
  /** Folder of the sample policies (resources/samples). */
  samplesDir: string;
  /** The regulation rules file (resources/rules/rules.json); POLICYBENCH_RULES overrides it. See src/service/rules.ts. */
  rulesPath?: string;
  app: Pick<AppInfo, 'version' | 'locale' | 'host'>;
  /** Electron's open dialog: the chosen paths, or undefined when the reviewer cancels. Absent in the browser host. */
  openDialog?: () => Promise<string[] | undefined>;
  /**
   * Whether callers may name files by path (default true). The browser host turns it off: a browser cannot
   * produce paths, and a page that could name any path would read any file the user can.
   */
  allowPathImports?: boolean;
}

interface JobFile {
  /** What messages and events name: the relative path inside a dropped folder, else the file name. */
  label: string;
  task: EngineTask;
}

export function createHandlers(deps: ServiceDeps): Handlers {
  const { session, analyzer, emit } = deps;
  const jobs = new Map<string, AbortController>();
  // Read once: a broken rules file becomes a notice in checks-get, never a failed start.
  const rules = loadServiceRules(deps.rulesPath);
  if (!rules.ok) console.warn(`[policybench] regulation checks are off: ${rules.error}`);

  /**
   * Analyzes FILES on the pool. Results join the session in job order as soon as every earlier file has
   * finished, so the grid grows in a stable order while later files are still running. After a cancel,
   * queued files are skipped and files still running are discarded.
   */
  async function runJob(jobId: string, prepare: () => Promise<{ files: JobFile[]; errors: AnalysisError[] }>): Promise<ImportResult> {
    if (jobs.has(jobId)) throw new ApiError('invalid_request', `A job with id "${jobId}" is already running; use a new jobId.`);
    const controller = new AbortController();
    // Registered before listing folders, so a cancel during a long folder walk is not lost.
    jobs.set(jobId, controller);
    let files: JobFile[];
    let listErrors: AnalysisError[];
    try {
      ({ files, errors: listErrors } = await prepare());
    } catch (err) {
      jobs.delete(jobId);
      throw err;
    }
    const total = files.length;
    const errors: AnalysisError[] = [...listErrors];
    const added = new Map<string, PolicySummary>();
    type Outcome = { kind: 'done'; analysis: import('../shared/types').PolicyAnalysis } | { kind: 'failed'; error: AnalysisError } | { kind: 'cancelled' };
    const outcomes: (Outcome | undefined)[] = new Array(total);
    let committed = 0;
    // Commits run one after another so that session writes keep job order even if the session is async.
    let commitChain = Promise.resolve();

    const commitReady = () => {
      commitChain = commitChain.then(async () => {
        while (committed < total && outcomes[committed]) {
          const i = committed++;
          const outcome = outcomes[i]!;
          const base = { jobId, file: files[i]!.label, index: i + 1, total };
          if (outcome.kind === 'done') {
            const stored = await session.upsert(outcome.analysis);
            added.delete(stored.id); // a later duplicate moves to the end of `added`
            added.set(stored.id, summarize(stored));
            emit('analysis-progress', { ...base, status: 'done' });
          } else if (outcome.kind === 'failed') {
            errors.push(outcome.error);
            emit('analysis-progress', { ...base, status: 'failed', error: outcome.error });
          } else {
            emit('analysis-progress', { ...base, status: 'cancelled' });
          }
        }
      });
      return commitChain;
    };

    try {
      await Promise.all(
        files.map(async (f, i) => {
          const result = await analyzer.analyze(f.task, {
            signal: controller.signal,
            onStart: () => emit('analysis-progress', { jobId, file: f.label, index: i + 1, total, status: 'started' }),
          });
          if (controller.signal.aborted) outcomes[i] = { kind: 'cancelled' };
          else if (result.ok) outcomes[i] = { kind: 'done', analysis: result.analysis };
          else if ('cancelled' in result) outcomes[i] = { kind: 'cancelled' };
          else outcomes[i] = { kind: 'failed', error: { ...result.error, file: f.label } };
          await commitReady();
        }),
      );
      await commitChain;
    } finally {
      jobs.delete(jobId);
    }
    return { jobId, added: [...added.values()], errors, cancelled: controller.signal.aborted };
  }

  async function importPaths(jobId: string, paths: string[]): Promise<ImportResult> {
    return runJob(jobId, async () => {
      const { files, errors } = await listPolicyFiles(paths);
      return { files: files.map((p) => ({ label: path.basename(p), task: { kind: 'path', path: p } })), errors };
    });
  }

  async function mustGet(policyId: string) {
    const a = await session.get(policyId);
    if (!a) throw new ApiError('not_found', `No policy with id ${policyId} is open. It may have been removed; refresh the list.`);
    return a;
  }

  const handlers: Handlers = {
    'app-info': async () => ({ ...deps.app, engineVersion: ENGINE_VERSION, taxonomyVersion: TAXONOMY_VERSION }),
    'policies-list': async () => ({ policies: (await session.list()).map(summarize) }),
    'policy-get': async ({ policyId }) => mustGet(policyId),
    'policies-import': async ({ jobId, files }) =>
      runJob(jobId, async () => ({
        files: files.map((f): JobFile => {
          const b = Buffer.from(f.dataBase64, 'base64');
          // A fresh, exactly-sized buffer so the pool can transfer it to the worker instead of copying.
          const bytes = new Uint8Array(b.byteLength);
          bytes.set(b);
          return { label: f.relativePath || f.name, task: { kind: 'bytes', bytes, fileName: f.name } };
        }),
        errors: [],
      })),
    'policies-import-paths': async ({ jobId, paths }) => {
      if (deps.allowPathImports === false) {
        throw new ApiError('unsupported', 'The browser version imports files by content only. Drag policy files or a folder onto the window instead.');
      }
      return importPaths(jobId, paths);
    },
    'policies-open-dialog': async ({ jobId }) => {
      if (!deps.openDialog) {
        throw new ApiError('unsupported', 'The browser version cannot open a file dialog. Drag policy files or a folder onto the window instead.');
      }
      const paths = await deps.openDialog();
      if (!paths || paths.length === 0) return { jobId, added: [], errors: [], cancelled: true };
      return importPaths(jobId, paths);
    },
    'policies-load-samples': async ({ jobId }) => importPaths(jobId, [deps.samplesDir]),
    'analysis-cancel': async ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job || job.signal.aborted) return { cancelled: false };
      job.abort();
      return { cancelled: true };
    },
    'policy-rename': async ({ policyId, app }) => {
      const renamed = await session.rename(policyId, app);
      if (!renamed) await mustGet(policyId);
      return summarize(renamed!);
    },
    'policy-remove': async ({ policyId }) => {
      if (!(await session.remove(policyId))) await mustGet(policyId);
      return { removed: true };
    },
    'matrix-get': async () => compare(await session.list()),
    // On the matrix exactly as matrix-get gives it, so the checks always agree with what the grid shows.
    'checks-get': async () => checksFor(await handlers['matrix-get']({}), rules),
  };
  return handlers;
}
