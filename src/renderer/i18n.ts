// Every UI string, keyed, in both languages. Taxonomy labels (attributes, categories, values) come from src/shared/taxonomy.
import type { Label } from '../shared/taxonomy';
import { ERROR_MESSAGES } from './i18n-errors';
import { EXPORT_MESSAGES } from './i18n-export';
import { REVIEW_MESSAGES } from './i18n-review';
import { VERSION_MESSAGES } from './i18n-versions';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

const M = {
  'app.title': { 'zh-CN': 'PolicyBench 隐私政策比对', en: 'PolicyBench privacy policy comparison' },
  'cmd.open': { 'zh-CN': '打开…', en: 'Open…' },
  'cmd.open.title': { 'zh-CN': '打开政策文件（可多选）', en: 'Open policy files (several at once)' },
  'cmd.search': { 'zh-CN': '搜索条款', en: 'Search clauses' },
  'cmd.onlyDiffer': { 'zh-CN': '仅显示差异行', en: 'Differences only' },
  'cmd.apps': { 'zh-CN': '应用', en: 'Apps' },
  'cmd.apps.title': { 'zh-CN': '显示、排序、重命名或移除应用', en: 'Show, order, rename or remove apps' },
  'cmd.language': { 'zh-CN': 'English', en: '中文' },
  'cmd.language.title': { 'zh-CN': '切换到英文界面', en: 'Switch the interface to Chinese' },
  'cmd.evidenceNext': { 'zh-CN': '下一条依据', en: 'Next evidence' },
  'cmd.evidencePrev': { 'zh-CN': '上一条依据', en: 'Previous evidence' },
  'cmd.evidenceClose': { 'zh-CN': '关闭依据面板', en: 'Close evidence panel' },
  'cmd.expandAll': { 'zh-CN': '全部展开', en: 'Expand all' },
  'cmd.collapseAll': { 'zh-CN': '全部折叠', en: 'Collapse all' },
  'search.placeholder': { 'zh-CN': '搜索全部条款…', en: 'Search all clauses…' },
  'search.hits': { 'zh-CN': '{n} 处匹配', en: '{n} hits' },
  'search.hitsTitle': { 'zh-CN': '“{q}”在此政策中出现 {n} 次', en: '"{q}" occurs {n} times in this policy' },
  'search.loading': { 'zh-CN': '正在载入条款…', en: 'Loading clauses…' },
  'filter.category': { 'zh-CN': '类别', en: 'Category' },
  'filter.allCategories': { 'zh-CN': '全部类别', en: 'All categories' },
  'grid.attribute': { 'zh-CN': '比对项', en: 'Attribute' },
  'grid.empty': { 'zh-CN': '尚无政策。点击“打开…”或将文件拖入窗口。', en: 'No policies yet. Click "Open…" or drag files into the window.' },
  'grid.noRows': { 'zh-CN': '没有符合筛选条件的行', en: 'No rows match the filters' },
  'grid.rows': { 'zh-CN': '{n} 项', en: '{n} rows' },
  'grid.differ': { 'zh-CN': '各应用不一致', en: 'Apps differ' },
  'grid.renameHint': { 'zh-CN': '双击重命名', en: 'Double-click to rename' },
  'checks.group': { 'zh-CN': '合规检查', en: 'Checks' },
  'checks.groupHint': { 'zh-CN': '对照法规的提示，供审阅参考，不构成法律意见', en: 'Hints against the regulations, to aid a reviewer; not legal advice' },
  'checks.pass': { 'zh-CN': '通过', en: 'Pass' },
  'checks.flag': { 'zh-CN': '提示', en: 'Flag' },
  'checks.not_applicable': { 'zh-CN': '不适用', en: 'Not applicable' },
  'checks.severity.high': { 'zh-CN': '高', en: 'High' },
  'checks.severity.medium': { 'zh-CN': '中', en: 'Medium' },
  'checks.severity.low': { 'zh-CN': '低', en: 'Low' },
  'checks.severityLabel': { 'zh-CN': '严重程度：{s}', en: 'Severity: {s}' },
  'checks.headerFlags': { 'zh-CN': '{n} 项合规提示', en: '{n} check flags' },
  'checks.headerTitle': {
    'zh-CN': '合规检查：{flag} 项提示（高 {high}、中 {medium}、低 {low}），{pass} 项通过，{na} 项不适用',
    en: 'Checks: {flag} flags (high {high}, medium {medium}, low {low}), {pass} pass, {na} not applicable',
  },
  'checks.rule': { 'zh-CN': '规则', en: 'Rule' },
  'checks.source': { 'zh-CN': '依据', en: 'Source' },
  'checks.also': { 'zh-CN': '另见', en: 'See also' },
  'checks.result': { 'zh-CN': '结果', en: 'Result' },
  'checks.note': { 'zh-CN': '说明', en: 'Note' },
  'checks.reads': { 'zh-CN': '读取的比对项', en: 'Attributes read' },
  'checks.evidence': { 'zh-CN': '相关条款', en: 'Related clauses' },
  'checks.absent': {
    'zh-CN': '政策中没有找到本规则所读取的内容：上面的说明即是未找到的内容。',
    en: 'Nothing this rule reads was found in the policy: the explanation above says what is missing.',
  },
  'checks.disclaimer': { 'zh-CN': '检查结果是审阅辅助，不构成法律意见。', en: 'Checks are aids to a reviewer, not legal advice.' },
  'checks.rulesError': { 'zh-CN': '无法载入合规规则，检查已关闭', en: 'The regulation rules could not be loaded; checks are off' },
  'value.notStated': { 'zh-CN': '未说明', en: 'Not stated' },
  'value.lowConfidence': { 'zh-CN': '依据较弱（置信度 {c}%，{n} 条依据），请核对原文', en: 'Weak support (confidence {c}%, {n} evidence), check the source text' },
  'value.singleEvidence': { 'zh-CN': '仅有 1 条依据，请核对原文', en: 'Only one piece of evidence, check the source text' },
  'value.more': { 'zh-CN': '另有 {n} 项', en: '{n} more' },
  'evidence.title': { 'zh-CN': '依据', en: 'Evidence' },
  'evidence.count': { 'zh-CN': '第 {i} / {n} 条', en: '{i} of {n}' },
  'evidence.none': { 'zh-CN': '政策中没有找到支持此项的条款，因此显示为“未说明”。', en: 'No clause in the policy supports this attribute, so it shows "Not stated".' },
  'evidence.fullText': { 'zh-CN': '政策全文', en: 'Full policy text' },
  'evidence.loading': { 'zh-CN': '正在载入政策全文…', en: 'Loading the policy text…' },
  'evidence.categories': { 'zh-CN': '条款类别', en: 'Clause categories' },
  'evidence.noCategories': { 'zh-CN': '未分类', en: 'Unclassified' },
  'evidence.section': { 'zh-CN': '所在章节', en: 'Section' },
  'evidence.topLevel': { 'zh-CN': '（正文开头）', en: '(opening text)' },
  'evidence.truncated': { 'zh-CN': '全文较长，仅显示依据附近的内容。', en: 'Long text: showing the part around the evidence.' },
  'evidence.showAll': { 'zh-CN': '显示全文', en: 'Show everything' },
  'evidence.confidence': { 'zh-CN': '置信度 {c}%', en: 'Confidence {c}%' },
  'evidence.resize': { 'zh-CN': '拖动调整宽度', en: 'Drag to resize' },
  'drop.overlay': { 'zh-CN': '拖放政策文件进行分析', en: 'Drop policies to analyze' },
  'drop.formats': { 'zh-CN': '支持 .txt .md .html .pdf .docx，可拖入文件夹', en: '.txt .md .html .pdf .docx, or a whole folder' },
  'progress.title': { 'zh-CN': '正在分析 {done} / {total}', en: 'Analyzing {done} of {total}' },
  'progress.finished': { 'zh-CN': '分析完成：{ok} 个成功，{failed} 个失败', en: 'Finished: {ok} added, {failed} failed' },
  'progress.finishedCancelled': { 'zh-CN': '已取消：{ok} 个成功，{failed} 个失败，{cancelled} 个未分析', en: 'Cancelled: {ok} added, {failed} failed, {cancelled} not analyzed' },
  'progress.queued': { 'zh-CN': '等待中', en: 'Queued' },
  'progress.started': { 'zh-CN': '分析中', en: 'Analyzing' },
  'progress.done': { 'zh-CN': '完成', en: 'Done' },
  'progress.failed': { 'zh-CN': '失败', en: 'Failed' },
  'progress.cancelled': { 'zh-CN': '已取消', en: 'Cancelled' },
  'progress.cancel': { 'zh-CN': '取消', en: 'Cancel' },
  'progress.reading': { 'zh-CN': '正在读取 {n} 个文件…', en: 'Reading {n} files…' },
  'toast.failedFile': { 'zh-CN': '无法分析“{file}”', en: 'Could not analyze "{file}"' },
  'toast.failedCall': { 'zh-CN': '操作失败', en: 'Something went wrong' },
  'toast.dismiss': { 'zh-CN': '关闭', en: 'Dismiss' },
  'toast.added': { 'zh-CN': '已添加 {n} 份政策', en: 'Added {n} policies' },
  'toast.unreadable': { 'zh-CN': '无法读取“{file}”', en: 'Could not read "{file}"' },
  'hint.unauthorized': { 'zh-CN': '此页面没有访问令牌。请打开 npm run serve 打印的完整网址。', en: 'This page has no access token. Open the full URL printed by npm run serve.' },
  'hint.default': { 'zh-CN': '其他文件不受影响。请检查文件后重试。', en: 'Other files are not affected. Check the file and try again.' },
  'rename.title': { 'zh-CN': '重命名应用', en: 'Rename app' },
  'rename.label': { 'zh-CN': '应用名称', en: 'App name' },
  'rename.file': { 'zh-CN': '文件：{file}', en: 'File: {file}' },
  'remove.title': { 'zh-CN': '移除“{app}”？', en: 'Remove "{app}"?' },
  'remove.body': { 'zh-CN': '此政策将从比对中移除，原文件不受影响。', en: 'The policy leaves this comparison; the original file is not touched.' },
  'dialog.cancel': { 'zh-CN': '取消', en: 'Cancel' },
  'dialog.save': { 'zh-CN': '保存', en: 'Save' },
  'dialog.remove': { 'zh-CN': '移除', en: 'Remove' },
  'apps.rename': { 'zh-CN': '重命名', en: 'Rename' },
  'apps.remove': { 'zh-CN': '移除', en: 'Remove' },
  'apps.up': { 'zh-CN': '上移', en: 'Move up' },
  'apps.down': { 'zh-CN': '下移', en: 'Move down' },
  'apps.visible': { 'zh-CN': '显示', en: 'Show' },
  'apps.showAll': { 'zh-CN': '全部显示', en: 'Show all' },
  'status.policies': { 'zh-CN': '{n} 份政策', en: '{n} policies' },
  'status.clauses': { 'zh-CN': '{n} 条条款', en: '{n} clauses' },
  'status.time': { 'zh-CN': '分析用时 {t}', en: 'Analysis time {t}' },
  'status.hidden': { 'zh-CN': '{n} 个应用已隐藏', en: '{n} apps hidden' },
  'status.host.browser': { 'zh-CN': '浏览器模式（仅本机）', en: 'Browser host (this machine only)' },
  'status.host.electron': { 'zh-CN': '桌面版', en: 'Desktop' },
  'status.loading': { 'zh-CN': '正在载入…', en: 'Loading…' },
  ...REVIEW_MESSAGES,
  ...EXPORT_MESSAGES,
  ...VERSION_MESSAGES,
  ...ERROR_MESSAGES,
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof M;

export function t(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const s: string = M[key][lang];
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A taxonomy label in the UI language. */
export function label(lang: Lang, l: Label): string {
  return lang === 'zh-CN' ? l.zh : l.en;
}

export function langFromLocale(locale: string | undefined): Lang {
  return locale && /^zh/i.test(locale) ? 'zh-CN' : 'en';
}

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(M, key);
}
