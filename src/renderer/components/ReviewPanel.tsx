// The evidence panel's review area: notes on the cell and on the current clause, the value override editor,
// and the cell's history. Text the reviewer or a policy wrote is rendered as React text, never as HTML.
import { useEffect, useRef, useState } from 'react';
import { DURATION_UNIT_LABELS, DURATION_UNITS, getAttribute, getCategory, type AttributeDef, type DurationUnit } from '../../shared/taxonomy';
import { ANNOTATION_STATUSES, isDuration, type Annotation, type AnnotationStatus, type AnnotationTarget, type AttributeValue, type GridCell, type HistoryEntry } from '../../shared/types';
import { valueText } from '../format';
import { label, t, type Lang, type MessageKey } from '../i18n';
import { getCommand, shortcutLabel } from '../commands';
import { clearOverride, deleteAnnotation, loadHistory, saveAnnotation, saveOverride } from '../review-actions';
import { useStore } from '../store';
import { NeedsReviewBox } from './Versions';
import { cellReview, clauseNotes } from '../store/review';

const STATUS_KEY: Record<AnnotationStatus, MessageKey> = { ok: 'status.ok', concern: 'status.concern', violation: 'status.violation', follow_up: 'status.follow_up' };

export function formatTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'zh-CN' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function StatusButtons(props: { value: AnnotationStatus | null; onChange(s: AnnotationStatus): void; lang: Lang }) {
  return (
    <div className="status-buttons" role="group">
      {ANNOTATION_STATUSES.map((s, i) => (
        <button
          key={s}
          type="button"
          className={`status-button status-${s}`}
          aria-pressed={props.value === s}
          data-status={s}
          title={`${t(props.lang, STATUS_KEY[s])} (${i + 1})`}
          onClick={() => props.onChange(s)}
        >
          {t(props.lang, STATUS_KEY[s])}
        </button>
      ))}
    </div>
  );
}

/** One note: status buttons, the text, who and when, save and delete. Without `annotation`, a new note. */
function AnnotationEditor(props: { target: AnnotationTarget; annotation?: Annotation; lang: Lang; onClose?(): void }) {
  const { annotation: a, lang } = props;
  const [status, setStatus] = useState<AnnotationStatus | null>(a?.status ?? null);
  const [note, setNote] = useState(a?.note ?? '');
  const [busy, setBusy] = useState(false);
  // Another window (or undo) changed the note: show the saved version.
  useEffect(() => {
    setStatus(a?.status ?? null);
    setNote(a?.note ?? '');
  }, [a?.rev]); // eslint-disable-line react-hooks/exhaustive-deps
  const dirty = !a || status !== a.status || note !== a.note;
  const save = async () => {
    if (!status) return;
    setBusy(true);
    const ok = await saveAnnotation(a ? { id: a.id, target: props.target, status, note, baseRev: a.rev } : { target: props.target, status, note });
    setBusy(false);
    if (ok && !a) {
      setStatus(null);
      setNote('');
      props.onClose?.();
    }
  };
  return (
    <div className={`annotation ${a ? `has-status status-${a.status}` : 'is-new'}`} data-testid={a ? 'annotation' : 'annotation-new'}>
      {a?.needsReview && <NeedsReviewBox annotation={a} lang={lang} />}
      <StatusButtons value={status} onChange={setStatus} lang={lang} />
      <textarea
        className="annotation-note"
        value={note}
        placeholder={t(lang, 'review.notePlaceholder')}
        aria-label={t(lang, 'review.notePlaceholder')}
        rows={2}
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="annotation-foot">
        {a && (
          <span className="annotation-meta" data-testid="annotation-meta">
            {a.updatedAt !== a.createdAt
              ? t(lang, 'review.metaEdited', { author: a.author, created: formatTime(a.createdAt, lang), updated: formatTime(a.updatedAt, lang) })
              : t(lang, 'review.meta', { author: a.author, created: formatTime(a.createdAt, lang) })}
          </span>
        )}
        <span className="tb-spacer" />
        {!a && props.onClose && (
          <button type="button" onClick={props.onClose}>
            {t(lang, 'review.cancel')}
          </button>
        )}
        {a && (
          <button type="button" className="danger" disabled={busy} onClick={() => void deleteAnnotation(a.id, a.rev)}>
            {t(lang, 'review.delete')}
          </button>
        )}
        <button type="button" className="primary" disabled={busy || !status || !dirty} title={status ? undefined : t(lang, 'review.pickStatus')} onClick={() => void save()}>
          {t(lang, 'review.save')}
        </button>
      </div>
    </div>
  );
}

