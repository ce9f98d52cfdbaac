// Issue 7 through the contract on a real workspace: import seed 004, annotate it, import a draft derived from it
// (a clause edited, one removed, one added, two swapped, the deletion timeframe changed everywhere the engine
// reads it), accept it as a new version: exactly those changes, and the notes carried over.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../shared/types';
import { analyzeBytes } from '../engine/analyze';
import type { Analyzer } from './analyzer';
import { callers, type Call } from './test-helpers';
import { createHandlers } from './handlers';
import { DRAFT_EDITS, DRAFT_FILE_NAME, draft004 } from './versions-fixture';
import { versionChains } from './versions-handlers';
import { WorkspaceSession } from './workspace-session';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const analyzer: Analyzer = {
  analyze: async (task) => {
    if (task.kind !== 'bytes') throw new Error('bytes only here');
    return { ok: true, analysis: await analyzeBytes(task.bytes, task.fileName) };
  },
  close: async () => undefined,
};

let home: string;
let session: WorkspaceSession;
let call: Call;
let fx: Awaited<ReturnType<typeof draft004>>;
let seedId: string;
let draftId: string;
const notes: Record<string, Annotation> = {};
let seedAppName = '';

const upload = (name: string, text: string) => ({ name, dataBase64: Buffer.from(text, 'utf8').toString('base64') });

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'pb-versions-'));
  session = new WorkspaceSession({ analyzer, home, watchIntervalMs: 0 });
  await session.start(path.join(home, 'review'));
  const h = createHandlers({ session, analyzer, emit: () => undefined, samplesDir: path.join(root, 'resources', 'samples'), app: { version: '1', locale: 'en', host: 'browser' } });
  call = callers(h).call;
  fx = await draft004();
  const imported = await call('policies-import', { jobId: 'seed', files: [upload(fx.seedFile, fx.seedText)] });
  seedId = imported.added[0]!.id;
  const seed = await call('policy-get', { policyId: seedId });
  const unchanged = seed.clauses.find((c) => c.kind === 'sentence' && c.text.includes('我们') && !fx.timeframeClauseIds.includes(c.id))!;
  const removed = seed.clauses.find((c) => c.text === DRAFT_EDITS.removed)!;
  const edited = seed.clauses.find((c) => c.text.startsWith(DRAFT_EDITS.edited.line))!;
  notes['unchanged'] = await call('annotation-upsert', { target: { policyId: seedId, clauseId: unchanged.id }, status: 'ok', note: '这条没问题' });
  notes['timeframe'] = await call('annotation-upsert', { target: { policyId: seedId, attributeId: 'account_deletion.timeframe' }, status: 'concern', note: '时限偏长' });
  notes['removed'] = await call('annotation-upsert', { target: { policyId: seedId, clauseId: removed.id }, status: 'follow_up', note: '联系方式要写全' });
  notes['edited'] = await call('annotation-upsert', { target: { policyId: seedId, clauseId: edited.id }, status: 'concern', note: '尽力不够' });
  notes['cellSame'] = await call('annotation-upsert', { target: { policyId: seedId, attributeId: 'sharing.third_parties' }, status: 'ok', note: 'fine' });
  draftId = (await call('policies-import', { jobId: 'draft', files: [upload(DRAFT_FILE_NAME, fx.draftText)] })).added[0]!.id;
}, 120_000);

afterAll(async () => {
  await session.close();
  await rm(home, { recursive: true, force: true });
});

