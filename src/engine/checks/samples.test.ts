// The five samples: expected results are written down (with reasons) in resources/rules/expected-samples.md,
// read from that file here, and asserted on the real engine output.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../analyze';
import { compare } from '../compare';
import type { PolicyAnalysis } from '../../shared/types';
import { loadRules, runChecks, type CheckResults } from './index';

const root = path.resolve(__dirname, '../../..');
const samplesDir = path.join(root, 'resources/samples');
const md = readFileSync(path.join(root, 'resources/rules/expected-samples.md'), 'utf8');

interface Row {
  sample: string;
  rule: string;
  reading: string;
  asserted: string;
  why: string;
}
const rows: Row[] = md
  .split('\n')
  .filter((l) => /^\| \d{3} \| [a-z]/.test(l))
  .map((l) => {
    const [sample, rule, reading, asserted, ...why] = l.split('|').slice(1, -1).map((c) => c.trim());
    return { sample: sample!, rule: rule!, reading: reading!, asserted: asserted!, why: why.join('|') };
  });
const summaries = md
  .split('\n')
  .filter((l) => /^\| \d{3} \| \d/.test(l))
  .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));

let analyses: PolicyAnalysis[];
let results: CheckResults;
beforeAll(async () => {
  const files = readdirSync(samplesDir).filter((f) => f.endsWith('.txt')).sort();
  analyses = await Promise.all(files.map((f) => analyzeFile(path.join(samplesDir, f))));
  results = runChecks(compare(analyses), loadRules());
}, 60_000);

const idOf = (sample: string) => {
  const a = analyses.find((x) => x.file.startsWith(`${sample}_`));
  if (!a) throw new Error(`no sample ${sample}`);
  return a.id;
};

describe('expected results on the five samples (resources/rules/expected-samples.md)', () => {
  it('the table covers every sample × rule, once', () => {
    const rules = loadRules().rules.map((r) => r.id);
    const samples = readdirSync(samplesDir).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, 3)).sort();
    const keys = rows.map((r) => `${r.sample}/${r.rule}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(samples.flatMap((s) => rules.map((r) => `${s}/${r}`)).sort());
    for (const r of rows) {
      expect(['pass', 'flag', 'not_applicable']).toContain(r.asserted);
      expect(['pass', 'flag', 'not_applicable']).toContain(r.reading);
      if (r.reading !== r.asserted) expect(r.why).toMatch(/^Engine discrepancy:/);
    }
  });

  it.each(rows.map((r) => [r.sample, r.rule, r.asserted, r] as const))('%s %s → %s', (sample, rule, asserted, row) => {
    const r = results.results[idOf(sample)]![rule]!;
    expect(r.status, `${sample} ${rule}: ${row.why}\n${r.explanation.en}`).toBe(asserted);
    // A flag about a stated value cites evidence; explanations never leak template syntax.
    expect(`${r.explanation.zh}${r.explanation.en}`).not.toMatch(/\{[a-z]+(:[^}]*)?\}/);
    for (const e of r.evidence) expect(analyses.find((a) => a.id === r.policyId)!.text.slice(e.start, e.end)).toBe(e.quote);
  });

  it('per-policy summary counts match the table', () => {
    expect(summaries).toHaveLength(5);
    for (const [sample, flags, high, medium, low] of summaries) {
      const s = results.summary[idOf(sample!)]!;
      expect([s.flag, s.flagsBySeverity.high, s.flagsBySeverity.medium, s.flagsBySeverity.low], sample).toEqual([flags, high, medium, low].map(Number));
    }
  });

  it('names the values it saw', () => {
    expect(results.results[idOf('000')]!['app-2019-deletion-timeframe-limit']!.explanation.en).toContain('30 days ("30天"), over 15 working days');
    expect(results.results[idOf('003')]!['pipl-28-30-sensitive-marked']!.explanation.zh).toContain('生物识别');
  });
});
