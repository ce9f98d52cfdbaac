// The grid's renderers: values for people, the attribute column, the category header rows, app headers.
import { useLayoutEffect, useRef, useState } from 'react';
import type { CustomHeaderProps, CustomCellRendererProps } from 'ag-grid-react';
import { getAttribute, getCategory, ATTRIBUTES } from '../../shared/taxonomy';
import type { Cell } from '../../shared/types';
import { displayValue, weakness } from '../format';
import { label, t } from '../i18n';
import { useStore } from '../store';
import { selectDiffering, selectSearchHits, type RowData } from '../store/selectors';

export function ValueCell(props: CustomCellRendererProps<RowData, Cell | undefined> & { policyId: string }) {
  const lang = useStore((s) => s.lang);
  const selected = useStore(
    (s) => s.selection?.policyId === props.policyId && props.data?.kind === 'attr' && s.selection.attributeId === props.data.attributeId,
  );
  const data = props.data;
  if (!data || data.kind !== 'attr') return null;
  const attr = getAttribute(data.attributeId);
  if (!attr) return null;
  const cell = props.value ?? undefined;
  const d = displayValue(attr, cell?.value, lang);
  const weak = weakness(cell);
  const weakTitle =
    weak === 'low_confidence'
      ? t(lang, 'value.lowConfidence', { c: Math.round((cell?.confidence ?? 0) * 100), n: cell?.evidence.length ?? 0 })
      : weak === 'single_evidence'
        ? t(lang, 'value.singleEvidence')
        : undefined;
  const cls = ['pb-cell', selected ? 'is-selected' : '', weak ? 'is-weak' : '', d.kind === 'not_stated' ? 'is-not-stated' : ''].join(' ');
  return (
    <div className={cls} data-attribute={data.attributeId} data-policy={props.policyId}>
      {d.kind === 'not_stated' ? (
        <span className="pb-not-stated">{t(lang, 'value.notStated')}</span>
      ) : d.kind === 'chips' ? (
        <Chips items={d.items} title={d.items.join(lang === 'zh-CN' ? '、' : ', ')} more={(n) => t(lang, 'value.more', { n })} />
      ) : (
        <span className="pb-value">{d.text}</span>
      )}
      {weak && (
        <span className="pb-weak" title={weakTitle} aria-label={weakTitle}>
          ?
        </span>
      )}
    </div>
  );
}

/** Chips that wrap inside the row; the ones that do not fit become a "+N" badge (all are in the tooltip). */
function Chips(props: { items: string[]; title: string; more(n: number): string }) {
  const ref = useRef<HTMLSpanElement>(null);
  // How many chips fit; null while measuring (all chips rendered, clipped by the row's height).
  const [fit, setFit] = useState<number | null>(null);
  useLayoutEffect(() => setFit(null), [props.items]);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box || fit !== null) return;
    const chips = Array.from(box.children).filter((el) => el.classList.contains('pb-chip')) as HTMLElement[];
    const first = chips.findIndex((el) => el.offsetTop + el.offsetHeight > box.clientHeight + 1);
    // Drop one more chip so the "+N" badge has room on the last line.
    setFit(first < 0 ? chips.length : Math.max(0, first - 1));
  }, [fit]);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    let width = box.clientWidth;
    const ro = new ResizeObserver(() => {
      if (box.clientWidth !== width) {
        width = box.clientWidth;
        setFit(null);
      }
    });
    ro.observe(box);
    return () => ro.disconnect();
  }, []);
  const shown = fit === null ? props.items : props.items.slice(0, fit);
  const hidden = props.items.length - shown.length;
  return (
    <span className="pb-chips" ref={ref} title={props.title}>
      {shown.map((item) => (
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

export function AttributeCell(props: CustomCellRendererProps<RowData>) {
  const lang = useStore((s) => s.lang);
  const data = props.data;
  const differs = useStore((s) => (data?.kind === 'attr' ? selectDiffering(s).has(data.attributeId) : false));
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
  if (!data || data.kind !== 'group') return null;
  const cat = getCategory(data.category);
  const count = ATTRIBUTES.filter((a) => a.category === data.category).length;
  return (
    <div
      className="pb-group"
      data-category={data.category}
      role="button"
      aria-expanded={!collapsed}
      onClick={() => toggle(data.category)}
      title={cat ? label(lang, cat.description) : undefined}
    >
      <span className={`pb-chevron ${collapsed ? 'is-collapsed' : ''}`} aria-hidden>
        ▾
      </span>
      <span className="pb-group-label">{cat ? label(lang, cat.label) : data.category}</span>
      <span className="pb-group-count">{t(lang, 'grid.rows', { n: count })}</span>
    </div>
  );
}

export function AppHeader(props: CustomHeaderProps & { policyId: string }) {
  const lang = useStore((s) => s.lang);
  const policy = useStore((s) => s.matrix?.policies.find((p) => p.id === props.policyId));
  const query = useStore((s) => s.searchQuery);
  const hits = useStore((s) => selectSearchHits(s)[props.policyId]);
  const openDialog = useStore((s) => s.openDialog);
  const name = policy?.app ?? props.displayName;
  return (
    <div
      className="pb-header"
      data-policy={props.policyId}
      title={`${name}\n${policy?.file ?? ''}\n${t(lang, 'grid.renameHint')}`}
      onDoubleClick={() => openDialog({ kind: 'rename', policyId: props.policyId })}
    >
      <span className="pb-header-name">{name}</span>
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
