// The Checks row group's renderers: a result cell (pass / flag / not applicable), the rule's row header, and the
// flag count in each app's column header. Status is told by icon, text and colour together, never colour alone.
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { CheckBrief, CheckStatus, CheckSummary, RuleInfo, Severity } from '../../shared/types';
import { label, t, type Lang } from '../i18n';
import { useStore } from '../store';
import type { RowData } from '../store/selectors';

export const STATUS_ICON: Record<CheckStatus, string> = { pass: '✓', flag: '⚑', not_applicable: '–' };

export function statusText(lang: Lang, status: CheckStatus): string {
  return t(lang, `checks.${status}`);
}

export function severityText(lang: Lang, severity: Severity): string {
  return t(lang, `checks.severity.${severity}`);
}

/** "《个人信息保护法》 第23条" in the UI language. */
export function sourceText(lang: Lang, source: RuleInfo['source']): string {
  return `${label(lang, source.law)} ${label(lang, source.article)}`;
}

export function CheckCell(props: CustomCellRendererProps<RowData, CheckBrief | undefined> & { policyId: string }) {
  const lang = useStore((s) => s.lang);
  const data = props.data;
  const selected = useStore((s) => data?.kind === 'check' && s.selection?.policyId === props.policyId && s.selection.ruleId === data.ruleId);
  const result = props.value ?? undefined;
  if (!data || data.kind !== 'check' || !result) return null;
  const status = statusText(lang, result.status);
  const explanation = label(lang, result.explanation);
  return (
    <div
      className={`pb-check is-${result.status} ${selected ? 'is-selected' : ''}`}
      data-rule={data.ruleId}
      data-policy={props.policyId}
      data-status={result.status}
      title={`${status}${lang === 'zh-CN' ? '：' : ': '}${explanation}`}
      aria-label={`${status}${lang === 'zh-CN' ? '。' : '. '}${explanation}`}
    >
      <span className="pb-check-badge">
        <span className="pb-check-icon" aria-hidden>
          {STATUS_ICON[result.status]}
        </span>
        {status}
      </span>
    </div>
  );
}

/** The severity as a word ("高" / "High"); `long` spells it out ("严重程度：高") where there is room. */
export function SeverityMark(props: { lang: Lang; severity: Severity; long?: boolean }) {
  const text = severityText(props.lang, props.severity);
  const title = t(props.lang, 'checks.severityLabel', { s: text });
  return (
    <span className={`pb-severity sev-${props.severity}`} title={title} aria-label={title}>
      {props.long ? title : text}
    </span>
  );
}

/** The rule's row header in the first column: its title and severity; the source in the tooltip. */
export function CheckRuleCell(props: { data: Extract<RowData, { kind: 'check' }>; lang: Lang }) {
  const { rule } = props.data;
  return (
    <div className="pb-attr pb-rule" data-rule={rule.id} title={`${label(props.lang, rule.title)}\n${sourceText(props.lang, rule.source)}`}>
      <SeverityMark lang={props.lang} severity={rule.severity} />
      <span className="pb-attr-label">{label(props.lang, rule.title)}</span>
    </div>
  );
}

/** "⚑ 3" in an app's column header; the tooltip counts flags by severity. Nothing when checks are off. */
export function HeaderFlags(props: { policyId: string; lang: Lang }) {
  const summary: CheckSummary | undefined = useStore((s) => s.checks?.summary[props.policyId]);
  if (!summary) return null;
  const s = summary;
  const title = t(props.lang, 'checks.headerTitle', {
    flag: s.flag,
    high: s.flagsBySeverity.high,
    medium: s.flagsBySeverity.medium,
    low: s.flagsBySeverity.low,
    pass: s.pass,
    na: s.not_applicable,
  });
  const worst: Severity | 'none' = s.flagsBySeverity.high ? 'high' : s.flagsBySeverity.medium ? 'medium' : s.flagsBySeverity.low ? 'low' : 'none';
  return (
    <span className={`pb-flags sev-${worst}`} data-testid="header-flags" data-flags={s.flag} title={title} aria-label={title}>
      <span aria-hidden>⚑</span> {s.flag}
    </span>
  );
}
