// The contract's handler map over a session and an analyzer. Transports (IPC, HTTP) only call dispatch().
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError, type AppInfo, type Events, type Handlers, type ImportResult } from '../shared/contract';
import type { AnalysisError, PolicySummary } from '../shared/types';
import { listPolicyFiles } from '../engine/analyze';
import { compare, summarize } from '../engine/compare';
import { ENGINE_VERSION } from '../engine/version';
import { TAXONOMY_VERSION } from '../shared/taxonomy';
import type { Analyzer } from './analyzer';
import type { EngineTask } from './engine-task';
import { checkResultFor, gridChecksFor, gridMatrix } from './checks-grid';
import { loadServiceRules } from './rules';
import { createReviewHandlers } from './review-handlers';
import { createExportHandlers, type ExportTarget } from './handlers-export';
import { createVersionHandlers } from './versions-handlers';
import type { Session, SourceFile } from './session';
import { WorkspaceSession } from './workspace-session';

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
  /** Electron's folder dialog for the workspace menu: the chosen folder, or undefined when cancelled. */
  pickFolder?: () => Promise<string | undefined>;
  /** Electron: report exports go through a save dialog (and its own printToPDF); absent: the file is returned. */
  exportTarget?: ExportTarget;
}

/** The engine refuses bigger inputs; such files go to it by path so it can say so. */
const MAX_READ_BYTES = 20 * 1024 * 1024;

interface JobFile {
  /** What messages and events name: the relative path inside a dropped folder, else the file name. */
  label: string;
  task: EngineTask;
}

