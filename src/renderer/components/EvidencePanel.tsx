// The evidence panel: why a cell says what it says: the quotes, their sections and categories, and the full text.
import { useEffect, useRef } from 'react';
import { getAttribute, getCategory } from '../../shared/taxonomy';
import { ensureAnalysis } from '../actions';
import { getCommand } from '../commands';
import { valueText, weakness } from '../format';
import { label, t } from '../i18n';
import { useStore } from '../store';
import { selectedCell } from '../store/selectors';
import { PolicyText } from './PolicyText';
import { CellReviewPanel, ClauseReviewPanel } from './ReviewPanel';

export function EvidencePanel() {
  const lang = useStore((s) => s.lang);
  const selection = useStore((s) => s.selection);
  const cell = useStore(selectedCell);
  const policy = useStore((s) => s.matrix?.policies.find((p) => p.id === s.selection?.policyId));
  const analysis = useStore((s) => (s.selection ? s.analyses[s.selection.policyId] : undefined));
  const query = useStore((s) => s.searchQuery);
  const width = useStore((s) => s.panelWidth);
  const setPanelWidth = useStore((s) => s.setPanelWidth);
  const setIndex = useStore((s) => s.setEvidenceIndex);
  const close = useStore((s) => s.closeEvidence);
  const quotesRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (selection) void ensureAnalysis(selection.policyId);
  }, [selection?.policyId]); // eslint-disable-line react-hooks/exhaustive-deps

  const index = selection?.index ?? 0;
  useEffect(() => {
    quotesRef.current?.querySelector('.is-current')?.scrollIntoView({ block: 'nearest' });
  }, [index]);

  if (!selection) return null;
  const attr = getAttribute(selection.attributeId);
  const evidence = cell?.evidence ?? [];
  const current = evidence[index] ?? null;
  const clause = current && analysis ? analysis.clauses.find((c) => c.id === current.clauseId) : undefined;
  const weak = weakness(cell);
  const notStated = t(lang, 'value.notStated');

  const startResize = (e: React.PointerEvent<HTMLDivElement>) => {
    const startX = e.clientX;
    const startW = width;
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => setPanelWidth(startW + (startX - ev.clientX));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };

  const prev = getCommand('evidence-prev');
  const next = getCommand('evidence-next');
  const canStep = evidence.length > 1;

  return (
    <aside className="evidence" style={{ width }} aria-label={t(lang, 'evidence.title')} data-testid="evidence-panel">
      <div
        className="evidence-resize"
        role="separator"
        aria-orientation="vertical"
        title={t(lang, 'evidence.resize')}
        onPointerDown={startResize}
      />
      <header className="evidence-head">
        <div className="evidence-titles">
          <div className="evidence-kicker">
            {policy?.app ?? selection.policyId}
            {attr && (
              <>
                <span className="sep"> › </span>
                {label(lang, getCategory(attr.category)?.label ?? { zh: attr.category, en: attr.category })}
              </>
            )}
          </div>
          <h2 className="evidence-attr">{attr ? label(lang, attr.label) : selection.attributeId}</h2>
          <div className={`evidence-value ${cell && cell.evidence.length === 0 && !cell.override ? 'is-not-stated' : ''} ${cell?.override ? 'is-overridden' : ''}`}>
            {valueText(selection.attributeId, cell?.value, lang, notStated)}
            {cell?.override && (
              <span className="override-marker" title={t(lang, 'override.marker', { reason: cell.override.reason, author: cell.override.author })}>
                ✱
              </span>
            )}
            {cell && cell.evidence.length > 0 && !cell.override && (
              <span className={`evidence-confidence ${weak ? 'is-weak' : ''}`}>
                {t(lang, 'evidence.confidence', { c: Math.round(cell.confidence * 100) })}
              </span>
            )}
          </div>
        </div>
        <button type="button" className="icon-button" onClick={close} title={t(lang, 'cmd.evidenceClose') + ' (Esc)'} aria-label={t(lang, 'cmd.evidenceClose')}>
          ×
        </button>
      </header>

      <div className="evidence-review">
        <CellReviewPanel policyId={selection.policyId} attributeId={selection.attributeId} cell={cell} />
      </div>

      {evidence.length === 0 ? (
        <p className="evidence-none">{t(lang, 'evidence.none')}</p>
      ) : (
        <section className="evidence-quotes">
          <div className="evidence-nav">
            <span className="evidence-title">{t(lang, 'evidence.title')}</span>
            <span className="evidence-count" data-testid="evidence-count">
              {t(lang, 'evidence.count', { i: index + 1, n: evidence.length })}
            </span>
            <button type="button" disabled={!canStep} onClick={() => prev.perform(useStore.getState())} title={`${t(lang, prev.label)} ([)`}>
              ‹ {t(lang, prev.label)}
            </button>
            <button type="button" disabled={!canStep} onClick={() => next.perform(useStore.getState())} title={`${t(lang, next.label)} (])`}>
              {t(lang, next.label)} ›
            </button>
          </div>
          <ol className="quote-list" ref={quotesRef}>
            {evidence.map((e, i) => {
              const c = analysis?.clauses.find((x) => x.id === e.clauseId);
              return (
                <li key={`${e.clauseId}:${e.start}`} className={i === index ? 'is-current' : ''}>
                  <button type="button" className="quote" onClick={() => setIndex(i)} aria-current={i === index}>
                    <span className="quote-section">
                      {c ? (c.section.length ? c.section.join(' › ') : t(lang, 'evidence.topLevel')) : '…'}
                    </span>
                    <span className="quote-text" data-testid="evidence-quote">{e.quote}</span>
                  </button>
                </li>
              );
            })}
          </ol>
          <div className="evidence-cats">
            <span className="evidence-cats-label">{t(lang, 'evidence.categories')}</span>
            {clause && clause.categories.length > 0 ? (
              clause.categories.map((c) => (
                <span key={c.id} className={`pb-chip cat cat-${c.id}`} title={`${c.source} · ${Math.round(c.confidence * 100)}%`}>
                  {label(lang, getCategory(c.id)?.label ?? { zh: c.id, en: c.id })}
                </span>
              ))
            ) : (
              <span className="muted">{clause ? t(lang, 'evidence.noCategories') : '…'}</span>
            )}
          </div>
          {current && <ClauseReviewPanel policyId={selection.policyId} clauseId={current.clauseId} />}
        </section>
      )}

      <section className="evidence-text">
        <h3>
          {t(lang, 'evidence.fullText')}
          {policy && <span className="muted"> · {policy.file}</span>}
        </h3>
        {analysis ? (
          <PolicyText
            lang={lang}
            text={analysis.text}
            clauses={analysis.clauses}
            focusClauseId={current?.clauseId ?? null}
            evidence={current}
            query={query}
          />
        ) : (
          <p className="muted">{t(lang, 'evidence.loading')}</p>
        )}
      </section>
    </aside>
  );
}
