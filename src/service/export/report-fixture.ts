// Test and bench helper: the five sample policies plus one hostile policy, analyzed by the real engine, with
// annotations and an override whose text tries every injection the exports must defuse.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeBytes } from '../../engine/analyze';
import type { PolicyAnalysis } from '../../shared/types';
import type { ReportAnnotation, ReportInput, ReportOverride } from './model';

export const SAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/samples');

export const HOSTILE = {
  script: '<script>window.__pwned=1</script>',
  img: '<img src=x onerror="window.__pwned=2">',
  hyperlink: '=HYPERLINK("http://evil.example","点击")',
  cmd: "+cmd|' /C calc'!A0",
  sum: '@SUM(1+1)',
  mdLink: '[点我](javascript:alert(1)) ![x](http://evil.example/x.png)',
} as const;

/** A policy whose own text carries the hostile strings, so they reach the report as app name, quotes and clauses. */
export const HOSTILE_POLICY = `${HOSTILE.script}隐私政策

一、我们收集的信息
我们会收集您的手机号码${HOSTILE.img}以及位置信息。
${HOSTILE.hyperlink}我们会收集您的设备标识符。

二、共享
我们会与第三方合作伙伴共享您的个人信息，包括 ${HOSTILE.cmd} SDK。

三、账号注销
${HOSTILE.sum} 您可以通过“设置-账号与安全-注销账号”注销账号，我们将在15个工作日内完成。
${HOSTILE.mdLink} | a | b |
`;

export async function analyzeSamples(): Promise<PolicyAnalysis[]> {
  const files = (await readdir(SAMPLES_DIR)).filter((f) => f.endsWith('.txt')).sort();
  return Promise.all(files.map(async (f) => analyzeBytes(await readFile(path.join(SAMPLES_DIR, f)), f)));
}

export async function sampleReportInput(lang: 'zh' | 'en' = 'zh'): Promise<ReportInput & { hostile: PolicyAnalysis }> {
  const samples = await analyzeSamples();
  const hostile = await analyzeBytes(new TextEncoder().encode(HOSTILE_POLICY), 'hostile<b>onerror.txt');
  const [a, b, c] = samples;
  const at = '2025-03-01T06:00:00.000Z';
  const ann = (id: string, target: ReportAnnotation['target'], status: ReportAnnotation['status'], note: string, author = '王律师'): ReportAnnotation => ({
    id,
    target,
    status,
    note,
    author,
    createdAt: at,
    updatedAt: at,
  });
  const hostileClause = (needle: string) => hostile.clauses.find((x) => x.text.includes(needle))!.id;
  const annotations: ReportAnnotation[] = [
    ann('a1', { policyId: a!.id, attributeId: 'account_deletion.timeframe' }, 'concern', '30 天保留期偏长，需与客户确认。'),
    ann('a2', { policyId: b!.id, attributeId: 'sharing.third_parties' }, 'violation', `未列明 SDK 名称 ${HOSTILE.script}`, 'Li <b>Wei</b>'),
    ann('a3', { policyId: c!.id, attributeId: 'collection.data_types' }, 'follow_up', HOSTILE.hyperlink),
    ann('a4', { policyId: a!.id, clauseId: a!.clauses.find((x) => x.kind !== 'heading' && x.text.includes('注销'))!.id }, 'concern', '注销后数据处理说法含糊。'),
    ann('a5', { policyId: hostile.id, clauseId: hostileClause('onerror') }, 'violation', HOSTILE.img),
    ann('a6', { policyId: hostile.id, clauseId: hostileClause('javascript') }, 'follow_up', HOSTILE.cmd),
    ann('a7', { policyId: hostile.id, attributeId: 'collection.data_types' }, 'ok', HOSTILE.sum),
    ann('a8', { policyId: b!.id, clauseId: 'c-gone-00000' }, 'ok', 'clause from an older analysis'),
  ];
  const overrides: ReportOverride[] = [
    { policyId: a!.id, attributeId: 'sharing.affiliates', value: 'yes', reason: `第五条写明与关联公司共享 ${HOSTILE.img}`, author: '王律师', at },
    { policyId: hostile.id, attributeId: 'retention.period', value: { number: 3, unit: 'years', text: '三年' }, reason: HOSTILE.hyperlink, author: '@SUM(1)', at },
  ];
  return {
    title: `比对报告 ${HOSTILE.script}`,
    author: '王律师',
    workspaceName: '2025Q1 <i>review</i>',
    generatedAt: '2025-03-02T08:30:00.000Z',
    analyses: [...samples, hostile],
    annotations,
    overrides,
    policyMeta: { [a!.id]: { versionLabel: 'v2024.06', importedAt: '2025-03-01T02:00:00.000Z' }, [hostile.id]: { versionLabel: '-1+1', importedAt: at } },
    checks: { run: true },
    lang,
    timeZone: 'Asia/Shanghai',
    hostile,
  };
}