/** Files of one import in flight at once (reading, cache lookup, analysis, staging): a few per worker. */
const JOB_IN_FLIGHT = 16;

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
    type Outcome =
      | { kind: 'done'; analysis: import('../shared/types').PolicyAnalysis; source?: SourceFile }
      | { kind: 'failed'; error: AnalysisError }
      | { kind: 'cancelled' };
    const outcomes: (Outcome | undefined)[] = new Array(total);
    let committed = 0;
    const progressOf = (k: number) => ({ jobId, file: files[k]!.label, index: k + 1, total });
    /** A done outcome with the file's bytes, as upsertMany takes it; undefined otherwise. */
    const withSource = (o: Outcome | undefined) => (o?.kind === 'done' && o.source ? { analysis: o.analysis, source: o.source } : undefined);
    // Commits run one after another so that session writes keep job order even if the session is async.
    let commitChain = Promise.resolve();

    const commitReady = () => {
      commitChain = commitChain.then(async () => {
        while (committed < total && outcomes[committed]) {
          const i = committed++;
          const outcome = outcomes[i]!;
          if (outcome.kind === 'done') {
            // The analysed files ready from here on commit together when the session can (a workspace journals
            // them in one write under one lock); progress still goes file by file, in order.
            const batch = [i];
            if (session.upsertMany && outcome.source) while (committed < total && withSource(outcomes[committed])) batch.push(committed++);
            const stored =
              batch.length > 1
                ? await session.upsertMany!(batch.map((k) => withSource(outcomes[k])!))
                : [await session.upsert(outcome.analysis, outcome.source)];
            stored.forEach((a, k) => {
              added.delete(a.id); // a later duplicate moves to the end of `added`
              added.set(a.id, summarize(a));
              emit('analysis-progress', { ...progressOf(batch[k]!), status: 'done' });
            });
          } else if (outcome.kind === 'failed') {
            errors.push(outcome.error);
            emit('analysis-progress', { ...progressOf(i), status: 'failed', error: outcome.error });
          } else {
            emit('analysis-progress', { ...progressOf(i), status: 'cancelled' });
          }
        }
      });
      return commitChain;
    };

    // A bounded number of files in flight, taken in order: their answers come back roughly in job order, so
    // commits (which keep job order) flow while later files run. Starting all at once read every file and
    // queued every task together: the first file's turn came at random and commits waited for it (a 1,000-file
    // import spent its last seconds committing, notes/perf.md).
    const runOne = async (i: number): Promise<void> => {
      const f = files[i]!;
      if (controller.signal.aborted) {
        outcomes[i] = { kind: 'cancelled' };
        void commitReady(); // awaited at the end (commitChain)
        return;
      }
      const { result, source } = await analyzeOne(f.task, {
        signal: controller.signal,
        onStart: () => emit('analysis-progress', { jobId, file: f.label, index: i + 1, total, status: 'started' }),
      });
      // The copy and cache entries need no order: written now, while earlier files still commit.
      if (result.ok && source && session.stage && !controller.signal.aborted) await session.stage(result.analysis, source).catch(() => undefined);
      if (controller.signal.aborted) outcomes[i] = { kind: 'cancelled' };
      else if (result.ok) outcomes[i] = { kind: 'done', analysis: result.analysis, source };
      else if ('cancelled' in result) outcomes[i] = { kind: 'cancelled' };
      else outcomes[i] = { kind: 'failed', error: { ...result.error, file: f.label } };
      void commitReady(); // a slot goes on with the next file; commits are awaited at the end (commitChain)
    };
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: Math.min(JOB_IN_FLIGHT, total) }, async () => {
          while (next < total) await runOne(next++);
        }),
      );
      await commitChain;
    } finally {
      jobs.delete(jobId);
    }
    return { jobId, added: [...added.values()], errors, cancelled: controller.signal.aborted };
  }

  /**
   * One file through the engine, or through the session's cache when it keeps one (a workspace): then the bytes
   * are read here, so the same bytes are what the workspace copies and what the cache is keyed by.
   */
  async function analyzeOne(task: EngineTask, opts: Parameters<Analyzer['analyze']>[1] & object) {
    if (!session.lookup) return { result: await analyzer.analyze(task, opts) };
    let source: SourceFile | undefined;
    if (task.kind === 'bytes') source = { bytes: task.bytes, fileName: task.fileName };
    else {
      const st = await fs.stat(task.path).catch(() => undefined);
      const bytes = st?.isFile() && st.size <= MAX_READ_BYTES ? await fs.readFile(task.path).catch(() => undefined) : undefined;
      if (bytes) source = { bytes: new Uint8Array(bytes), fileName: path.basename(task.path) };
    }
    // Unreadable or oversized: the engine reports why.
    if (!source) return { result: await analyzer.analyze(task, opts) };
    const hit = await session.lookup(source.bytes);
    if (hit) {
      opts.onStart?.();
      return { result: { ok: true as const, analysis: hit }, source };
    }
    // A copy: the pool transfers (detaches) the buffer it is given, and the workspace still needs the bytes.
    const result = await analyzer.analyze({ kind: 'bytes', bytes: source.bytes.slice(), fileName: source.fileName }, opts);
    return { result, source };
  }

  async function importPaths(jobId: string, paths: string[]): Promise<ImportResult> {
    return runJob(jobId, async () => {
      const { files, errors } = await listPolicyFiles(paths);
      return { files: files.map((p) => ({ label: path.basename(p), task: { kind: 'path', path: p } })), errors };
    });
  }

  /** The matrix with everything (evidence quotes): what the checks read; the grid gets gridMatrix of it. */
  async function fullMatrix() {
    return session instanceof WorkspaceSession ? session.matrix() : compare(await session.list());
  }

  async function mustGet(policyId: string) {
    const a = await session.get(policyId);
    if (!a) throw new ApiError('not_found', `No policy with id ${policyId} is open. It may have been removed; refresh the list.`);
    return a;
  }

  const handlers: Handlers = {
    'app-info': async () => ({
      ...deps.app,
      engineVersion: ENGINE_VERSION,
      taxonomyVersion: TAXONOMY_VERSION,
      ...(session instanceof WorkspaceSession && session.isOpen ? { workspace: session.info() } : {}),
    }),
    // A workspace lists from its grid entries: no policy text or clauses are read for it.
    'policies-list': async () => ({ policies: (session instanceof WorkspaceSession ? await session.listEntries() : await session.list()).map(summarize) }),
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
    // Grid-sized (checks-grid.ts): cells without evidence quotes, check results without evidence and values.
    'matrix-get': async () => gridMatrix(await fullMatrix()),
    // On the matrix exactly as matrix-get gives it, so the checks always agree with what the grid shows.
    'checks-get': async () => gridChecksFor(await fullMatrix(), rules),
    'check-get': async ({ policyId, ruleId }) => checkResultFor(await fullMatrix(), rules, policyId, ruleId),
    ...createReviewHandlers({ session, pickFolder: deps.pickFolder }),
    ...createExportHandlers({ session, rules, target: deps.exportTarget }),
    ...createVersionHandlers({ session }),
  };
  return handlers;
}
