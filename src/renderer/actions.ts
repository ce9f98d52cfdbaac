// What the UI does with the API: load, import, rename, remove. Commands and components call these.
import type { ImportResult } from '../shared/contract';
import type { AnalysisErrorCode, PolicyAnalysis } from '../shared/types';
import { api, errorInfo, isElectron } from './api';
import { batches, toUploads, type PickedFile } from './files';
import { hasMessage, langFromLocale, type MessageKey } from './i18n';
import { loadReview, onWorkspaceChanged } from './review-actions';
import { proposeVersions, refreshVersions } from './versions-actions';
import { useStore } from './store';

const get = useStore.getState;

function newJobId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `job-${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

export function reportCallError(e: unknown): void {
  const { code, message } = errorInfo(e);
  get().pushToast({ kind: 'error', title: 'toast.failedCall', message, hint: code === 'unauthorized' ? 'hint.unauthorized' : undefined });
}

export function hintFor(code: AnalysisErrorCode | string): MessageKey {
  const key = `hint.${code}`;
  return hasMessage(key) ? key : 'hint.default';
}

export async function refreshMatrix(): Promise<void> {
  try {
    get().setMatrix(await api.call('matrix-get', {}));
    if (get().searchQuery) void ensureAllAnalyses();
  } catch (e) {
    reportCallError(e);
  }
}

let checksSeq = 0;
let rulesErrorShown: string | undefined;
/** Regulation checks for the current matrix; a late answer for an older matrix is dropped. */
export async function refreshChecks(): Promise<void> {
  const seq = ++checksSeq;
  try {
    const checks = await api.call('checks-get', {});
    if (seq !== checksSeq) return;
    get().setChecks(checks);
    // A broken rules file: say so once, with the file and the problems; the rest of the workbench works.
    if (checks.rulesError && checks.rulesError !== rulesErrorShown) {
      get().pushToast({ kind: 'error', title: 'checks.rulesError', message: checks.rulesError });
    }
    rulesErrorShown = checks.rulesError;
  } catch (e) {
    if (seq === checksSeq) reportCallError(e);
  }
}

let checkDetailSeq = 0;
/**
 * The selected check's full result (its evidence with quotes, the values read) for the panel: checks-get gives the
 * grid only status, severity and explanation. Asked again when the checks were refreshed since the last answer;
 * an answer for an older selection (or older checks) is dropped.
 */
export async function loadCheckDetail(policyId: string, ruleId: string): Promise<void> {
  const checks = get().checks;
  const have = get().checkDetail;
  if (have && have.policyId === policyId && have.ruleId === ruleId && have.checks === checks) return;
  const seq = ++checkDetailSeq;
  try {
    const result = await api.call('check-get', { policyId, ruleId });
    if (seq !== checkDetailSeq) return;
    get().setCheckDetail({ policyId, ruleId, result, checks });
  } catch (e) {
    const sel = get().selection;
    if (seq === checkDetailSeq && sel?.policyId === policyId && sel.ruleId === ruleId) reportCallError(e);
  }
}

let checksTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * Any change of the matrix (import, remove, rename, a reviewer's override) refreshes the checks, whoever made
 * it: one subscription instead of a call in every action. Debounced so a burst of changes asks once.
 */
function watchMatrixForChecks(): () => void {
  return useStore.subscribe((s, prev) => {
    if (s.matrix === prev.matrix) return;
    clearTimeout(checksTimer);
    if (!s.matrix || s.matrix.policies.length === 0) {
      checksSeq++;
      get().setChecks(null);
      return;
    }
    checksTimer = setTimeout(() => void refreshChecks(), 50);
  });
}

const inFlight = new Map<string, Promise<PolicyAnalysis | undefined>>();

export function ensureAnalysis(policyId: string): Promise<PolicyAnalysis | undefined> {
  const have = get().analyses[policyId];
  if (have) return Promise.resolve(have);
  let p = inFlight.get(policyId);
  if (!p) {
    p = api
      .call('policy-get', { policyId })
      .then((a) => {
        get().putAnalysis(a);
        return a;
      })
      .catch((e: unknown) => {
        reportCallError(e);
        return undefined;
      })
      .finally(() => inFlight.delete(policyId));
    inFlight.set(policyId, p);
  }
  return p;
}

/** Search needs every policy's clauses; fetch the missing ones a few at a time. */
export async function ensureAllAnalyses(): Promise<void> {
  const ids = (get().matrix?.policies ?? []).map((p) => p.id).filter((id) => !get().analyses[id]);
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: Math.min(4, queue.length) }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) await ensureAnalysis(id);
    }),
  );
}

function settle(result: ImportResult): void {
  const s = get();
  s.finishJob(result.jobId);
  for (const err of result.errors) {
    s.pushToast({ kind: 'error', title: 'toast.failedFile', vars: { file: err.file }, message: err.message, hint: hintFor(err.code), code: err.code });
  }
  if (result.added.length > 0) s.pushToast({ kind: 'info', title: 'toast.added', vars: { n: result.added.length } });
  // Leave the finished list up briefly so the reviewer sees every file's outcome.
  setTimeout(() => get().dropJob(result.jobId), result.errors.length ? 6000 : 2500);
}

async function runJob(names: string[], call: (jobId: string) => Promise<ImportResult>): Promise<void> {
  const jobId = newJobId();
  get().startJob(jobId, names);
  try {
    const result = await call(jobId);
    settle(result);
    if (result.added.length > 0) {
      await refreshMatrix();
      // Issue 7: a file that looks like a new version of an app already here asks before it becomes a column of its own.
      await refreshVersions();
      await proposeVersions(result.added);
    }
  } catch (e) {
    get().dropJob(jobId);
    reportCallError(e);
  }
}

export async function importPicked(files: PickedFile[]): Promise<void> {
  if (files.length === 0) return;
  for (const batch of batches(files)) {
    const { uploads, unreadable } = await toUploads(batch);
    for (const file of unreadable) get().pushToast({ kind: 'error', title: 'toast.unreadable', vars: { file }, hint: 'hint.default' });
    if (uploads.length === 0) continue;
    await runJob(
      uploads.map((u) => u.relativePath ?? u.name),
      (jobId) => api.call('policies-import', { jobId, files: uploads }),
    );
  }
}

let filePicker: HTMLInputElement | null = null;
export function registerFilePicker(el: HTMLInputElement | null): void {
  filePicker = el;
}

export async function openFiles(): Promise<void> {
  if (isElectron || get().host === 'electron') {
    await runJob([], (jobId) => api.call('policies-open-dialog', { jobId }));
  } else {
    filePicker?.click();
  }
}

export async function cancelJob(jobId: string): Promise<void> {
  try {
    await api.call('analysis-cancel', { jobId });
  } catch (e) {
    reportCallError(e);
  }
}

export async function renamePolicy(policyId: string, app: string): Promise<void> {
  const name = app.trim();
  if (!name) return;
  try {
    const summary = await api.call('policy-rename', { policyId, app: name });
    get().renameLocal(policyId, summary.app);
  } catch (e) {
    reportCallError(e);
  }
}

export async function removePolicy(policyId: string): Promise<void> {
  try {
    await api.call('policy-remove', { policyId });
    await refreshMatrix();
  } catch (e) {
    reportCallError(e);
  }
}

export async function loadSamples(): Promise<void> {
  await runJob([], (jobId) => api.call('policies-load-samples', { jobId }));
}

let unsubscribe: (() => void) | null = null;

function listen(): () => void {
  const offProgress = api.on('analysis-progress', (p) => get().applyProgress(p));
  const offChecks = watchMatrixForChecks();
  // Electron's app menu: main asks, the renderer's own commands do the work.
  const offMenu = api.on('menu-command', (m) => {
    if (m.command === 'files-open') void openFiles();
    else if (m.command === 'samples-load') void loadSamples();
    else if (m.command === 'language-set' && m.language) get().setLang(langFromLocale(m.language));
  });
  const offWorkspace = api.on('workspace-changed', () => onWorkspaceChanged());
  return () => {
    offWorkspace();
    offProgress();
    offMenu();
    offChecks();
  };
}

/** First start: language from the OS, progress events, then the policies (the samples when there are none). */
export async function init(): Promise<void> {
  const s = get();
  unsubscribe ??= listen();
  try {
    const info = await api.call('app-info', {});
    s.setHost(info.host);
    s.setLang(langFromLocale(info.locale || navigator.language));
    const { policies } = await api.call('policies-list', {});
    // A workspace got its samples when it was created; an emptied one stays empty.
    if (policies.length === 0 && !info.workspace) {
      await loadSamples();
    }
    await refreshMatrix();
    if (info.workspace) await loadReview();
  } catch (e) {
    reportCallError(e);
  } finally {
    get().setLoading(false);
  }
}
