// The full policy text as React text nodes only (policies are untrusted input: no HTML injection, ever),
// split into clause spans, with the evidence quote and search hits marked. A click on a clause picks it (the
// evidence panel then shows its categories, which a reviewer can correct).
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Clause } from '../../shared/types';
import { t, type Lang } from '../i18n';
import { findAll } from '../store/selectors';

interface Mark {
  start: number;
  end: number;
  cls: 'ev-mark' | 'hit-mark';
}

/** Texts up to this size render whole; longer ones render a window of clauses around the evidence. */
const WHOLE_TEXT_LIMIT = 100_000;
const WINDOW_CLAUSES = 200;

function pieces(text: string, from: number, to: number, marks: Mark[], focusRef?: React.Ref<HTMLElement>): React.ReactNode[] {
  const inside = marks.filter((m) => m.end > from && m.start < to);
  if (inside.length === 0) return [text.slice(from, to)];
  const cuts = new Set<number>([from, to]);
  for (const m of inside) {
    cuts.add(Math.max(from, m.start));
    cuts.add(Math.min(to, m.end));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: React.ReactNode[] = [];
  let focusGiven = false;
  for (let i = 0; i < sorted.length - 1; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    if (a === b) continue;
    const covering = inside.filter((m) => m.start <= a && m.end >= b);
    const s = text.slice(a, b);
    if (covering.length === 0) {
      out.push(s);
      continue;
    }
    const isEvidence = covering.some((m) => m.cls === 'ev-mark');
    const isHit = covering.some((m) => m.cls === 'hit-mark');
    const cls = [isEvidence ? 'ev-mark' : '', isHit ? 'hit-mark' : ''].join(' ').trim();
    const ref = isEvidence && !focusGiven ? focusRef : undefined;
    if (ref) focusGiven = true;
    out.push(
      <mark key={a} className={cls} ref={ref as React.Ref<HTMLElement>}>
        {s}
      </mark>,
    );
  }
  return out;
}

const ClauseSpan = memo(function ClauseSpan(props: {
  text: string;
  clause: Clause;
  focused: boolean;
  picked: boolean;
  marks: Mark[];
  focusRef?: React.Ref<HTMLElement>;
  onPick?: (clauseId: string) => void;
}) {
  const { clause, onPick } = props;
  return (
    <span
      className={`clause kind-${clause.kind}${props.focused ? ' is-focus' : ''}${props.picked ? ' is-picked' : ''}`}
      data-clause-id={clause.id}
      // Selecting text to copy it is not a pick.
      onClick={onPick ? () => !window.getSelection()?.toString() && onPick(clause.id) : undefined}
    >
      {pieces(props.text, clause.start, clause.end, props.marks, props.focusRef)}
    </span>
  );
});

export function PolicyText(props: {
  lang: Lang;
  text: string;
  clauses: Clause[];
  focusClauseId: string | null;
  evidence: { start: number; end: number; quote: string } | null;
  query: string;
  /** The clause the reviewer picked in the text, and how a click picks one. */
  pickedClauseId?: string | null;
  onPickClause?: (clauseId: string) => void;
}) {
  const { text, clauses, focusClauseId, evidence, query, lang, pickedClauseId, onPickClause } = props;
  const focusRef = useRef<HTMLElement>(null);
  const [showAll, setShowAll] = useState(false);

  const sorted = useMemo(() => [...clauses].sort((a, b) => a.start - b.start), [clauses]);
  const hits = useMemo<Mark[]>(() => findAll(text, query).map(([start, end]) => ({ start, end, cls: 'hit-mark' })), [text, query]);

  const evidenceMark = useMemo<Mark | null>(() => {
    if (!evidence) return null;
    // Offsets are authoritative; if they ever disagree with the quote, find the quote instead.
    if (text.slice(evidence.start, evidence.end) === evidence.quote || !evidence.quote) {
      return { start: evidence.start, end: evidence.end, cls: 'ev-mark' };
    }
    const near = text.indexOf(evidence.quote, Math.max(0, evidence.start - 200));
    const at = near >= 0 ? near : text.indexOf(evidence.quote);
    return at >= 0 ? { start: at, end: at + evidence.quote.length, cls: 'ev-mark' } : { start: evidence.start, end: evidence.end, cls: 'ev-mark' };
  }, [text, evidence]);

  const focusIndex = useMemo(() => {
    const byId = focusClauseId ? sorted.findIndex((c) => c.id === focusClauseId) : -1;
    if (byId >= 0) return byId;
    return evidenceMark ? sorted.findIndex((c) => c.end > evidenceMark.start) : -1;
  }, [sorted, focusClauseId, evidenceMark]);

  const windowed = text.length > WHOLE_TEXT_LIMIT && !showAll;
  const [from, to] = windowed
    ? [Math.max(0, focusIndex - WINDOW_CLAUSES), Math.min(sorted.length, Math.max(focusIndex, 0) + WINDOW_CLAUSES)]
    : [0, sorted.length];

  useLayoutEffect(() => {
    focusRef.current?.scrollIntoView({ block: 'center' });
  }, [evidenceMark, focusIndex, text]);

  const nodes: React.ReactNode[] = [];
  let focusAssigned = false;
  let pos = from === 0 ? 0 : (sorted[from]?.start ?? 0);
  for (let i = from; i < to; i++) {
    const c = sorted[i]!;
    if (c.start < pos) continue; // overlapping clause: already covered
    if (c.start > pos) nodes.push(<span key={`g${pos}`}>{pieces(text, pos, c.start, hits)}</span>);
    const marks = evidenceMark && evidenceMark.end > c.start && evidenceMark.start < c.end ? [...hits, evidenceMark] : hits;
    const clauseMarks = marks.filter((m) => m.end > c.start && m.start < c.end);
    const hasEvidence = clauseMarks.some((m) => m.cls === 'ev-mark');
    const giveFocus = hasEvidence && !focusAssigned;
    if (giveFocus) focusAssigned = true;
    nodes.push(
      <ClauseSpan
        key={c.id}
        text={text}
        clause={c}
        focused={i === focusIndex}
        picked={c.id === pickedClauseId}
        marks={clauseMarks.length ? clauseMarks : NO_MARKS}
        focusRef={giveFocus ? focusRef : undefined}
        onPick={onPickClause}
      />,
    );
    pos = c.end;
  }
  const end = to === sorted.length ? text.length : (sorted[to]?.start ?? text.length);
  if (pos < end) nodes.push(<span key={`g${pos}`}>{pieces(text, pos, end, evidenceMark ? [...hits, evidenceMark] : hits, focusRef)}</span>);

  return (
    <div className={`policy-text${onPickClause ? ' is-pickable' : ''}`} lang="zh-CN">
      {windowed && (
        <p className="policy-text-note">
          {t(lang, 'evidence.truncated')}{' '}
          <button type="button" className="link" onClick={() => setShowAll(true)}>
            {t(lang, 'evidence.showAll')}
          </button>
        </p>
      )}
      {nodes}
    </div>
  );
}

const NO_MARKS: Mark[] = [];