/** The notes on one target, and a way to add another. */
export function NotesSection(props: { target: AnnotationTarget; notes: Annotation[]; title: MessageKey; lang: Lang; testId: string }) {
  const [adding, setAdding] = useState(false);
  const { lang, notes } = props;
  return (
    <section className="review-notes" data-testid={props.testId}>
      <h3>{t(lang, props.title)}</h3>
      {notes.map((a) => (
        <AnnotationEditor key={a.id} target={props.target} annotation={a} lang={lang} />
      ))}
      {notes.length === 0 || adding ? (
        <AnnotationEditor target={props.target} lang={lang} onClose={notes.length ? () => setAdding(false) : undefined} />
      ) : (
        <button type="button" className="link-button" onClick={() => setAdding(true)}>
          + {t(lang, 'review.addNote')}
        </button>
      )}
    </section>
  );
}

// --- Override editor ------------------------------------------------------------------------------------

type Draft = { kind: 'choice'; value: string } | { kind: 'set'; codes: string[] } | { kind: 'text'; text: string } | { kind: 'duration'; number: string; unit: DurationUnit; choice: string };

function draftFrom(def: AttributeDef, v: AttributeValue): Draft {
  switch (def.kind) {
    case 'enum':
      return { kind: 'choice', value: typeof v === 'string' ? v : '' };
    case 'set':
      return { kind: 'set', codes: Array.isArray(v) ? (v as string[]) : [] };
    case 'names':
      return { kind: 'text', text: Array.isArray(v) ? (v as string[]).join('\n') : '' };
    case 'ages':
      return { kind: 'text', text: Array.isArray(v) ? (v as number[]).join(', ') : '' };
    case 'duration':
      return isDuration(v) ? { kind: 'duration', number: String(v.number), unit: v.unit, choice: '' } : { kind: 'duration', number: '', unit: 'days', choice: typeof v === 'string' ? v : '' };
  }
}

/** The draft as a value of the attribute's kind, or undefined when incomplete. */
function valueFrom(def: AttributeDef, d: Draft, lang: Lang): AttributeValue | undefined {
  if (d.kind === 'choice') return d.value || undefined;
  if (d.kind === 'set') return d.codes.length ? d.codes : 'not_stated';
  if (d.kind === 'text') {
    if (def.kind === 'names') {
      const names = d.text.split(/[\n,，、;；]+/).map((x) => x.trim()).filter(Boolean);
      return names.length ? names : 'not_stated';
    }
    const ages = d.text.split(/[\s,，、]+/).filter(Boolean).map(Number);
    if (ages.some((n) => !Number.isFinite(n) || n < 0)) return undefined;
    return ages.length ? ages : 'not_stated';
  }
  if (d.choice) return d.choice;
  const n = Number(d.number);
  if (d.number.trim() === '' || !Number.isFinite(n) || n < 0) return undefined;
  const unit = DURATION_UNIT_LABELS[d.unit];
  return { number: n, unit: d.unit, text: lang === 'zh-CN' ? `${n}${unit.zh}` : `${n} ${unit.en}` };
}

