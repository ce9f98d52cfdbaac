// A clause's categories in the evidence panel (issue 8): the engine's, or a reviewer's correction of them (the
// reviewer's marked ✎, the engine's that were dropped struck through), the editor that sets or clears a
// correction, and the clause's own history. Saving reads the policy's grid values again with the new categories.
import { useEffect, useRef, useState } from 'react';
import { CATEGORIES, getCategory, type CategoryId } from '../../shared/taxonomy';
import type { Clause, ClauseCategory, HistoryEntry } from '../../shared/types';
import { label, t, type Lang, type MessageKey } from '../i18n';
import { loadClauseHistory, saveRelabel } from '../review-actions';
import { useStore } from '../store';
import { clauseRelabel } from '../store/review';
import { describeHistory, formatTime } from './ReviewPanel';
import '../relabel.css';

const catLabel = (lang: Lang, id: string) => label(lang, getCategory(id)?.label ?? { zh: id, en: id });
const listSep = (lang: Lang) => (lang === 'zh-CN' ? '、' : ', ');

/** Taxonomy order, so the same set always reads (and compares) the same. */
const ordered = (ids: readonly CategoryId[]): CategoryId[] => CATEGORIES.map((c) => c.id).filter((id) => ids.includes(id));

/** Picking `other` (none of the categories) clears the rest; picking any other category clears `other`. */
function toggle(picked: CategoryId[], id: CategoryId): CategoryId[] {
  if (picked.includes(id)) return picked.filter((x) => x !== id);
  if (id === 'other') return ['other'];
  return ordered([...picked.filter((x) => x !== 'other'), id]);
}

