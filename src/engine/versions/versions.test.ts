// Issue 7: seed 004 and a draft derived from it here (one clause edited, one removed, one added, two swapped,
// the account deletion timeframe changed) give exactly those changes; annotations carry over.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Annotation, PolicyAnalysis } from '../../shared/types';
import { analyzeBytes } from '../analyze';
import { carryOverAnnotations, diffVersions, matchAppToExisting, PROPOSE_MIN_SCORE, type VersionDiff } from './index';

const SAMPLES = path.resolve(__dirname, '../../../resources/samples');
const seedFile = readdirSync(SAMPLES).find((f) => f.startsWith('004_'))!;
const seedText = readFileSync(path.join(SAMPLES, seedFile), 'utf8');

// The edits, anchored on text of the seed (not on line numbers).
const EDITED = { line: '（4）互联网环境并非百分之百安全，我们将尽力确保', from: '我们将尽力确保', to: '我们将采取合理措施确保' };
const REMOVED = '（3）我们个人信息处理相关负责人的联系方式。';
const ADDED = '我们每年至少组织一次个人信息安全事件应急演练。';
const ADD_AFTER = '同时，我们将及时向您告知：安全事件的基本情况';
const SWAP_A = '（2）青少年用户必须遵守《全国青少年网络文明公约》；';
const SWAP_B = '（6）要维护网络安全，不破坏网络秩序；';

function lineOf(lines: string[], prefix: string): number {
  const i = lines.findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(`seed 004 no longer has a line starting "${prefix}"`);
  return i;
}

/** The draft: edits applied to the seed's lines. `timeframeLines` are the lines of the engine's timeframe evidence. */
function deriveDraft(seed: PolicyAnalysis): { text: string; timeframeClauses: number } {
  const lines = seedText.split('\n');
  // The account deletion timeframe: every clause the engine reads it from ("15个工作日" → "30天").
  const tf = seed.attributes['account_deletion.timeframe']!;
  const tfClauseIds = [...new Set(tf.evidence.map((e) => e.clauseId))];
  for (const id of tfClauseIds) {
    const c = seed.clauses.find((x) => x.id === id)!;
    const ln = seedText.slice(0, c.start).split('\n').length - 1;
    const at = lines[ln]!.indexOf('15个工作日', c.start - (seedText.lastIndexOf('\n', c.start - 1) + 1));
    if (at < 0) throw new Error(`timeframe clause ${id} does not say 15个工作日`);
    lines[ln] = lines[ln]!.slice(0, at) + '30天' + lines[ln]!.slice(at + '15个工作日'.length);
  }
  const e = lineOf(lines, EDITED.line);
  lines[e] = lines[e]!.replace(EDITED.from, EDITED.to);
  const a = lineOf(lines, SWAP_A);
  const b = lineOf(lines, SWAP_B);
  [lines[a], lines[b]] = [lines[b]!, lines[a]!];
  const add = lineOf(lines, ADD_AFTER);
  lines.splice(add + 1, 0, '', ADDED);
  lines.splice(lineOf(lines, REMOVED), 1);
  return { text: lines.join('\n'), timeframeClauses: tfClauseIds.length };
}

let seed: PolicyAnalysis;
let draft: PolicyAnalysis;
let diff: VersionDiff;
let tfClauses: number;

beforeAll(async () => {
  seed = await analyzeBytes(new TextEncoder().encode(seedText), seedFile);
  const d = deriveDraft(seed);
  tfClauses = d.timeframeClauses;
  draft = await analyzeBytes(new TextEncoder().encode(d.text), '我图网隐私政策（修订稿）.txt');
  diff = diffVersions(seed, draft);
});