describe('a new version of 我图网 through the contract', () => {
  it('proposes the seed as the previous version, and a label from the draft’s own date line', async () => {
    const c = await call('version-candidates', { policyId: draftId });
    expect(c.proposal).toMatchObject({ policyId: seedId, reason: 'same_app', versionLabel: '2024-04-23' });
    expect(c.proposal!.score).toBeGreaterThan(0.9);
    expect(c.candidates.filter((x) => x.policyId !== seedId).every((x) => x.score < 0.3)).toBe(true);
    expect(c.label).toBe('2024-04-23');
  });

  it('accepting chains the draft after the seed, journalled, and carries the notes over', async () => {
    const seedApp = (await call('policies-list', {})).policies.find((p) => p.id === seedId)!.app;
    seedAppName = seedApp;
    const r = await call('policy-set-previous-version', { policyId: draftId, previousVersionId: seedId });
    expect(r.version).toMatchObject({ id: draftId, previousVersionId: seedId, chainId: seedId, position: 2, latest: true, app: seedApp, versionLabel: '2024-04-23' });
    // unchanged clause + unchanged cell copied; timeframe cell + edited clause need review; removed clause kept, flagged.
    expect(r.carried).toEqual({ copied: 2, needsReview: 2, kept: 1 });
    const journal = (await readFile(path.join(home, 'review', 'journal.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { op: string; payload: Record<string, unknown> });
    expect(journal.filter((e) => e.op === 'policy-version')).toHaveLength(2); // the seed gets its label, the draft its place
    expect(journal.filter((e) => e.op === 'policy-version')[1]!.payload).toMatchObject({ policyId: draftId, previousVersionId: seedId, before: { previousVersionId: null } });
    // Repeating the call adds nothing.
    const again = await call('policy-set-previous-version', { policyId: draftId, previousVersionId: seedId });
    expect(again.carried).toEqual({ copied: 0, needsReview: 0, kept: 0 });
  });

  it('the diff has exactly the edits', async () => {
    const d = await call('version-diff', { newerId: draftId });
    const tf = fx.timeframeClauseIds.length;
    expect(d.olderId).toBe(seedId);
    expect(d.counts).toMatchObject({ modified: 1 + tf, removed: 1, added: 1, moved: 2 });
    expect(d.attributeChanges.map((c) => c.text)).toEqual([{ zh: '注销时限：15 个工作日 → 30 天', en: 'Deletion timeframe: 15 working days → 30 days' }]);
    expect(d.changes.filter((c) => c.kind === 'removed').map((c) => c.older!.text)).toEqual([DRAFT_EDITS.removed]);
    expect(d.changes.filter((c) => c.kind === 'added').map((c) => c.newer!.text)).toEqual([DRAFT_EDITS.added]);
    expect(d.changes.filter((c) => c.kind === 'moved').map((c) => c.older!.text).sort()).toEqual([DRAFT_EDITS.swapA, DRAFT_EDITS.swapB].sort());
    // Naming the older version explicitly (the view's "compare with" list) gives the same diff; reversed, the mirror.
    expect((await call('version-diff', { newerId: draftId, olderId: seedId })).counts).toEqual(d.counts);
    expect((await call('version-diff', { newerId: seedId, olderId: draftId })).counts).toMatchObject({ added: 1, removed: 1, moved: 2 });
  });

  it('versions-list: the draft is the latest, and only the timeframe cell changed', async () => {
    const { versions, changed } = await call('versions-list', {});
    expect(versions.find((v) => v.id === seedId)).toMatchObject({ latest: false, nextVersionId: draftId, position: 1 });
    expect(versions.find((v) => v.id === draftId)).toMatchObject({ latest: true, position: 2 });
    expect(Object.keys(changed[draftId]!)).toEqual(['account_deletion.timeframe']);
    expect(changed[draftId]!['account_deletion.timeframe']).toMatchObject({ before: { number: 15, unit: 'working_days' }, after: { number: 30, unit: 'days' }, previousLabel: '2024-04-23' });
  });

  it('the changed-cell marker follows the values the grid shows: overrides on either side count', async () => {
    const o = await call('override-set', { policyId: draftId, attributeId: 'account_deletion.timeframe', value: { number: 15, unit: 'working_days', text: '15个工作日' }, reason: 'typo in the draft' });
    let { changed } = await call('versions-list', {});
    expect(changed[draftId]).toEqual({});
    await call('override-clear', { policyId: draftId, attributeId: 'account_deletion.timeframe', baseRev: o.rev });
    const r = await call('override-set', { policyId: seedId, attributeId: 'retention.period', value: 'per_law', reason: 'reading of 5.2' });
    ({ changed } = await call('versions-list', {}));
    expect(Object.keys(changed[draftId]!).sort()).toEqual(['account_deletion.timeframe', 'retention.period']);
    expect(changed[draftId]!['retention.period']).toMatchObject({ before: 'per_law', after: 'minimum_necessary', reviewed: true });
    await call('override-clear', { policyId: seedId, attributeId: 'retention.period', baseRev: r.rev });
  });

  it('notes: unchanged moves silently, the changed timeframe cell and the edited clause need re-review, the removed one is kept and flagged', async () => {
    const { annotations } = await call('annotations-list', {});
    const onDraft = annotations.filter((a) => a.target.policyId === draftId);
    const byNote = (policyId: string, note: string) => annotations.find((a) => a.target.policyId === policyId && a.note === note);
    const unchanged = byNote(draftId, '这条没问题')!;
    expect(unchanged.needsReview).toBeUndefined();
    expect('clauseId' in unchanged.target).toBe(true);
    const draft = await call('policy-get', { policyId: draftId });
    const seed = await call('policy-get', { policyId: seedId });
    const oldClause = seed.clauses.find((c) => c.id === (notes['unchanged']!.target as { clauseId: string }).clauseId)!;
    expect(draft.clauses.find((c) => c.id === (unchanged.target as { clauseId: string }).clauseId)!.text).toBe(oldClause.text);
    expect(byNote(draftId, 'fine')!.needsReview).toBeUndefined();

    const tf = byNote(draftId, '时限偏长')!;
    expect(tf.target).toEqual({ policyId: draftId, attributeId: 'account_deletion.timeframe' });
    expect(tf.status).toBe('concern');
    expect(tf.needsReview).toMatchObject({ fromPolicyId: seedId, reason: 'changed' });
    expect(tf.needsReview!.oldText).toContain('15个工作日');
    expect(tf.needsReview!.newText).toContain('30天');

    const edited = byNote(draftId, '尽力不够')!;
    expect(edited.needsReview).toMatchObject({ oldText: expect.stringContaining('尽力确保'), newText: expect.stringContaining('采取合理措施确保') });

    const removed = byNote(seedId, '联系方式要写全')!;
    expect(removed.id).toBe(notes['removed']!.id);
    expect(removed.needsReview).toEqual({ oldText: DRAFT_EDITS.removed, newText: '', fromPolicyId: seedId, reason: 'removed' });
    expect(onDraft).toHaveLength(4);
    // The originals stay on the seed.
    for (const n of Object.values(notes)) expect(annotations.some((a) => a.id === n.id)).toBe(true);
  });

  it('exports: a "changes since the previous version" section (HTML, Markdown) and a Changes sheet (XLSX)', async () => {
    const file = async (format: 'md' | 'html' | 'xlsx', lang: 'zh' | 'en') => {
      const r = await call('report-export', { format, scope: 'view', policyIds: [draftId], lang });
      if (!('dataBase64' in r)) throw new Error('expected the file back');
      return Buffer.from(r.dataBase64, 'base64');
    };
    const md = (await file('md', 'zh')).toString('utf8').replace(/\\(.)/g, '$1'); // markdown escapes - and .
    expect(md).toContain('与上一版本相比的变化');
    expect(md).toContain('2024-04-23 → 2024-04-23');
    expect(md).toContain('注销时限：15 个工作日 → 30 天');
    expect(md).toContain(`修改 ${1 + fx.timeframeClauseIds.length} · 新增 1 · 删除 1 · 仅移动 2`);
    const html = (await file('html', 'en')).toString('utf8');
    expect(html).toContain('<section id="versions"');
    expect(html).toContain('Deletion timeframe: 15 working days → 30 days');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file('xlsx', 'en')) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Changes')!;
    expect(sheet.getRow(2).values).toEqual([undefined, seedAppName, '2024-04-23 → 2024-04-23', 'Deletion timeframe: 15 working days → 30 days', `${1 + fx.timeframeClauseIds.length} modified · 1 added · 1 removed · 2 moved only`]);
  });

  it('editing a carried note clears "needs re-review"', async () => {
    const { annotations } = await call('annotations-list', {});
    const tf = annotations.find((a) => a.target.policyId === draftId && a.note === '时限偏长')!;
    const edited = await call('annotation-upsert', { id: tf.id, target: tf.target, status: tf.status, note: tf.note, baseRev: tf.rev });
    expect(edited.needsReview).toBeUndefined();
  });

  it('the chain survives a reopen (journal replay) and detaching makes it standalone', async () => {
    const dir = session.workspace.dir;
    await session.open(dir);
    expect(session.workspace.policy(draftId)!.previousVersionId).toBe(seedId);
    const r = await call('policy-set-previous-version', { policyId: draftId, previousVersionId: null });
    expect(r.version.previousVersionId).toBeUndefined();
    expect(versionChains(session.workspace.policies()).get(seedId)!.latest).toBe(true);
    await call('policy-set-previous-version', { policyId: draftId, previousVersionId: seedId });
  });
});
