// The grid's renderers: values for people, the attribute column, the category header rows, app headers.
import { useEffect, useState } from 'react';
import type { CustomHeaderProps, CustomCellRendererProps } from 'ag-grid-react';
import { useShallow } from 'zustand/react/shallow';
import { getAttribute, getCategory, ATTRIBUTES } from '../../shared/taxonomy';
import type { GridCell, PolicySummary } from '../../shared/types';
import { displayValue, weakness } from '../format';
import { label, t } from '../i18n';
import { useStore, type Store } from '../store';
import { VersionBadge, VersionDelta } from './Versions';
import { cellReview } from '../store/review';
import { selectDiffering, selectSearchHits, type RowData } from '../store/selectors';
import { CheckRuleCell, HeaderFlags } from './checks';

/** Attribute counts per category, for the group rows (static taxonomy). */
const CATEGORY_SIZES = new Map<string, number>();
for (const a of ATTRIBUTES) CATEGORY_SIZES.set(a.category, (CATEGORY_SIZES.get(a.category) ?? 0) + 1);

// Cells mount by the hundred when columns scroll into view (issue 10): one store subscription per cell, compared
// shallowly, instead of one per value; the column-width listener only where chips need it.
export function ValueCell(props: CustomCellRendererProps<RowData, GridCell | undefined> & { policyId: string }) {
  const attributeId = props.data?.kind === 'attr' ? props.data.attributeId : undefined;
  const { policyId } = props;
  const { lang, selected, review, changed } = useStore(
    useShallow((s) => ({
      lang: s.lang,
      selected: attributeId !== undefined && s.selection?.policyId === policyId && s.selection.attributeId === attributeId,
      review: attributeId !== undefined ? cellReview(s, policyId, attributeId) : undefined,
      changed: attributeId !== undefined ? s.changedCells[policyId]?.[attributeId] !== undefined : false,
    })),
  );
  const data = props.data;
  if (!data || data.kind !== 'attr') return null;
  const attr = getAttribute(data.attributeId);
  if (!attr) return null;
  const cell = props.value ?? undefined;
  const d = displayValue(attr, cell?.value, lang);
  // An overridden value is the reviewer's, so the engine's doubts about its own value no longer apply.
  const weak = cell?.override ? null : weakness(cell);
  const weakTitle =
    weak === 'low_confidence'
      ? t(lang, 'value.lowConfidence', { c: Math.round((cell?.confidence ?? 0) * 100), n: cell?.evidence.length ?? 0 })
      : weak === 'single_evidence'
        ? t(lang, 'value.singleEvidence')
        : undefined;
  const override = cell?.override;
  // A value read again with a reviewer's clause relabels (and not overridden on top): say what the engine found.
  const relabel = override ? undefined : cell?.relabel;
  const relabelTitle = relabel ? t(lang, 'relabel.cellNote', { v: plainValue(displayValue(attr, relabel.engineValue, lang), lang) }) : undefined;
  const badges = (review?.status ? 18 : 0) + (review?.hasText ? 16 : 0) + (override ? 16 : 0) + (relabel ? 16 : 0);
  const cls = [
    'pb-cell',
    selected ? 'is-selected' : '',
    weak ? 'is-weak' : '',
    d.kind === 'not_stated' ? 'is-not-stated' : '',
    override ? 'is-overridden' : '',
    review?.status ? `has-status status-${review.status}` : '',
  ].join(' ');
  const overrideTitle = override ? t(lang, 'override.marker', { reason: override.reason, author: override.author }) : undefined;
  return (
    <div className={cls} data-attribute={data.attributeId} data-policy={props.policyId} data-status={review?.status} title={overrideTitle}>
      {d.kind === 'not_stated' ? (
        <span className="pb-not-stated">{t(lang, 'value.notStated')}</span>
      ) : d.kind === 'chips' ? (
        <Chips
          items={d.items}
          title={d.items.join(lang === 'zh-CN' ? '、' : ', ')}
          more={(n) => t(lang, 'value.more', { n })}
          column={props.column}
          // Cell padding 10px each side, the "?" badge 22px; rows pad 8px top and bottom.
          reserved={20 + (weak ? 22 : 0) + badges}
          height={(props.node.rowHeight ?? 38) - 16}
        />
      ) : (
        <span className="pb-value">{d.text}</span>
      )}
      {changed && <VersionDelta policyId={props.policyId} attributeId={data.attributeId} lang={lang} />}
      {weak && (
        <span className="pb-weak" title={weakTitle} aria-label={weakTitle}>
          ?
        </span>
      )}
      {(review?.status || override || relabel) && (
        <span className="pb-badges">
          {relabel && (
            <span className="pb-badge-relabel" data-testid="badge-relabel" title={relabelTitle} aria-label={relabelTitle}>
              ⇄
            </span>
          )}
          {override && (
            <span className="pb-badge-override" data-testid="badge-override" title={overrideTitle} aria-label={overrideTitle}>
              ✱
            </span>
          )}
          {review?.hasText && (
            <span className="pb-badge-note" data-testid="badge-note" title={review.notes.map((n) => n.note).filter(Boolean).join('\n')} aria-label={t(lang, 'badge.note')}>
              ✎
            </span>
          )}
          {review?.status && (
            <span
              className={`pb-badge-status status-${review.status}`}
              data-testid="badge-status"
              title={t(lang, `status.${review.status}`)}
              aria-label={t(lang, `status.${review.status}`)}
            />
          )}
        </span>
      )}
    </div>
  );
}