describe('diffVersions: seed 004 and its derived draft', () => {
  it('the seed states the timeframe as 15 working days, from at least one clause', () => {
    expect(seed.attributes['account_deletion.timeframe']!.value).toMatchObject({ number: 15, unit: 'working_days' });
    expect(tfClauses).toBeGreaterThanOrEqual(1);
  });

  it('reports exactly the edits: 1 + timeframe modified, 1 removed, 1 added, 2 moved', () => {
    expect(diff.counts).toEqual({ unchanged: seed.clauses.length - 2 - 1 - (1 + tfClauses), modified: 1 + tfClauses, removed: 1, added: 1, moved: 2 });
    expect(diff.changes).toHaveLength(2 + 1 + 1 + 1 + tfClauses);
  });

  it('the edited clause is modified with a word diff of just the changed words', () => {
    const m = diff.changes.find((c) => c.kind === 'modified' && c.older!.text.startsWith(EDITED.line))!;
    expect(m).toBeDefined();
    expect(m.moved).toBeUndefined();
    expect(m.segments!.filter((s) => s.op !== 'equal').map((s) => [s.op, s.text])).toEqual([
      ['delete', '尽力'],
      ['insert', '采取合理措施'],
    ]);
    expect(m.segments!.filter((s) => s.op !== 'insert').map((s) => s.text).join('')).toBe(m.older!.text);
    expect(m.segments!.filter((s) => s.op !== 'delete').map((s) => s.text).join('')).toBe(m.newer!.text);
  });

  it('diff segments carry offsets into each version’s text', () => {
    for (const c of diff.changes.filter((x) => x.kind === 'modified')) {
      for (const s of c.segments!) {
        if (s.older) expect(seed.text.slice(s.older.start, s.older.end)).toBe(s.text);
        if (s.newer) expect(draft.text.slice(s.newer.start, s.newer.end)).toBe(s.text);
        if (s.op === 'equal') expect(s.older && s.newer).toBeTruthy();
        if (s.op === 'delete') expect(s.newer).toBeUndefined();
        if (s.op === 'insert') expect(s.older).toBeUndefined();
      }
    }
  });

  it('the timeframe clause(s) are modified: 15个工作日 → 30天', () => {
    const tf = diff.changes.filter((c) => c.kind === 'modified' && !c.older!.text.startsWith(EDITED.line));
    expect(tf).toHaveLength(tfClauses);
    for (const c of tf) {
      expect(c.segments!.filter((s) => s.op !== 'equal').map((s) => [s.op, s.text])).toEqual([
        ['delete', '15个工作日'],
        ['insert', '30天'],
      ]);
    }
  });

  it('the removed and the added clause', () => {
    const removed = diff.changes.filter((c) => c.kind === 'removed');
    expect(removed.map((c) => c.older!.text)).toEqual([REMOVED]);
    expect(removed[0]!.newer).toBeUndefined();
    const added = diff.changes.filter((c) => c.kind === 'added');
    expect(added.map((c) => c.newer!.text)).toEqual([ADDED]);
  });

  it('the two swapped clauses are moved, not changed', () => {
    const moved = diff.changes.filter((c) => c.kind === 'moved');
    expect(moved.map((c) => c.older!.text).sort()).toEqual([SWAP_A, SWAP_B].sort());
    for (const c of moved) {
      expect(c.newer!.text).toBe(c.older!.text);
      expect(c.segments).toBeUndefined();
    }
  });

  it('lists one attribute change at the top: the deletion timeframe, in zh and en, with both sides’ evidence', () => {
    expect(diff.attributeChanges).toHaveLength(1);
    const a = diff.attributeChanges[0]!;
    expect(a.attributeId).toBe('account_deletion.timeframe');
    expect(a.change).toBe('value');
    expect(a.text).toEqual({ zh: '注销时限：15 个工作日 → 30 天', en: 'Deletion timeframe: 15 working days → 30 days' });
    expect(a.before.evidence.some((e) => e.quote.includes('15个工作日'))).toBe(true);
    expect(a.after.evidence.length).toBeGreaterThan(0);
    expect(a.after.evidence.every((e) => e.quote.includes('30天'))).toBe(true);
    for (const e of a.after.evidence) expect(draft.text.slice(e.start, e.end)).toBe(e.quote);
    // The grid marker: only that cell changed.
    const changedCells = Object.entries(diff.cells).filter(([, c]) => c.value === 'changed' || c.evidence === 'changed').map(([id]) => id);
    expect(changedCells).toEqual(['account_deletion.timeframe']);
  });

  it('groups changes by category and accounts for every older clause', () => {
    for (const g of diff.byCategory) {
      for (const k of g.changes) expect(diff.changes[k]!.categories).toContain(g.category);
    }
    const listed = new Set(diff.byCategory.flatMap((g) => g.changes));
    expect(listed.size).toBe(diff.changes.length);
    expect(Object.keys(diff.fates)).toHaveLength(new Set(seed.clauses.map((c) => c.id)).size);
    const statuses = Object.values(diff.fates).map((f) => f.status);
    expect(statuses.filter((s) => s === 'removed')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'moved')).toHaveLength(2);
  });

  it('a version compared with itself has no changes', () => {
    const same = diffVersions(seed, seed);
    expect(same.changes).toEqual([]);
    expect(same.attributeChanges).toEqual([]);
    expect(same.counts.unchanged).toBe(seed.clauses.length);
  });

  it('timing: diffVersions on two ~17,000-character versions', () => {
    const runs: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      diffVersions(seed, draft);
      runs.push(performance.now() - t);
    }
    runs.sort((x, y) => x - y);
    const median = runs[3]!;
    console.log(`[timing] diffVersions ${seed.chars} vs ${draft.chars} chars (${seed.clauses.length}/${draft.clauses.length} clauses): median ${median.toFixed(1)} ms, min ${runs[0]!.toFixed(1)}, max ${runs[6]!.toFixed(1)}`);
    expect(median).toBeLessThan(1000);
  });

  it('timing: a heavy revision (every third 我们 → 本公司) and two unrelated ~14,000-character policies', async () => {
    let k = 0;
    const heavyText = seedText.replace(/我们/g, (m) => (k++ % 3 === 0 ? '本公司' : m));
    const heavy = await analyzeBytes(new TextEncoder().encode(heavyText), 'heavy.txt');
    const file = (p: string): string => path.join(SAMPLES, readdirSync(SAMPLES).find((f) => f.startsWith(p))!);
    const a0 = await analyzeBytes(readFileSync(file('000_')), '000.txt');
    const a1 = await analyzeBytes(readFileSync(file('001_')), '001.txt');
    for (const [x, y, what] of [[seed, heavy, 'heavy revision'], [a0, a1, 'unrelated 000 vs 001']] as const) {
      const t = performance.now();
      const d = diffVersions(x, y);
      const ms = performance.now() - t;
      console.log(`[timing] diffVersions ${what}: ${x.chars} vs ${y.chars} chars, ${JSON.stringify(d.counts)}: ${ms.toFixed(1)} ms`);
      expect(ms).toBeLessThan(3000);
    }
  });
});