export function ClauseCategories(props: { policyId: string; clause: Clause | undefined; lang: Lang }) {
  const { policyId, clause, lang } = props;
  const hasWorkspace = useStore((s) => s.workspace !== null);
  const relabel = useStore((s) => (clause ? clauseRelabel(s, policyId, clause.id) : undefined));
  const [editing, setEditing] = useState(false);
  const [picked, setPicked] = useState<CategoryId[]>([]);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLDivElement>(null);
  // Another clause, or the relabel changed (saved here, undone, or changed in another window): close the editor.
  useEffect(() => {
    setEditing(false);
    setProblem(null);
  }, [policyId, clause?.id, relabel?.rev]);
  useEffect(() => {
    if (editing) formRef.current?.scrollIntoView({ block: 'nearest' });
  }, [editing]);

  if (!clause) {
    return (
      <div className="evidence-cats">
        <span className="evidence-cats-label">{t(lang, 'evidence.categories')}</span>
        <span className="muted">…</span>
      </div>
    );
  }
  // The analysis may predate the relabel (categories are then the engine's) or include it (engineCategories).
  const engine: ClauseCategory[] = clause.engineCategories ?? clause.categories;
  const engineIds = engine.map((c) => c.id);
  const shown = relabel ? relabel.categories : engineIds;
  const engineText = engineIds.length ? engineIds.map((id) => catLabel(lang, id)).join(listSep(lang)) : t(lang, 'evidence.noCategories');

  const start = () => {
    setPicked(ordered(shown));
    setReason(relabel?.reason ?? '');
    setProblem(null);
    setEditing(true);
  };
  const unchanged = picked.join() === ordered(shown).join() && reason.trim() === (relabel?.reason ?? '');
  const save = async () => {
    if (picked.length === 0) return setProblem('relabel.pickOne');
    setBusy(true);
    const ok = await saveRelabel({ policyId, clauseId: clause.id, categories: ordered(picked), reason: reason.trim(), baseRev: relabel?.rev ?? null });
    setBusy(false);
    if (ok) setEditing(false);
  };
  const clear = async () => {
    if (!relabel) return;
    setBusy(true);
    const ok = await saveRelabel({ policyId, clauseId: clause.id, categories: null, baseRev: relabel.rev });
    setBusy(false);
    if (ok) setEditing(false);
  };

  return (
    <div className="clause-categories" data-testid="clause-categories" data-relabelled={relabel ? 'true' : 'false'}>
      <div className="evidence-cats">
        <span className="evidence-cats-label">{t(lang, 'evidence.categories')}</span>
        {relabel ? (
          <>
            {relabel.categories.map((id) => (
              <span
                key={id}
                className={`pb-chip cat cat-${id} is-reviewer`}
                data-testid="category-reviewer"
                data-category={id}
                title={t(lang, engineIds.includes(id) ? 'relabel.reviewerKept' : 'relabel.reviewerAdded')}
              >
                <span className="relabel-mark" aria-hidden="true">
                  ✎
                </span>
                {catLabel(lang, id)}
              </span>
            ))}
            {engineIds
              .filter((id) => !relabel.categories.includes(id))
              .map((id) => (
                <del key={id} className={`pb-chip cat cat-${id} is-engine-dropped`} data-testid="category-engine-dropped" data-category={id} title={t(lang, 'relabel.engineDropped')}>
                  {catLabel(lang, id)}
                </del>
              ))}
          </>
        ) : engine.length > 0 ? (
          engine.map((c) => (
            <span key={c.id} className={`pb-chip cat cat-${c.id}`} data-testid="category-engine" data-category={c.id} title={`${c.source} · ${Math.round(c.confidence * 100)}%`}>
              {catLabel(lang, c.id)}
            </span>
          ))
        ) : (
          <span className="muted">{t(lang, 'evidence.noCategories')}</span>
        )}
        {hasWorkspace && !editing && (
          <button type="button" className="link-button relabel-edit" data-testid="relabel-edit" title={t(lang, 'relabel.editTitle')} onClick={start}>
            {t(lang, 'relabel.edit')}
          </button>
        )}
      </div>

      {relabel && !editing && (
        <div className="relabel-meta" data-testid="relabel-meta">
          <span className="relabel-badge">✎ {t(lang, 'relabel.marker')}</span>{' '}
          <span className="muted">
            {t(lang, 'relabel.by', { author: relabel.author, at: formatTime(relabel.at, lang) })} · {t(lang, 'relabel.engine', { cats: engineText })}
          </span>
          {relabel.reason && <div className="relabel-reason">{relabel.reason}</div>}
        </div>
      )}

      {editing && (
        <div className="relabel-form" ref={formRef} data-testid="relabel-form">
          <div className="relabel-form-title">{t(lang, 'relabel.title')}</div>
          <div className="chip-picker" role="group" aria-label={t(lang, 'relabel.title')}>
            {CATEGORIES.map((c) => {
              const on = picked.includes(c.id);
              const other = lang === 'zh-CN' ? c.label.en : c.label.zh;
              return (
                <button
                  key={c.id}
                  type="button"
                  className={`pb-chip pick ${on ? 'is-on' : ''}`}
                  aria-pressed={on}
                  data-category={c.id}
                  title={`${other} — ${label(lang, c.description)}${engineIds.includes(c.id) ? ` (${t(lang, 'relabel.engine', { cats: catLabel(lang, c.id) })})` : ''}`}
                  onClick={() => {
                    setPicked(toggle(picked, c.id));
                    setProblem(null);
                  }}
                >
                  {label(lang, c.label)}
                  {engineIds.includes(c.id) && <span className="relabel-engine-dot" aria-hidden="true" />}
                </button>
              );
            })}
          </div>
          <p className="relabel-hint muted">{t(lang, 'relabel.hint')}</p>
          <label className="override-reason-field">
            <span>{t(lang, 'relabel.reason')}</span>
            <textarea rows={2} maxLength={2000} value={reason} placeholder={t(lang, 'relabel.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} data-testid="relabel-reason" />
          </label>
          {problem && (
            <p className="form-problem" role="alert">
              {t(lang, problem)}
            </p>
          )}
          <div className="annotation-foot">
            {relabel && (
              <button type="button" className="danger" disabled={busy} onClick={() => void clear()} data-testid="relabel-clear">
                {t(lang, 'relabel.clear')}
              </button>
            )}
            <span className="tb-spacer" />
            <button type="button" onClick={() => setEditing(false)}>
              {t(lang, 'review.cancel')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy || unchanged}
              title={unchanged ? t(lang, 'relabel.unchanged') : undefined}
              onClick={() => void save()}
              data-testid="relabel-save"
            >
              {t(lang, 'relabel.save')}
            </button>
          </div>
        </div>
      )}

      {hasWorkspace && <ClauseHistory policyId={policyId} clauseId={clause.id} lang={lang} />}
    </div>
  );
}

/** The clause's changes (categories and notes), oldest first; folded, and absent while there are none. */
function ClauseHistory(props: { policyId: string; clauseId: string; lang: Lang }) {
  const { policyId, clauseId, lang } = props;
  const revision = useStore((s) => s.workspace?.revision);
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  useEffect(() => {
    let live = true;
    void loadClauseHistory(policyId, clauseId).then((e) => {
      if (live) setEntries(e);
    });
    return () => {
      live = false;
    };
  }, [policyId, clauseId, revision]);
  if (entries.length === 0) return null;
  return (
    <details className="relabel-history" data-testid="clause-history">
      <summary>
        {t(lang, 'relabel.history')} ({entries.length})
      </summary>
      <ol className="history-list">
        {entries.map((e) => (
          <li key={e.seq} data-testid="clause-history-entry" data-op={e.op}>
            <span className="history-when">{formatTime(e.at, lang)}</span> <span className="history-who">{e.author}</span>{' '}
            <span className="history-what">
              {describeHistory(e, '', lang)}
              {e.undoOf ? ` ${t(lang, 'history.undo')}` : e.redoOf ? ` ${t(lang, 'history.redo')}` : ''}
            </span>
          </li>
        ))}
      </ol>
    </details>
  );
}

/**
 * The relabelled clauses behind a value that moved (Cell.relabel.clauseIds): a relabel can take a clause out of the
 * cell's evidence, so the reviewer finds it, and can change or clear it, here.
 */
export function RelabelledClauses(props: { policyId: string; clauseIds: string[]; clauses: Clause[] | undefined; lang: Lang }) {
  const { policyId, clauseIds, clauses, lang } = props;
  if (clauseIds.length === 0) return null;
  return (
    <section className="relabel-involved" data-testid="relabelled-clauses">
      <h3>{t(lang, 'relabel.involved')}</h3>
      <ol>
        {clauseIds.map((id) => {
          const c = clauses?.find((x) => x.id === id);
          return (
            <li key={id} data-clause-id={id}>
              <div className="quote-section">{c ? (c.section.length ? c.section.join(' › ') : t(lang, 'evidence.topLevel')) : '…'}</div>
              {c && <div className="relabel-involved-text">{c.text}</div>}
              <ClauseCategories policyId={policyId} clause={c} lang={lang} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