/** Estimated chip width at 12px: CJK glyphs are square, Latin ones about 0.57em; plus padding and border. */
function chipWidth(text: string): number {
  let w = 16;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e80 ? 12.4 : 7.2;
  return w;
}

/**
 * How many chips fit in `lines` lines of `width` px, keeping room for a "+N" badge when some do not.
 * Computed, not measured: reading layout in every cell made horizontal scrolling over 200 apps drop frames.
 */
function chipsThatFit(items: string[], width: number, lines: number): number {
  const GAP = 4;
  const MORE = 34;
  let line = 1;
  let x = 0;
  for (let i = 0; i < items.length; i++) {
    const w = Math.min(chipWidth(items[i]!), width);
    const needed = x === 0 ? w : x + GAP + w;
    if (needed <= width) {
      x = needed;
      continue;
    }
    if (line < lines) {
      line += 1;
      x = w;
      continue;
    }
    // Out of room: drop chips from the end of the last line until the badge fits.
    let fit = i;
    let used = x;
    while (fit > 0 && used + GAP + MORE > width) {
      fit -= 1;
      used -= chipWidth(items[fit]!) + GAP;
    }
    return fit;
  }
  return items.length;
}

function Chips(props: {
  items: string[];
  title: string;
  more(n: number): string;
  column: CustomCellRendererProps['column'];
  reserved: number;
  height: number;
}) {
  const width = useColumnWidth(props.column) - props.reserved;
  const lines = Math.max(1, Math.floor((props.height + 3) / 21));
  const fit = chipsThatFit(props.items, width, lines);
  const hidden = props.items.length - fit;
  return (
    <span className="pb-chips" title={props.title}>
      {props.items.slice(0, fit).map((item) => (
        <span className="pb-chip" key={item}>
          {item}
        </span>
      ))}
      {hidden > 0 && (
        <span className="pb-more" title={props.more(hidden)}>
          +{hidden}
        </span>
      )}
    </span>
  );
}

/** The column's width, kept current when the reviewer resizes it. */
function useColumnWidth(column: CustomCellRendererProps['column']): number {
  const [width, setWidth] = useState(() => column?.getActualWidth() ?? 200);
  useEffect(() => {
    if (!column) return;
    const onWidth = () => setWidth(column.getActualWidth());
    column.addEventListener('widthChanged', onWidth);
    return () => column.removeEventListener('widthChanged', onWidth);
  }, [column]);
  return width;
}