describe('carryOverAnnotations', () => {
  let n = 0;
  const ann = (target: Annotation['target']): Annotation => ({
    id: `a${++n}`,
    target,
    status: 'concern',
    note: 'check',
    author: 'reviewer',
    createdAt: '2024-05-01T00:00:00Z',
    updatedAt: '2024-05-01T00:00:00Z',
    rev: n,
  });
  const clauseId = (pred: (t: string) => boolean): string => seed.clauses.find((c) => pred(c.text))!.id;

  it('follows every annotation and drops none', () => {
    const edited = clauseId((t) => t.startsWith(EDITED.line));
    const removed = clauseId((t) => t === REMOVED);
    const moved = clauseId((t) => t === SWAP_A);
    const same = seed.clauses.find((c) => diff.fates[c.id]!.status === 'unchanged' && c.kind === 'sentence')!.id;
    const input = [
      ann({ policyId: seed.id, attributeId: 'account_deletion.available' }),
      ann({ policyId: seed.id, attributeId: 'account_deletion.timeframe' }),
      ann({ policyId: seed.id, clauseId: same }),
      ann({ policyId: seed.id, clauseId: moved }),
      ann({ policyId: seed.id, clauseId: edited }),
      ann({ policyId: seed.id, clauseId: removed }),
      ann({ policyId: 'ffffffffffffffff', clauseId: same }),
      ann({ policyId: seed.id, clauseId: 'cdeadbeef00' }),
    ];
    const out = carryOverAnnotations(diff, input);
    expect(out).toHaveLength(input.length);
    expect(out.map((o) => o.annotation)).toEqual(input);
    const [cellSame, cellChanged, clauseSame, clauseMoved, clauseEdited, clauseRemoved, otherPolicy, stale] = out;

    // Unchanged evidence: moves to the newer version silently.
    expect(cellSame).toMatchObject({ outcome: 'unchanged', needsReview: false, target: { policyId: draft.id, attributeId: 'account_deletion.available' } });
    expect(cellSame!.before).toBeUndefined();
    expect(clauseSame).toMatchObject({ outcome: 'unchanged', needsReview: false, target: { policyId: draft.id } });
    expect(draft.clauses.find((c) => c.id === (clauseSame!.target as { clauseId: string }).clauseId)!.text).toBe(seed.clauses.find((c) => c.id === same)!.text);
    expect(clauseMoved).toMatchObject({ outcome: 'moved', needsReview: false });
    expect(draft.clauses.find((c) => c.id === (clauseMoved!.target as { clauseId: string }).clauseId)!.text).toBe(SWAP_A);

    // Changed evidence: moves, needs re-review, old and new text side by side.
    expect(cellChanged).toMatchObject({ outcome: 'value_changed', needsReview: true, target: { policyId: draft.id, attributeId: 'account_deletion.timeframe' } });
    expect(cellChanged!.before!.text).toContain('15个工作日');
    expect(cellChanged!.after!.text).toContain('30天');
    expect(cellChanged!.before!.valueText).toEqual({ zh: '15 个工作日', en: '15 working days' });
    expect(cellChanged!.after!.valueText).toEqual({ zh: '30 天', en: '30 days' });

    expect(clauseEdited).toMatchObject({ outcome: 'modified', needsReview: true });
    expect(clauseEdited!.before!.text).toContain('尽力确保');
    expect(clauseEdited!.after!.text).toContain('采取合理措施确保');
    expect((clauseEdited!.target as { clauseId: string }).clauseId).toBe(clauseEdited!.after!.clauseId);
    expect(clauseEdited!.segments!.some((s) => s.op === 'insert' && s.text === '采取合理措施')).toBe(true);

    // Removed clause: kept where it was, marked removed and needing review.
    expect(clauseRemoved).toMatchObject({ outcome: 'removed', needsReview: true, removed: true, target: { policyId: seed.id, clauseId: removed } });
    expect(clauseRemoved!.before!.text).toBe(REMOVED);
    expect(clauseRemoved!.anchorClauseId).toBeDefined();
    expect(draft.clauses.some((c) => c.id === clauseRemoved!.anchorClauseId)).toBe(true);

    expect(otherPolicy).toMatchObject({ outcome: 'other_policy', needsReview: false, target: { policyId: 'ffffffffffffffff' } });
    expect(stale).toMatchObject({ outcome: 'not_found', needsReview: true, target: { policyId: seed.id, clauseId: 'cdeadbeef00' } });
  });
});

