// The evidence panel: why a cell says what it says: the quotes, their sections and categories (which a reviewer
// can correct, see ClauseCategories), and the full text. The grid's cells carry evidence offsets only: the quotes
// are slices of the policy text this panel loads (policy-get), and show once it is here.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { getAttribute, getCategory } from '../../shared/taxonomy';
import type { EvidenceRef } from '../../shared/types';
import { ensureAnalysis } from '../actions';
import { getCommand } from '../commands';
import { valueText, weakness } from '../format';
import { label, t } from '../i18n';
import { useStore } from '../store';
import { selectedCell } from '../store/selectors';
import { ClauseCategories, RelabelledClauses } from './ClauseCategories';
import { PolicyText } from './PolicyText';
import { CellReviewPanel, ClauseReviewPanel } from './ReviewPanel';

const NO_EVIDENCE: EvidenceRef[] = [];

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
  const hasWorkspace = useStore((s) => s.workspace !== null);
  /** A clause picked in the full text: its categories are shown (and can be corrected) above the text. */
  const [picked, setPicked] = useState<string | null>(null);
  const pick = useCallback((clauseId: string) => setPicked((p) => (p === clauseId ? null : clauseId)), []);
  useEffect(() => setPicked(null), [selection?.policyId]);

  useEffect(() => {
    if (selection) void ensureAnalysis(selection.policyId);
  }, [selection?.policyId]); // eslint-disable-line react-hooks/exhaustive-deps

  const index = selection?.index ?? 0;
  useEffect(() => {
    quotesRef.current?.querySelector('.is-current')?.scrollIntoView({ block: 'nearest' });
  }, [index]);

  const evidence = cell?.evidence ?? NO_EVIDENCE;
  const current = evidence[index] ?? null;
  const text = analysis?.text;
  // The current piece with its quote, for the full text's mark (memoized: a new object would re-scroll the text).
  const currentQuoted = useMemo(() => (current && text !== undefined ? { ...current, quote: text.slice(current.start, current.end) } : null), [current, text]);

  if (!selection) return null;
  const attr = getAttribute(selection.attributeId);
  const clause = current && analysis ? analysis.clauses.find((c) => c.id === current.clauseId) : undefined;
  const weak = weakness(cell);
  const notStated = t(lang, 'value.notStated');
  const pickedClause = picked && analysis ? analysis.clauses.find((c) => c.id === picked) : undefined;
  const relabelNote = cell?.relabel ? t(lang, 'relabel.cellNote', { v: valueText(selection.attributeId, cell.relabel.engineValue, lang, notStated) }) : undefined;

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
            {cell?.relabel && !cell.override && (
              <span className="relabel-cell-marker" title={relabelNote} aria-label={relabelNote}>
                ⇄
              </span>
            )}
            {cell && cell.evidence.length > 0 && !cell.override && (
              <span className={`evidence-confidence ${weak ? 'is-weak' : ''}`}>
                {t(lang, 'evidence.confidence', { c: Math.round(cell.confidence * 100) })}
              </span>
            )}
          </div>
          {relabelNote && (
            <div className="relabel-cell-note" data-testid="relabel-cell-note">
              ⇄ {relabelNote}
            </div>
          )}
        </div>
        <button type="button" className="icon-button" onClick={close} title={t(lang, 'cmd.evidenceClose') + ' (Esc)'} aria-label={t(lang, 'cmd.evidenceClose')}>
          ×
        </button>
      </header>

      <div className="evidence-review">
        <CellReviewPanel policyId={selection.policyId} attributeId={selection.attributeId} cell={cell} />
        {cell?.relabel && (
          <RelabelledClauses
            policyId={selection.policyId}
            // Those still quoted as evidence are shown with their quote below.
            clauseIds={cell.relabel.clauseIds.filter((id) => !evidence.some((e) => e.clauseId === id))}
            clauses={analysis?.clauses}
            lang={lang}
          />
        )}
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
                    <span className="quote-text" data-testid="evidence-quote">
                      {text !== undefined ? text.slice(e.start, e.end) : '…'}
                    </span>
                  </button>
                </li>
              );
            })}
          </ol>
          <ClauseCategories policyId={selection.policyId} clause={clause} lang={lang} />
          {current && <ClauseReviewPanel policyId={selection.policyId} clauseId={current.clauseId} />}
        </section>
      )}

      <section className="evidence-text">
        <h3>
          {t(lang, 'evidence.fullText')}
          {policy && <span className="muted"> · {policy.file}</span>}
          {hasWorkspace && <span className="muted picked-hint"> · {t(lang, 'relabel.pickHint')}</span>}
        </h3>
        {pickedClause && (
          <div className="picked-clause" data-testid="picked-clause" data-clause-id={pickedClause.id}>
            <div className="picked-clause-head">
              <span className="picked-clause-title">{t(lang, 'relabel.picked')}</span>
              <span className="quote-section">{pickedClause.section.length ? pickedClause.section.join(' › ') : t(lang, 'evidence.topLevel')}</span>
              <span className="tb-spacer" />
              <button type="button" className="icon-button" onClick={() => setPicked(null)} title={t(lang, 'relabel.unpick')} aria-label={t(lang, 'relabel.unpick')}>
                ×
              </button>
            </div>
            {/* The clause itself is highlighted in the text below. */}
            <ClauseCategories policyId={selection.policyId} clause={pickedClause} lang={lang} />
          </div>
        )}
        {analysis ? (
          <PolicyText
            lang={lang}
            text={analysis.text}
            clauses={analysis.clauses}
            focusClauseId={current?.clauseId ?? null}
            evidence={currentQuoted}
            query={query}
            pickedClauseId={picked}
            onPickClause={pick}
          />
        ) : (
          <p className="muted">{t(lang, 'evidence.loading')}</p>
        )}
      </section>
    </aside>
  );
}
