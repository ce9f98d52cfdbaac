// Versions in the workbench (issue 7): the "new version of…?" prompt, the version badge and picker in an app's
// column header, the changed-since-previous marker in a cell, and "needs re-review" beside a carried note.
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useShallow } from 'zustand/react/shallow';
import type { Annotation } from '../../shared/types';
import { t, type Lang } from '../i18n';
import { saveAnnotation } from '../review-actions';
import { useStore } from '../store';
import { selectChainSizeOf } from '../store/selectors';
import { chainVersions } from '../store/versions';
import { acceptVersion, askVersionOf, declineVersion, detachVersion } from '../versions-actions';
import '../versions.css';

/** "New version of 我图网?": the first queued prompt, with the likeliest app and the other candidates. */
export function VersionPromptDialog() {
  const lang = useStore((s) => s.lang);
  const prompt = useStore((s) => s.versionPrompts[0]);
  const [choice, setChoice] = useState<string | undefined>(undefined);
  const acceptRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    setChoice(prompt?.proposal.policyId);
    requestAnimationFrame(() => acceptRef.current?.focus());
  }, [prompt]);
  useEffect(() => {
    if (!prompt) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        declineVersion(prompt.policyId);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [prompt]);
  if (!prompt) return null;
  const chosen = prompt.candidates.find((c) => c.policyId === choice) ?? prompt.proposal;
  const others = prompt.candidates.filter((c) => c.policyId !== prompt.proposal.policyId && (prompt.manual || c.score >= 0.1));
  const title = t(lang, 'versions.promptTitle', { app: chosen.app });
  return (
    <div className="modal-backdrop">
      <div className="modal version-prompt" role="dialog" aria-modal="true" aria-label={title} data-testid="version-prompt">
        <h2>{title}</h2>
        <p>{t(lang, prompt.manual ? 'versions.promptBodyManual' : 'versions.promptBody', { file: prompt.file, app: chosen.app, label: chosen.versionLabel })}</p>
        <p className="muted">
          {chosen.score > 0 && <>{t(lang, 'versions.promptScore', { p: Math.round(chosen.score * 100) })} · </>}
          {t(lang, 'versions.promptLabel', { label: prompt.label })}
        </p>
        {others.length > 0 && (
          <fieldset className="version-choices">
            <legend className="muted">{t(lang, prompt.manual ? 'versions.promptOtherManual' : 'versions.promptOther')}</legend>
            {[prompt.proposal, ...others].map((c) => (
              <label key={c.policyId}>
                <input type="radio" name="version-of" checked={chosen.policyId === c.policyId} onChange={() => setChoice(c.policyId)} />
                {c.app}{' '}
                <span className="muted">
                  ({c.versionLabel}
                  {c.score > 0 ? ` · ${t(lang, 'versions.promptScore', { p: Math.round(c.score * 100) })}` : ''})
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <div className="modal-actions">
          <button type="button" onClick={() => declineVersion(prompt.policyId)} data-testid="version-new-app">
            {t(lang, prompt.manual ? 'versions.cancel' : 'versions.asNewApp')}
          </button>
          <button ref={acceptRef} type="button" className="primary" onClick={() => void acceptVersion(prompt.policyId, chosen.policyId)} data-testid="version-accept">
            {t(lang, 'versions.accept')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** In an app's column header: which version it shows ("v2 · 2024-04-23"); click for the version picker. */
// One subscription per header, O(1) per store change: the chain's size comes from the memoized map (a header
// used to walk every version, and re-render on any version change: O(n²) at 500 columns).
export function VersionBadge(props: { policyId: string }) {
  const { lang, v, count } = useStore(
    useShallow((s) => ({ lang: s.lang, v: s.versions[props.policyId], count: selectChainSizeOf(s, props.policyId) })),
  );
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLButtonElement>(null);
  if (!v || count < 2) return null;
  const text = t(lang, 'versions.badge', { n: v.position, label: v.versionLabel });
  return (
    <>
      <button
        ref={ref}
        type="button"
        className={`pb-version ${v.latest ? '' : 'is-old'}`}
        data-testid="version-badge"
        title={t(lang, 'versions.badgeTitle', { app: v.app, count })}
        onClick={(e) => {
          e.stopPropagation();
          setOpen((o) => !o);
        }}
        onDoubleClick={(e) => e.stopPropagation()}
      >
        {text} ▾
      </button>
      {open && ref.current && <VersionMenu anchor={ref.current} policyId={props.policyId} lang={lang} onClose={() => setOpen(false)} />}
    </>
  );
}

function VersionMenu(props: { anchor: HTMLElement; policyId: string; lang: Lang; onClose(): void }) {
  const { lang, onClose } = props;
  const versions = useStore((s) => s.versions);
  const showVersion = useStore((s) => s.showVersion);
  const openCompare = useStore((s) => s.openCompare);
  const ref = useRef<HTMLDivElement>(null);
  const v = versions[props.policyId]!;
  const chain = chainVersions(versions, v.chainId);
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node) && !props.anchor.contains(e.target as Node)) onClose();
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [onClose, props.anchor]);
  const r = props.anchor.getBoundingClientRect();
  const left = Math.max(8, Math.min(r.left, window.innerWidth - 300));
  return createPortal(
    <div ref={ref} className="version-menu" role="menu" style={{ left, top: r.bottom + 4 }} data-testid="version-menu">
      <div className="version-menu-title">{t(lang, 'versions.menuTitle')}</div>
      {[...chain].reverse().map((x) => (
        <button
          key={x.id}
          type="button"
          role="menuitemradio"
          aria-checked={x.id === v.id}
          className={x.id === v.id ? 'is-current' : ''}
          title={x.fileName}
          onClick={() => {
            showVersion(v.chainId, x.latest ? null : x.id);
            onClose();
          }}
        >
          <span className="version-check">{x.id === v.id ? '✓' : ''}</span>
          {t(lang, 'versions.badge', { n: x.position, label: x.versionLabel })}
          {x.latest && <span className="muted"> · {t(lang, 'versions.latest')}</span>}
        </button>
      ))}
      <hr />
      <button
        type="button"
        role="menuitem"
        disabled={!v.previousVersionId}
        data-testid="version-compare"
        onClick={() => {
          openCompare({ newerId: v.id });
          onClose();
        }}
      >
        {t(lang, 'versions.compare')}
      </button>
      <button
        type="button"
        role="menuitem"
        disabled={!v.previousVersionId}
        onClick={() => {
          onClose();
          void detachVersion(v.id);
        }}
      >
        {t(lang, 'versions.detach')}
      </button>
    </div>,
    document.body,
  );
}

/** In the Apps menu: "第 1 版 · 2024-04-23" for a policy that is one of several versions, and "Make a version of…". */
export function AppsMenuVersion(props: { policyId: string }) {
  const { lang, v, many } = useStore(
    useShallow((s) => ({ lang: s.lang, v: s.versions[props.policyId], many: selectChainSizeOf(s, props.policyId) > 1 })),
  );
  return (
    <>
      {v && many && (
        <span className="muted apps-version" title={t(lang, 'versions.badge', { n: v.position, label: v.versionLabel })}>
          {t(lang, 'versions.short', { n: v.position })}
        </span>
      )}
      <button type="button" className="link" data-testid="apps-version-of" onClick={() => void askVersionOf(props.policyId)} title={t(lang, 'versions.versionOf.title')}>
        {t(lang, 'versions.versionOf')}
      </button>
    </>
  );
}

/** The "changed since the previous version" marker in a cell. */
export function VersionDelta(props: { policyId: string; attributeId: string; lang: Lang }) {
  const changed = useStore((s) => s.changedCells[props.policyId]?.[props.attributeId]);
  if (!changed) return null;
  const lang = props.lang;
  const change = changed.text.map((x) => (lang === 'zh-CN' ? x.zh : x.en)).join('; ');
  const title = t(lang, 'versions.changedTitle', { prev: changed.previousLabel, change });
  return (
    <span className="pb-delta" data-testid="badge-changed" title={title} aria-label={title}>
      Δ
    </span>
  );
}

/** Beside a carried note: why it needs re-review, the old and the new text, and "still applies". */
export function NeedsReviewBox(props: { annotation: Annotation; lang: Lang }) {
  const { annotation: a, lang } = props;
  const nr = a.needsReview;
  const [busy, setBusy] = useState(false);
  if (!nr) return null;
  return (
    <div className="needs-review" data-testid="needs-review">
      <div className="needs-review-head">
        <span className="needs-review-flag">⚠</span> {t(lang, nr.reason === 'removed' ? 'versions.needsReviewRemoved' : 'versions.needsReview')}
      </div>
      <div className="needs-review-sides">
        <div>
          <div className="needs-review-label">{t(lang, 'versions.oldText')}</div>
          <div className="needs-review-text is-old">{nr.oldText}</div>
        </div>
        {nr.newText && (
          <div>
            <div className="needs-review-label">{t(lang, 'versions.newText')}</div>
            <div className="needs-review-text is-new">{nr.newText}</div>
          </div>
        )}
      </div>
      <button
        type="button"
        disabled={busy}
        data-testid="needs-review-confirm"
        onClick={() => {
          setBusy(true);
          void saveAnnotation({ id: a.id, target: a.target, status: a.status, note: a.note, baseRev: a.rev }).finally(() => setBusy(false));
        }}
      >
        {t(lang, 'versions.confirm')}
      </button>
    </div>
  );
}