describe('matchAppToExisting', () => {
  it('proposes 004 for the draft among the five samples', async () => {
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.txt')).sort();
    expect(files).toHaveLength(5);
    const existing = await Promise.all(
      files.map(async (f) => {
        const a = await analyzeBytes(readFileSync(path.join(SAMPLES, f)), f);
        return { id: a.id, app: a.app, text: a.text };
      }),
    );
    const ranked = matchAppToExisting(draft, existing);
    expect(ranked).toHaveLength(5);
    expect(ranked[0]!.policyId).toBe(seed.id);
    expect(ranked[0]!.reason).toBe('same_app');
    expect(ranked[0]!.score).toBeGreaterThan(0.9);
    for (const r of ranked.slice(1)) expect(r.score).toBeLessThan(PROPOSE_MIN_SCORE);
    // Without texts, the app name alone still finds it.
    const byName = matchAppToExisting(draft, existing.map(({ id, app }) => ({ id, app })));
    expect(byName[0]).toMatchObject({ policyId: seed.id, reason: 'same_app' });
    // The same file again.
    expect(matchAppToExisting(seed, existing)[0]).toMatchObject({ policyId: seed.id, reason: 'same_file', score: 1 });
  });

  it('a renamed app with near-identical text is still proposed', () => {
    const renamed = { ...draft, app: '我图' };
    const ranked = matchAppToExisting(renamed, [{ id: seed.id, app: seed.app, text: seed.text }, { id: '0000000000000000', app: '别的应用', text: '完全不同的内容。' }]);
    expect(ranked[0]).toMatchObject({ policyId: seed.id, reason: 'similar_text', sameApp: false });
    expect(ranked[0]!.score).toBeGreaterThan(PROPOSE_MIN_SCORE);
  });
});

describe('diffVersions on small texts', () => {
  const analyze = (t: string, name: string): Promise<PolicyAnalysis> => analyzeBytes(new TextEncoder().encode(t), name);

  it('removing one of two identical clauses removes that one', async () => {
    const older = await analyze('一、收集\n与国家安全、国防安全有关的；\n我们收集您的手机号码用于注册。\n二、共享\n与国家安全、国防安全有关的；\n我们不会向第三方共享您的信息。\n', 'a.txt');
    const newer = await analyze('一、收集\n我们收集您的手机号码用于注册。\n二、共享\n与国家安全、国防安全有关的；\n我们不会向第三方共享您的信息。\n', 'b.txt');
    const d = diffVersions(older, newer);
    expect(d.counts).toMatchObject({ removed: 1, added: 0, modified: 0, moved: 0 });
    const removed = d.changes[0]!.older!;
    expect(removed.text).toBe('与国家安全、国防安全有关的；');
    expect(removed.section).toEqual(['一、收集']);
  });

  it('a clause moved to another section is moved; set values list members added and removed', async () => {
    const older = await analyze('一、收集\n我们收集您的手机号码和通讯录。\n我们会对信息进行加密存储。\n二、共享\n我们会与友盟共享设备信息。\n', 'a.txt');
    const newer = await analyze('一、收集\n我们收集您的手机号码和位置信息。\n二、共享\n我们会与友盟共享设备信息。\n我们会对信息进行加密存储。\n', 'b.txt');
    const d = diffVersions(older, newer);
    expect(d.changes.filter((c) => c.kind === 'moved').map((c) => c.newer!.section)).toEqual([['二、共享']]);
    expect(d.changes.filter((c) => c.kind === 'modified')).toHaveLength(1);
    const dt = d.attributeChanges.filter((a) => a.attributeId === 'collection.data_types');
    expect(dt.map((a) => [a.change, a.item])).toEqual([
      ['item_added', 'location'],
      ['item_removed', 'contacts'],
    ]);
    expect(dt[0]!.text).toEqual({ zh: '新增收集的信息类型：位置信息', en: 'new data type collected: Location' });
    expect(dt[1]!.text).toEqual({ zh: '删除收集的信息类型：通讯录', en: 'removed data type collected: Contacts' });
  });
});
