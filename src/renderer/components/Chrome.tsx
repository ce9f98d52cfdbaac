// The window's edges: status bar, per-file progress, toasts and the drop overlay.
import { useEffect } from 'react';
import { cancelJob } from '../actions';
import { formatCount, formatMs } from '../format';
import { t, type Lang, type MessageKey } from '../i18n';
import type { AnalysisErrorCode } from '../../shared/types';
import { isAnalysisErrorCode, showsEngineDetail } from '../i18n-errors';
import { useStore } from '../store';
import { selectTotals } from '../store/selectors';
import type { FileStatus, JobFile, Toast } from '../store/ui';

export function StatusBar() {
  const lang = useStore((s) => s.lang);
  const totals = useStore(selectTotals);
  const hiddenCount = useStore((s) => Object.keys(s.hidden).length);
  const host = useStore((s) => s.host);
  const loading = useStore((s) => s.loading);
  return (
    <footer className="statusbar" data-testid="statusbar">
      {loading ? (
        <span>{t(lang, 'status.loading')}</span>
      ) : (
        <>
          <span data-testid="status-policies">{t(lang, 'status.policies', { n: formatCount(totals.policies, lang) })}</span>
          <span>{t(lang, 'status.clauses', { n: formatCount(totals.clauses, lang) })}</span>
          <span>{t(lang, 'status.time', { t: formatMs(totals.elapsedMs, lang) })}</span>
          {hiddenCount > 0 && <span>{t(lang, 'status.hidden', { n: hiddenCount })}</span>}
        </>
      )}
      <span className="statusbar-spacer" />
      {host && <span className="muted">{t(lang, host === 'electron' ? 'status.host.electron' : 'status.host.browser')}</span>}
    </footer>
  );
}

const STATUS_KEY: Record<FileStatus, MessageKey> = {
  queued: 'progress.queued',
  started: 'progress.started',
  done: 'progress.done',
  failed: 'progress.failed',
  cancelled: 'progress.cancelled',
};

/** "Analyzing 3 of 10" while a job runs; once it has finished, how it ended (a failed file is not "analyzing"). */
function progressTitle(lang: Lang, files: JobFile[], finished: boolean): string {
  const count = (st: JobFile['status']) => files.filter((f) => f.status === st).length;
  const total = files.length;
  const ended = count('done') + count('failed') + count('cancelled');
  if (!finished) return t(lang, 'progress.title', { done: ended, total });
  const vars = { ok: count('done'), failed: count('failed'), cancelled: total - count('done') - count('failed') };
  return t(lang, vars.cancelled > 0 ? 'progress.finishedCancelled' : 'progress.finished', vars);
}

export function ProgressPanel() {
  const lang = useStore((s) => s.lang);
  const jobs = useStore((s) => s.jobs);
  if (jobs.length === 0) return null;
  return (
    <div className="progress-panel" aria-live="polite" data-testid="progress">
      {jobs.map((job) => {
        const done = job.files.filter((f) => f.status === 'done' || f.status === 'failed' || f.status === 'cancelled').length;
        const total = job.files.length;
        return (
          <section key={job.jobId} className="progress-job">
            <header>
              <span data-testid="progress-title">{total ? progressTitle(lang, job.files, job.finished) : t(lang, 'status.loading')}</span>
              {!job.finished && (
                <button type="button" className="link" onClick={() => void cancelJob(job.jobId)}>
                  {t(lang, 'progress.cancel')}
                </button>
              )}
            </header>
            {total > 0 && (
              <div className="progress-bar" aria-hidden>
                <div style={{ width: `${(100 * done) / total}%` }} />
              </div>
            )}
            <ul>
              {job.files.map((f, i) => (
                <ProgressItem key={i} file={f} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

/** A code the UI has words for, or undefined (a newer service's code, or none): then the message is shown as is. */
function knownCode(code: string | undefined): AnalysisErrorCode | undefined {
  return isAnalysisErrorCode(code) ? code : undefined;
}

/**
 * Why a file could not be analyzed, in the UI language: the reason and the next step for its code, with the
 * engine's English message (more specific) folded away as a detail where it says more. PREFIX names the classes
 * (toast-reason, progress-reason…), styled in styles.css.
 */
function ErrorExplanation({ code, message, prefix }: { code: AnalysisErrorCode; message?: string; prefix: string }) {
  const lang = useStore((s) => s.lang);
  return (
    <>
      <p className={`${prefix}-reason`} data-code={code}>
        {t(lang, `error.${code}`)}
      </p>
      <p className={`${prefix}-hint`}>
        {t(lang, `hint.${code}`)}
      </p>
      {message && showsEngineDetail(code) && (
        <details className={`${prefix}-detail`}>
          <summary>{t(lang, 'error.details')}</summary>
          <p lang="en">
            {message}
          </p>
        </details>
      )}
    </>
  );
}


function ProgressItem({ file: f }: { file: JobFile }) {
  const lang = useStore((s) => s.lang);
  const code = knownCode(f.code);
  const failed = f.status === 'failed' && (code !== undefined || !!f.message);
  // The tooltip (also for a cancelled file) is the localized reason when the code is known, else the message.
  const title = code ? `${t(lang, `error.${code}`)} ${t(lang, `hint.${code}`)}` : f.message;
  return (
    <li className={`st-${f.status}${failed ? ' has-error' : ''}`} title={title}>
      <span className="progress-dot" aria-hidden />
      <span className="progress-name">{f.name || '…'}</span>
      <span className="progress-status">{t(lang, STATUS_KEY[f.status])}</span>
      {failed && (
        <div className="progress-error">
          {code ? (
            <ErrorExplanation code={code} message={f.message} prefix="progress" />
          ) : (
            <p className="progress-reason">
              {f.message}
            </p>
          )}
        </div>
      )}
    </li>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const lang = useStore((s) => s.lang);
  // Localized reason and next step per code; the engine's English message (more specific) as a detail.
  const code = knownCode(toast.code);
  const dismiss = useStore((s) => s.dismissToast);
  useEffect(() => {
    // Info toasts leave by themselves; errors stay until the reviewer has read them.
    if (toast.kind !== 'info') return;
    const timer = setTimeout(() => dismiss(toast.id), 4000);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);
  return (
    <div className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid={`toast-${toast.kind}`}>
      <div className="toast-body">
        <strong>{t(lang, toast.title, toast.vars)}</strong>
        {code ? (
          <ErrorExplanation code={code} message={toast.message} prefix="toast" />
        ) : (
          <>
            {toast.message && <p className="toast-reason">{toast.message}</p>}
            {toast.hint && <p className="toast-hint">{t(lang, toast.hint)}</p>}
          </>
        )}
      </div>
      <button type="button" className="icon-button" onClick={() => dismiss(toast.id)} aria-label={t(lang, 'toast.dismiss')} title={t(lang, 'toast.dismiss')}>
        ×
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useStore((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}

export function DropOverlay() {
  const lang = useStore((s) => s.lang);
  const dragging = useStore((s) => s.dragging);
  if (!dragging) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-target">
        <div className="drop-icon" aria-hidden>
          ⤓
        </div>
        <div className="drop-title">{t(lang, 'drop.overlay')}</div>
        <div className="drop-sub">{t(lang, 'drop.formats')}</div>
      </div>
    </div>
  );
}
