// Test fixture for issue 7 (service tests and e2e): a draft derived from seed 004 with known edits, the same
// edits as src/engine/versions/versions.test.ts. Run as a script to write the draft for the e2e test:
//   npx tsx src/service/versions-fixture.ts OUT_FILE
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeBytes } from '../engine/analyze';
import type { PolicyAnalysis } from '../shared/types';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/samples');

/** The edits, anchored on text of the seed (not on line numbers). */
export const DRAFT_EDITS = {
  edited: { line: '（4）互联网环境并非百分之百安全，我们将尽力确保', from: '我们将尽力确保', to: '我们将采取合理措施确保' },
  removed: '（3）我们个人信息处理相关负责人的联系方式。',
  added: '我们每年至少组织一次个人信息安全事件应急演练。',
  addAfter: '同时，我们将及时向您告知：安全事件的基本情况',
  swapA: '（2）青少年用户必须遵守《全国青少年网络文明公约》；',
  swapB: '（6）要维护网络安全，不破坏网络秩序；',
  timeframe: { from: '15个工作日', to: '30天' },
} as const;

export const DRAFT_FILE_NAME = '我图网隐私政策（修订稿）.txt';

export function seed004(): { file: string; text: string } {
  const file = readdirSync(SAMPLES).find((f) => f.startsWith('004_'))!;
  return { file, text: readFileSync(path.join(SAMPLES, file), 'utf8') };
}

function lineOf(lines: string[], prefix: string): number {
  const i = lines.findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(`seed 004 no longer has a line starting "${prefix}"`);
  return i;
}

/** The draft text, and the ids of the seed clauses the timeframe is read from (all of them are edited). */
export function deriveDraft004(seedText: string, seed: PolicyAnalysis): { text: string; timeframeClauseIds: string[] } {
  const E = DRAFT_EDITS;
  const lines = seedText.split('\n');
  const tf = seed.attributes['account_deletion.timeframe']!;
  const ids = [...new Set(tf.evidence.map((e) => e.clauseId))];
  for (const id of ids) {
    const c = seed.clauses.find((x) => x.id === id)!;
    const ln = seedText.slice(0, c.start).split('\n').length - 1;
    const at = lines[ln]!.indexOf(E.timeframe.from, c.start - (seedText.lastIndexOf('\n', c.start - 1) + 1));
    if (at < 0) throw new Error(`timeframe clause ${id} does not say ${E.timeframe.from}`);
    lines[ln] = lines[ln]!.slice(0, at) + E.timeframe.to + lines[ln]!.slice(at + E.timeframe.from.length);
  }
  const e = lineOf(lines, E.edited.line);
  lines[e] = lines[e]!.replace(E.edited.from, E.edited.to);
  const a = lineOf(lines, E.swapA);
  const b = lineOf(lines, E.swapB);
  [lines[a], lines[b]] = [lines[b]!, lines[a]!];
  const add = lineOf(lines, E.addAfter);
  lines.splice(add + 1, 0, '', E.added);
  lines.splice(lineOf(lines, E.removed), 1);
  return { text: lines.join('\n'), timeframeClauseIds: ids };
}

/** Seed 004 analysed, and the draft derived from it. */
export async function draft004(): Promise<{ seedFile: string; seedText: string; seed: PolicyAnalysis; draftText: string; timeframeClauseIds: string[] }> {
  const { file, text } = seed004();
  const seed = await analyzeBytes(new TextEncoder().encode(text), file);
  const d = deriveDraft004(text, seed);
  return { seedFile: file, seedText: text, seed, draftText: d.text, timeframeClauseIds: d.timeframeClauseIds };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: npx tsx src/service/versions-fixture.ts OUT_FILE');
  void draft004().then((d) => writeFileSync(out, d.draftText));
}