function ValuePicker(props: { def: AttributeDef; draft: Draft; onChange(d: Draft): void; lang: Lang }) {
  const { def, draft, lang } = props;
  const valueLabel = (v: string) => label(lang, def.valueLabels[v] ?? { zh: v, en: v });
  if (draft.kind === 'choice') {
    return (
      <select value={draft.value} onChange={(e) => props.onChange({ kind: 'choice', value: e.target.value })} data-testid="override-value">
        <option value="" disabled>
          …
        </option>
        {def.values.map((v) => (
          <option key={v} value={v}>
            {valueLabel(v)}
          </option>
        ))}
      </select>
    );
  }
  if (draft.kind === 'set') {
    return (
      <div className="chip-picker" data-testid="override-value">
        {def.values
          .filter((v) => v !== 'not_stated')
          .map((v) => {
            const on = draft.codes.includes(v);
            return (
              <button
                key={v}
                type="button"
                className={`pb-chip pick ${on ? 'is-on' : ''}`}
                aria-pressed={on}
                onClick={() => props.onChange({ kind: 'set', codes: on ? draft.codes.filter((c) => c !== v) : [...draft.codes, v] })}
              >
                {valueLabel(v)}
              </button>
            );
          })}
      </div>
    );
  }
  if (draft.kind === 'text') {
    const hint = t(lang, def.kind === 'names' ? 'override.namesHint' : 'override.agesHint');
    return def.kind === 'names' ? (
      <textarea rows={3} value={draft.text} placeholder={hint} aria-label={hint} onChange={(e) => props.onChange({ kind: 'text', text: e.target.value })} data-testid="override-value" />
    ) : (
      <input type="text" value={draft.text} placeholder={hint} aria-label={hint} onChange={(e) => props.onChange({ kind: 'text', text: e.target.value })} data-testid="override-value" />
    );
  }
  return (
    <div className="duration-picker" data-testid="override-value">
      <input
        type="number"
        min={0}
        value={draft.number}
        aria-label={t(lang, 'override.duration')}
        onChange={(e) => props.onChange({ ...draft, number: e.target.value, choice: '' })}
        data-testid="override-number"
      />
      <select value={draft.unit} onChange={(e) => props.onChange({ ...draft, unit: e.target.value as DurationUnit, choice: '' })} data-testid="override-unit">
        {DURATION_UNITS.map((u) => (
          <option key={u} value={u}>
            {label(lang, DURATION_UNIT_LABELS[u])}
          </option>
        ))}
      </select>
      <span className="muted">{t(lang, 'override.durationOr')}</span>
      <select value={draft.choice} onChange={(e) => props.onChange({ ...draft, choice: e.target.value })} data-testid="override-choice">
        <option value="">—</option>
        {def.values.map((v) => (
          <option key={v} value={v}>
            {valueLabel(v)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function OverrideSection(props: { policyId: string; attributeId: string; cell: GridCell | undefined; lang: Lang }) {
  const { policyId, attributeId, cell, lang } = props;
  const def = getAttribute(attributeId);
  const o = cell?.override;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const formRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    setEditing(false);
    setProblem(null);
  }, [policyId, attributeId, o?.rev]);
  // The form can be taller than the review area: bring its reason field and buttons into view.
  useEffect(() => {
    if (editing) formRef.current?.scrollIntoView({ block: 'nearest' });
  }, [editing]);
  if (!def) return null;
  const notStated = t(lang, 'value.notStated');
  const start = () => {
    setDraft(draftFrom(def, cell?.value ?? 'not_stated'));
    setReason(o?.reason ?? '');
    setProblem(null);
    setEditing(true);
  };
  const save = async () => {
    const value = draft ? valueFrom(def, draft, lang) : undefined;
    if (value === undefined) return setProblem('override.valueMissing');
    if (!reason.trim()) return setProblem('override.reasonMissing');
    if (await saveOverride({ policyId, attributeId, value, reason: reason.trim(), baseRev: o?.rev ?? null })) setEditing(false);
  };
  return (
    <section className="review-override" data-testid="override-section">
      <h3>{t(lang, 'override.title')}</h3>
      {o && (
        <div className="override-current" data-testid="override-current">
          <div className="override-badge">✱ {t(lang, 'override.current')}</div>
          <div className="override-reason">{o.reason}</div>
          <div className="muted">
            {t(lang, 'override.by', { author: o.author, at: formatTime(o.at, lang) })} · {t(lang, 'override.engine', { v: valueText(attributeId, o.engineValue, lang, notStated) })}
          </div>
        </div>
      )}
      {editing && draft ? (
        <div className="override-form" ref={formRef}>
          <ValuePicker def={def} draft={draft} onChange={setDraft} lang={lang} />
          <label className="override-reason-field">
            <span>{t(lang, 'override.reason')}</span>
            <textarea rows={2} value={reason} placeholder={t(lang, 'override.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} data-testid="override-reason" />
          </label>
          {problem && (
            <p className="form-problem" role="alert">
              {t(lang, problem)}
            </p>
          )}
          <div className="annotation-foot">
            <span className="tb-spacer" />
            <button type="button" onClick={() => setEditing(false)}>
              {t(lang, 'review.cancel')}
            </button>
            <button type="button" className="primary" onClick={() => void save()} data-testid="override-save">
              {t(lang, 'override.save')}
            </button>
          </div>
        </div>
      ) : (
        <div className="annotation-foot">
          <button type="button" onClick={start} data-testid="override-edit">
            {t(lang, 'override.edit')}
          </button>
          {o && (
            <button type="button" className="danger" onClick={() => void clearOverride(policyId, attributeId, o.rev)}>
              {t(lang, 'override.clear')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

// --- History --------------------------------------------------------------------------------------------

/** One history entry in words (attributeId: the cell's, for override values; empty for a clause). */
export function describeHistory(e: HistoryEntry, attributeId: string, lang: Lang): string {
  const notStated = t(lang, 'value.notStated');
  switch (e.op) {
    case 'annotation-upsert':
      return t(lang, e.annotationBefore ? 'history.annotationEdited' : 'history.annotationAdded', { status: t(lang, STATUS_KEY[e.annotation!.status]) }) + (e.annotation!.note ? `: “${e.annotation!.note}”` : '');
    case 'annotation-delete':
      return t(lang, 'history.annotationDeleted');
    case 'override-set':
      return t(lang, 'history.overrideSet', { v: valueText(attributeId, e.override!.value, lang, notStated) }) + ` (${e.override!.reason})`;
    case 'override-clear':
      return t(lang, 'history.overrideCleared');
    case 'relabel-set': {
      const cats = e.relabel!.categories.map((id) => label(lang, getCategory(id)?.label ?? { zh: id, en: id })).join(lang === 'zh-CN' ? '、' : ', ');
      return t(lang, 'history.relabelSet', { cats }) + (e.relabel!.reason ? ` (${e.relabel!.reason})` : '');
    }
    case 'relabel-clear':
      return t(lang, 'history.relabelCleared');
  }
}

export function HistoryList(props: { policyId: string; attributeId: string; lang: Lang }) {
  const { policyId, attributeId, lang } = props;
  const history = useStore((s) => s.history);
  const revision = useStore((s) => s.workspace?.revision);
  useEffect(() => {
    void loadHistory();
  }, [policyId, attributeId, revision]);
  const entries = history?.key === `${policyId}/${attributeId}` ? history.entries : [];
  return (
    <section className="review-history" data-testid="history">
      <h3 className="history-head">
        {t(lang, 'history.title')}
        <span className="tb-spacer" />
        <UndoButton id="edit-undo" glyph="↶" lang={lang} />
        <UndoButton id="edit-redo" glyph="↷" lang={lang} />
      </h3>
      {entries.length === 0 ? (
        <p className="muted">{t(lang, 'history.empty')}</p>
      ) : (
        <ol className="history-list">
          {entries.map((e) => (
            <li key={e.seq} data-testid="history-entry" data-op={e.op}>
              <span className="history-when">{formatTime(e.at, lang)}</span> <span className="history-who">{e.author}</span>{' '}
              <span className="history-what">
                {describeHistory(e, attributeId, lang)}
                {e.undoOf ? ` ${t(lang, 'history.undo')}` : e.redoOf ? ` ${t(lang, 'history.redo')}` : ''}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Undo and redo beside the history they change; the same commands as Ctrl/⌘+Z and Ctrl/⌘+Shift+Z. */
function UndoButton(props: { id: 'edit-undo' | 'edit-redo'; glyph: string; lang: Lang }) {
  const cmd = getCommand(props.id);
  const enabled = useStore((s) => cmd.enabled(s));
  const title = `${t(props.lang, cmd.title ?? cmd.label)} (${shortcutLabel(cmd.shortcuts[0]!)})`;
  return (
    <button type="button" className="undo-button" data-command={cmd.id} disabled={!enabled} title={title} aria-label={title} onClick={() => cmd.perform(useStore.getState())}>
      {props.glyph} {t(props.lang, cmd.label)}
    </button>
  );
}

/** Everything review-related for the selected cell, below its value in the evidence panel. */
export function CellReviewPanel(props: { policyId: string; attributeId: string; cell: GridCell | undefined }) {
  const lang = useStore((s) => s.lang);
  const hasWorkspace = useStore((s) => s.workspace !== null);
  const review = useStore((s) => cellReview(s, props.policyId, props.attributeId));
  if (!hasWorkspace) return null;
  const target = { policyId: props.policyId, attributeId: props.attributeId };
  return (
    <div className="review" data-testid="review-panel">
      <NotesSection target={target} notes={review?.notes ?? []} title="review.cellNotes" lang={lang} testId="cell-notes" />
      <OverrideSection policyId={props.policyId} attributeId={props.attributeId} cell={props.cell} lang={lang} />
      <HistoryList policyId={props.policyId} attributeId={props.attributeId} lang={lang} />
    </div>
  );
}

/** Notes on the clause the panel is showing. */
export function ClauseReviewPanel(props: { policyId: string; clauseId: string }) {
  const lang = useStore((s) => s.lang);
  const hasWorkspace = useStore((s) => s.workspace !== null);
  const notes = useStore((s) => clauseNotes(s, props.policyId, props.clauseId));
  if (!hasWorkspace) return null;
  return <NotesSection key={props.clauseId} target={{ policyId: props.policyId, clauseId: props.clauseId }} notes={notes} title="review.clauseNotes" lang={lang} testId="clause-notes" />;
}