export function AttributeCell(props: CustomCellRendererProps<RowData>) {
  const lang = useStore((s) => s.lang);
  const data = props.data;
  const differs = useStore((s) => (data?.kind === 'attr' ? selectDiffering(s).has(data.attributeId) : false));
  if (data?.kind === 'check') return <CheckRuleCell data={data} lang={lang} />;
  if (!data || data.kind !== 'attr') return null;
  const attr = getAttribute(data.attributeId);
  return (
    <div className="pb-attr">
      <span className="pb-attr-label">{attr ? label(lang, attr.label) : data.attributeId}</span>
      {differs && (
        <span className="pb-differs" title={t(lang, 'grid.differ')} aria-label={t(lang, 'grid.differ')}>
          ≠
        </span>
      )}
    </div>
  );
}

export function GroupRow(props: CustomCellRendererProps<RowData>) {
  const lang = useStore((s) => s.lang);
  const data = props.data;
  const collapsed = useStore((s) => (data?.kind === 'group' ? Boolean(s.collapsed[data.category]) : false));
  const toggle = useStore((s) => s.toggleCollapsed);
  const ruleCount = useStore((s) => s.checks?.rules.length ?? 0);
  if (!data || data.kind !== 'group') return null;
  const isChecks = data.category === 'checks';
  const cat = isChecks ? undefined : getCategory(data.category);
  const count = isChecks ? ruleCount : (CATEGORY_SIZES.get(data.category) ?? 0);
  const groupLabel = isChecks ? t(lang, 'checks.group') : cat ? label(lang, cat.label) : data.category;
  const groupTitle = isChecks ? t(lang, 'checks.groupHint') : cat ? label(lang, cat.description) : undefined;
  return (
    <div
      className={`pb-group ${isChecks ? 'is-checks' : ''}`}
      data-category={data.category}
      role="button"
      aria-expanded={!collapsed}
      onClick={() => toggle(data.category)}
      title={groupTitle}
    >
      <span className={`pb-chevron ${collapsed ? 'is-collapsed' : ''}`} aria-hidden>
        ▾
      </span>
      {isChecks && (
        <span className="pb-group-icon" aria-hidden>
          ⚑
        </span>
      )}
      <span className="pb-group-label">{groupLabel}</span>
      <span className="pb-group-count">{t(lang, 'grid.rows', { n: count })}</span>
    </div>
  );
}

/** Policies by id, rebuilt only when the matrix changes (headers looked each one up with find() on every store change). */
let policyIndex: { matrix: Store['matrix']; byId: Map<string, PolicySummary> } | null = null;
function policyById(s: Store, id: string): PolicySummary | undefined {
  if (!s.matrix) return undefined;
  if (policyIndex?.matrix !== s.matrix) policyIndex = { matrix: s.matrix, byId: new Map(s.matrix.policies.map((p) => [p.id, p])) };
  return policyIndex.byId.get(id);
}

export function AppHeader(props: CustomHeaderProps & { policyId: string }) {
  const { policyId } = props;
  const { lang, policy, query, hits, openDialog } = useStore(
    useShallow((s) => ({
      lang: s.lang,
      policy: policyById(s, policyId),
      query: s.searchQuery,
      hits: s.searchQuery ? selectSearchHits(s)[policyId] : undefined,
      openDialog: s.openDialog,
    })),
  );
  const name = policy?.app ?? props.displayName;
  return (
    <div
      className="pb-header"
      data-policy={props.policyId}
      title={`${name}\n${policy?.file ?? ''}\n${t(lang, 'grid.renameHint')}`}
      onDoubleClick={() => openDialog({ kind: 'rename', policyId: props.policyId })}
    >
      <span className="pb-header-name">{name}</span>
      <VersionBadge policyId={props.policyId} />
      <HeaderFlags policyId={props.policyId} lang={lang} />
      {query && hits !== undefined && (
        <span
          className={`pb-hits ${hits ? '' : 'is-zero'}`}
          data-hits={hits}
          title={t(lang, 'search.hitsTitle', { q: query, n: hits })}
        >
          {hits}
        </span>
      )}
    </div>
  );
}

function plainValue(d: ReturnType<typeof displayValue>, lang: Parameters<typeof t>[0]): string {
  if (d.kind === 'not_stated') return t(lang, 'value.notStated');
  if (d.kind === 'chips') return d.items.join(lang === 'zh-CN' ? '、' : ', ');
  return d.text;
}
