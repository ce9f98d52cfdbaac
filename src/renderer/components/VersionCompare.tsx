// The version comparison view for one app (issue 7): attribute value changes at the top, then per category the
// clauses added, removed and modified (word diff marked), and the clauses that only moved, listed apart.
// Policy text is rendered as React text nodes only.
import { useEffect, useState } from 'react';
import type { Responses } from '../../shared/contract';
import type { ClauseChange, DiffSegment } from '../../shared/versions';
import { api, errorInfo } from '../api';
import { label, t, type Lang } from '../i18n';
import { useStore } from '../store';
import { chainVersions } from '../store/versions';
import '../versions.css';

type DiffResponse = Responses['version-diff'];

export function VersionCompare() {
  const lang = useStore((s) => s.lang);
  const compare = useStore((s) => s.compare);
  const openCompare = useStore((s) => s.openCompare);
  const versions = useStore((s) => s.versions);
  const [diff, setDiff] = useState<DiffResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setDiff(null);
    setError(null);
    if (!compare) return;
    let live = true;
    api
      .call('version-diff', compare.olderId ? { newerId: compare.newerId, olderId: compare.olderId } : { newerId: compare.newerId })
      .then((d) => live && setDiff(d))
      .catch((e: unknown) => live && setError(errorInfo(e).message));
    return () => {
      live = false;
    };
  }, [compare]);

  useEffect(() => {
    if (!compare) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        openCompare(null);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [compare, openCompare]);

  if (!compare) return null;
  // "第 1 版 · 2024-04-23": two versions can carry the same date line, so the position is always shown.
  const side = (id: string, labelText: string) => {
    const v = versions[id];
    return v ? t(lang, 'versions.badge', { n: v.position, label: labelText }) : labelText;
  };
  const title = diff
    ? t(lang, 'versions.compareTitle', { app: diff.app, older: side(diff.olderId, diff.olderLabel), newer: side(diff.newerId, diff.newerLabel) })
    : t(lang, 'versions.loading');
  return (
    <div className="modal-backdrop version-compare-backdrop" onPointerDown={(e) => e.target === e.currentTarget && openCompare(null)}>
      <div className="version-compare" role="dialog" aria-modal="true" aria-label={title} data-testid="version-compare">
        <header className="vc-head">
          <h2>{title}</h2>
          {diff && <OlderPicker newerId={diff.newerId} olderId={diff.olderId} lang={lang} />}
          <button type="button" className="tb-button" onClick={() => openCompare(null)} data-testid="version-compare-close">
            {t(lang, 'versions.close')}
          </button>
        </header>
        {error && <p className="vc-error">{error}</p>}
        {diff && <CompareBody diff={diff} lang={lang} />}
      </div>
    </div>
  );
}

/** With three or more versions: compare the shown version with any earlier one. */
function OlderPicker(props: { newerId: string; olderId: string; lang: Lang }) {
  const versions = useStore((s) => s.versions);
  const openCompare = useStore((s) => s.openCompare);
  const newer = versions[props.newerId];
  if (!newer) return null;
  const earlier = chainVersions(versions, newer.chainId).filter((v) => v.position < newer.position);
  if (earlier.length < 2) return null;
  return (
    <label className="tb-field vc-older">
      <span>{t(props.lang, 'versions.compareWith')}</span>
      <select value={props.olderId} onChange={(e) => openCompare({ newerId: props.newerId, olderId: e.target.value })} data-testid="version-compare-older">
        {earlier.reverse().map((v) => (
          <option key={v.id} value={v.id}>
            {t(props.lang, 'versions.badge', { n: v.position, label: v.versionLabel })}
          </option>
        ))}
      </select>
    </label>
  );
}

function CompareBody({ diff, lang }: { diff: DiffResponse; lang: Lang }) {
  const text = (b: { zh: string; en: string }) => (lang === 'zh-CN' ? b.zh : b.en);
  const moved = diff.changes.filter((c) => c.kind === 'moved');
  const categories = diff.byCategory
    .map((cat) => ({ cat, changes: cat.changes.map((i) => diff.changes[i]!).filter((c) => c.kind !== 'moved') }))
    .filter((x) => x.changes.length > 0);
  return (
    <div className="vc-body">
      <p className="muted vc-counts">
        {t(lang, 'versions.counts', { ...diff.counts })} · {t(lang, 'versions.elapsed', { ms: Math.round(diff.elapsedMs) })}
      </p>
      <section className="vc-section" data-testid="vc-attributes">
        <h3>{t(lang, 'versions.attrChanges')}</h3>
        {diff.attributeChanges.length === 0 ? (
          <p className="muted">{t(lang, 'versions.noAttrChanges')}</p>
        ) : (
          <ul className="vc-attr-list">
            {diff.attributeChanges.map((c, i) => (
              <li key={i} className={`vc-attr is-${c.change}`}>
                {text(c.text)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="vc-section" data-testid="vc-clauses">
        <h3>{t(lang, 'versions.clauseChanges')}</h3>
        {categories.length === 0 && <p className="muted">{t(lang, 'versions.noClauseChanges')}</p>}
        {categories.map(({ cat, changes }) => (
          <div key={cat.category} className="vc-category" data-category={cat.category}>
            <h4>
              {label(lang, cat.label)}{' '}
              <span className="muted">
                {[
                  cat.counts.modified ? `${t(lang, 'versions.kind.modified')} ${cat.counts.modified}` : '',
                  cat.counts.added ? `${t(lang, 'versions.kind.added')} ${cat.counts.added}` : '',
                  cat.counts.removed ? `${t(lang, 'versions.kind.removed')} ${cat.counts.removed}` : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </h4>
            {changes.map((c, i) => (
              <ClauseChangeView key={i} change={c} lang={lang} />
            ))}
          </div>
        ))}
      </section>
      {moved.length > 0 && (
        <section className="vc-section vc-moved" data-testid="vc-moved">
          <h3>{t(lang, 'versions.moved')}</h3>
          <p className="muted">{t(lang, 'versions.movedHint')}</p>
          <ul>
            {moved.map((c, i) => (
              <li key={i}>
                <Section side={c.newer ?? c.older} />
                {c.newer?.text ?? c.older?.text}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function Section({ side }: { side?: { section: string[] } }) {
  const path = side?.section.filter(Boolean) ?? [];
  if (path.length === 0) return null;
  return <div className="vc-section-path">{path.join(' › ')}</div>;
}

function ClauseChangeView({ change: c, lang }: { change: ClauseChange; lang: Lang }) {
  return (
    <div className={`vc-change is-${c.kind}`} data-kind={c.kind}>
      <div className="vc-change-kind">
        {t(lang, `versions.kind.${c.kind}`)}
        {c.kind === 'modified' && c.moved && <span className="muted"> {t(lang, 'versions.movedToo')}</span>}
      </div>
      <Section side={c.newer ?? c.older} />
      <div className="vc-text">
        {c.kind === 'modified' && c.segments ? (
          <WordDiff segments={c.segments} />
        ) : c.kind === 'added' ? (
          <ins>{c.newer?.text}</ins>
        ) : c.kind === 'removed' ? (
          <del>{c.older?.text}</del>
        ) : (
          c.newer?.text
        )}
      </div>
    </div>
  );
}

function WordDiff({ segments }: { segments: DiffSegment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.op === 'insert' ? (
          <ins key={i} data-testid="diff-ins">
            {s.text}
          </ins>
        ) : s.op === 'delete' ? (
          <del key={i} data-testid="diff-del">
            {s.text}
          </del>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
