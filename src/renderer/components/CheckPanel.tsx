// The evidence panel in checks mode: a regulation check's rule, source, severity and explanation, then the
// quotes of the cells it read in the same quote list and full-text view as the evidence panel, or, when the
// flag is about an absence, the explanation of what was not found. Status and explanation are the grid's
// (checks-get); the evidence comes with the full result from check-get when the cell is selected.
import { useEffect, useRef } from 'react';
import { getAttribute } from '../../shared/taxonomy';
import { ensureAnalysis, loadCheckDetail } from '../actions';
import { getCommand } from '../commands';
import { label, t } from '../i18n';
import { useStore } from '../store';
import { selectedCheck, selectedCheckDetail } from '../store/selectors';
import { SeverityMark, sourceText, STATUS_ICON, statusText } from './checks';
import { PolicyText } from './PolicyText';

export function CheckPanel() {
  const lang = useStore((s) => s.lang);
  const selection = useStore((s) => s.selection);
  const result = useStore(selectedCheck);
  const detail = useStore(selectedCheckDetail);
  const checks = useStore((s) => s.checks);
  const rule = useStore((s) => s.checks?.rules.find((r) => r.id === s.selection?.ruleId));
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

  // The full result for this cell; asked again when the checks change (an override can move its evidence).
  useEffect(() => {
    if (selection?.ruleId) void loadCheckDetail(selection.policyId, selection.ruleId);
  }, [selection?.policyId, selection?.ruleId, checks]);

  const index = selection?.index ?? 0;
  useEffect(() => {
    quotesRef.current?.querySelector('.is-current')?.scrollIntoView({ block: 'nearest' });
  }, [index]);

  if (!selection) return null;
  const evidence = detail?.evidence ?? [];
  const current = evidence[index] ?? null;

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
  const title = rule ? label(lang, rule.title) : (selection.ruleId ?? '');

  return (
    <aside className="evidence is-check" style={{ width }} aria-label={title} data-testid="evidence-panel" data-mode="check">
      <div className="evidence-resize" role="separator" aria-orientation="vertical" title={t(lang, 'evidence.resize')} onPointerDown={startResize} />
      <header className="evidence-head">
        <div className="evidence-titles">
          <div className="evidence-kicker">
            {policy?.app ?? selection.policyId}
            <span className="sep"> › </span>
            {t(lang, 'checks.group')}
          </div>
          <h2 className="evidence-attr" data-testid="check-title">
            {title}
          </h2>
          {result && (
            <div className="check-status-line">
              <span className={`pb-check-badge is-${result.status}`} data-testid="check-status" data-status={result.status}>
                <span className="pb-check-icon" aria-hidden>
                  {STATUS_ICON[result.status]}
                </span>
                {statusText(lang, result.status)}
              </span>
              <SeverityMark lang={lang} severity={result.severity} long />
            </div>
          )}
        </div>
        <button type="button" className="icon-button" onClick={close} title={t(lang, 'cmd.evidenceClose') + ' (Esc)'} aria-label={t(lang, 'cmd.evidenceClose')}>
          ×
        </button>
      </header>

      <section className="check-detail">
        {result && (
          <p className={`check-explanation is-${result.status}`} data-testid="check-explanation">
            {label(lang, result.explanation)}
          </p>
        )}
        {rule && (
          <dl className="check-facts">
            <dt>{t(lang, 'checks.source')}</dt>
            <dd data-testid="check-source">
              {sourceText(lang, rule.source)}
              {rule.source.url && <span className="check-url">{rule.source.url}</span>}
            </dd>
            {rule.source.also && rule.source.also.length > 0 && (
              <>
                <dt>{t(lang, 'checks.also')}</dt>
                <dd>
                  {rule.source.also.map((a) => (
                    <span key={`${a.law.en} ${a.article.en}`} className="check-also">
                      {sourceText(lang, a)}
                    </span>
                  ))}
                </dd>
              </>
            )}
            <dt>{t(lang, 'checks.reads')}</dt>
            <dd>{rule.reads.map((a) => (getAttribute(a) ? label(lang, getAttribute(a)!.label) : a)).join(lang === 'zh-CN' ? '、' : ', ')}</dd>
            {rule.note && (
              <>
                <dt>{t(lang, 'checks.note')}</dt>
                <dd className="check-note">{label(lang, rule.note)}</dd>
              </>
            )}
          </dl>
        )}
        <p className="check-disclaimer">{t(lang, 'checks.disclaimer')}</p>
      </section>

      {!detail ? (
        <p className="evidence-none muted" data-testid="check-loading">
          {t(lang, 'status.loading')}
        </p>
      ) : evidence.length === 0 ? (
        <p className="evidence-none" data-testid="check-absent">
          {t(lang, 'checks.absent')}
        </p>
      ) : (
        <section className="evidence-quotes">
          <div className="evidence-nav">
            <span className="evidence-title">{t(lang, 'checks.evidence')}</span>
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
                    <span className="quote-section">{c ? (c.section.length ? c.section.join(' › ') : t(lang, 'evidence.topLevel')) : '…'}</span>
                    <span className="quote-text" data-testid="evidence-quote">
                      {e.quote}
                    </span>
                  </button>
                </li>
              );
            })}
          </ol>
        </section>
      )}

      <section className="evidence-text">
        <h3>
          {t(lang, 'evidence.fullText')}
          {policy && <span className="muted"> · {policy.file}</span>}
        </h3>
        {analysis ? (
          // Keyed by the rule: a check without evidence opens the text at its start, not where the last one was.
          <PolicyText key={selection.attributeId} lang={lang} text={analysis.text} clauses={analysis.clauses} focusClauseId={current?.clauseId ?? null} evidence={current} query={query} />
        ) : (
          <p className="muted">{t(lang, 'evidence.loading')}</p>
        )}
      </section>
    </aside>
  );
}
