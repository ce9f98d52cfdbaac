// Clause relabels through the service (issue 8), on a real temporary workspace: the clause-relabel call, the
// policy's values read again with the reviewer's categories (matrix, policy-get, checks, exports), the relabel
// beside an override, conflicts between two sessions, undo/redo, and a restart with annotations.json damaged.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeBytes } from '../engine/analyze';
import { extractAttributes } from '../engine/extract';
import { getCategory } from '../shared/taxonomy';
import type { Analyzer } from './analyzer';
import { callers } from './test-helpers';
import { createHandlers } from './handlers';
import { WorkspaceSession } from './workspace-session';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The engine in this process: the service's own code paths, without a worker pool. */
const analyzer: Analyzer = {
  analyze: async (task) => {
    if (task.kind !== 'bytes') throw new Error('bytes only');
    try {
      return { ok: true, analysis: await analyzeBytes(task.bytes, task.fileName) };
    } catch (err) {
      return { ok: false, error: { file: task.fileName, code: 'internal', message: String(err) } };
    }
  },
  close: async () => undefined,
};

/**
 * A short policy whose retention sentence the engine files under `other` (no retention wording it knows besides the
 * period), so the grid says the retention period is not stated: the extractor reads the period only from retention
 * clauses (or ones that say 期限/期间). A reviewer who relabels the sentence as `retention` gets three years.
 */
const POLICY = '晴天记账隐私政策\n一、概述\n我们会收集您的手机号码，用于登录。\n我们会将您的信息保存三年。\n二、联系我们\n如有问题请联系我们。\n';
const PERIOD = 'retention.period';
const THREE_YEARS = { number: 3, unit: 'years', text: '三年' };

const temps: string[] = [];
const sessions: WorkspaceSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

async function service(home: string, dir: string) {
  const session = new WorkspaceSession({ analyzer, home, watchIntervalMs: 0 });
  sessions.push(session);
  await session.start(dir);
  const h = createHandlers({ session, analyzer, emit: () => undefined, samplesDir: path.join(root, 'resources/samples'), app: { version: '1', locale: 'en', host: 'browser' } });
  const { call, fail } = callers(h);
  return { session, call, fail };
}

describe('clause relabels through the service', () => {
  let home: string;
  let dir: string;
  let s: Awaited<ReturnType<typeof service>>;
  let policyId: string;
  let clauseId: string;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'pb-relabel-home-'));
    temps.push(home);
    dir = path.join(home, 'review');
    s = await service(home, dir);
    await s.call('settings-set', { author: 'Li Wei' });
    const imported = await s.call('policies-import', { jobId: 'one', files: [{ name: '某某App.txt', dataBase64: Buffer.from(POLICY).toString('base64') }] });
    expect(imported.errors).toEqual([]);
    policyId = imported.added[0]!.id;
    const analysis = await s.call('policy-get', { policyId });
    const clause = analysis.clauses.find((c) => c.text.includes('保存三年'))!;
    clauseId = clause.id;
    // The premise (an engine detail that may change): the engine misfiles the sentence, so the period is not stated.
    expect(clause.categories.map((c) => c.id)).not.toContain('retention');
    expect((await s.call('matrix-get', {})).cells[policyId]![PERIOD]!.value).toBe('not_stated');
  }, 60_000);

  it('relabels a clause: the relabel is listed, the clause shows the reviewer categories, and the values are read again', async () => {
    const engineCategories = (await s.call('policy-get', { policyId })).clauses.find((c) => c.id === clauseId)!.categories.map((c) => c.id);
    const { relabel } = await s.call('clause-relabel', { policyId, clauseId, categories: ['retention'], reason: '讲的是保存期限', baseRev: null });
    expect(relabel).toMatchObject({ policyId, clauseId, categories: ['retention'], engineCategories, text: '我们会将您的信息保存三年。', reason: '讲的是保存期限', author: 'Li Wei' });
    expect((await s.call('annotations-list', {})).relabels).toEqual([relabel]);

    const reviewed = await s.call('policy-get', { policyId });
    const clause = reviewed.clauses.find((c) => c.id === clauseId)!;
    expect(clause.categories).toEqual([{ id: 'retention', confidence: 1, source: 'reviewer' }]);
    expect(clause.engineCategories!.map((c) => c.id)).toEqual(engineCategories);

    const matrix = await s.call('matrix-get', {});
    const cell = matrix.cells[policyId]![PERIOD]!;
    expect(cell.value).toEqual(THREE_YEARS);
    expect(cell.evidence.map((e) => e.clauseId)).toEqual([clauseId]);
    expect(cell.relabel).toEqual({ engineValue: 'not_stated', clauseIds: [clauseId] });
    // Every value is the engine's extractor over the reviewer's categories; only moved values carry the marker.
    const reread = extractAttributes(reviewed.clauses, reviewed.text);
    for (const [attributeId, c] of Object.entries(matrix.cells[policyId]!)) {
      expect(c.value, attributeId).toEqual(reread[attributeId]!.value);
      if (attributeId !== PERIOD) expect(c.relabel, attributeId).toBeUndefined();
    }
    // The checks read the same matrix.
    const checks = await s.call('checks-get', {});
    expect(checks.policyIds).toEqual([policyId]);

    const { entries } = await s.call('clause-history', { policyId, clauseId });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ op: 'relabel-set', author: 'Li Wei', relabel: { categories: ['retention'] }, relabelBefore: null });
  });

  it('keeps an override on top of a relabel: the override wins, the relabel marker stays', async () => {
    const o = await s.call('override-set', { policyId, attributeId: PERIOD, value: 'minimum_necessary', reason: '第二条另有规定' });
    const cell = (await s.call('matrix-get', {})).cells[policyId]![PERIOD]!;
    expect(cell.value).toBe('minimum_necessary');
    // Clearing the override would show the re-read value; the engine's own reading is on the relabel marker.
    expect(cell.override!.engineValue).toEqual(THREE_YEARS);
    expect(cell.relabel!.engineValue).toBe('not_stated');
    await s.call('override-clear', { policyId, attributeId: PERIOD, baseRev: o.rev });
  });

  it('refuses bad requests with messages that say what to do', async () => {
    const unknown = await s.fail('clause-relabel', { policyId, clauseId, categories: ['advertising'], baseRev: null });
    expect(unknown.code).toBe('invalid_request');
    expect(unknown.message).toMatch(/categories\.0: a clause category is one of collection, sharing, .*other/);
    const empty = await s.fail('clause-relabel', { policyId, clauseId, categories: [], baseRev: null });
    expect(empty.message).toMatch(/give at least one category \(or null to go back to the engine's categories\)/);
    const mixed = await s.fail('clause-relabel', { policyId, clauseId, categories: ['other', 'sharing'] });
    expect(mixed).toMatchObject({ code: 'invalid_request' });
    expect(mixed.message).toMatch(/cannot be combined with another one/);
    const noClause = await s.fail('clause-relabel', { policyId, clauseId: 'c-not-here', categories: ['sharing'] });
    expect(noClause.code).toBe('not_found');
    expect(noClause.message).toMatch(/Reload the page and choose the clause again/);
    const noPolicy = await s.fail('clause-relabel', { policyId: 'ffffffffffffffff', clauseId, categories: ['sharing'] });
    expect(noPolicy.message).toMatch(/refresh the list/);
  });

  it('a second session with a stale view gets a conflict and loses nothing', async () => {
    const mine = (await s.call('annotations-list', {})).relabels[0]!;
    const other = await service(home, dir);
    const theirs = await other.call('clause-relabel', { policyId, clauseId, categories: ['collection', 'security'], baseRev: mine.rev });
    const conflict = await s.fail('clause-relabel', { policyId, clauseId, categories: ['other'], baseRev: mine.rev });
    expect(conflict.code).toBe('conflict');
    expect(conflict.message).toMatch(/was changed by Li Wei .*your change was not saved/);
    // Back to what this session had, so the later tests start from one relabel set here.
    await s.call('clause-relabel', { policyId, clauseId, categories: ['retention'], reason: '讲的是保存期限', baseRev: theirs.relabel!.rev });
  });

  it('undoes and redoes a relabel, with the grid following', async () => {
    await s.call('clause-relabel', { policyId, clauseId, categories: ['other'] });
    expect((await s.call('matrix-get', {})).cells[policyId]![PERIOD]!.value).toBe('not_stated');
    const undone = await s.call('edit-undo', {});
    expect(undone.entry).toMatchObject({ op: 'relabel-set', relabel: { categories: ['retention'] } });
    expect((await s.call('matrix-get', {})).cells[policyId]![PERIOD]!.value).toEqual(THREE_YEARS);
    await s.call('edit-redo', {});
    expect((await s.call('matrix-get', {})).cells[policyId]![PERIOD]!.value).toBe('not_stated');
    await s.call('edit-undo', {});
    const cleared = await s.call('clause-relabel', { policyId, clauseId, categories: null, baseRev: (await s.call('annotations-list', {})).relabels[0]!.rev });
    expect(cleared).toEqual({ relabel: null });
    expect((await s.call('matrix-get', {})).cells[policyId]![PERIOD]!).not.toHaveProperty('relabel');
    const clearAgain = await s.fail('clause-relabel', { policyId, clauseId, categories: null });
    expect(clearAgain.message).toMatch(/no relabel to clear/);
    const undoClear = await s.call('edit-undo', {});
    expect(undoClear.entry.op).toBe('relabel-set');
    expect((await s.call('matrix-get', {})).cells[policyId]![PERIOD]!.value).toEqual(THREE_YEARS);
  });

  it('exports the relabel in the appendix of annotated clauses, escaped, and marks the re-read value', async () => {
    const rev = (await s.call('annotations-list', {})).relabels[0]!.rev;
    await s.call('clause-relabel', { policyId, clauseId, categories: ['retention'], reason: '<b>期限</b> | *三年*', baseRev: rev });
    const engine = (await s.call('annotations-list', {})).relabels[0]!.engineCategories;
    const html = await s.call('report-export', { format: 'html', scope: 'all', lang: 'en' });
    const page = Buffer.from((html as { dataBase64: string }).dataBase64, 'base64').toString('utf8');
    expect(page).toContain('Categories corrected');
    expect(page).toContain('&lt;b&gt;期限&lt;/b&gt; | *三年*');
    expect(page).not.toContain('<b>期限</b>');
    expect(page).toContain(`Engine categories: <s>${engine.map((id) => getCategory(id)!.label.en).join(', ')}</s>`);
    expect(page).toContain('Read again with the reviewer’s clause categories');
    const mdExport = await s.call('report-export', { format: 'md', scope: 'all', lang: 'zh' });
    const md = Buffer.from((mdExport as { dataBase64: string }).dataBase64, 'base64').toString('utf8');
    expect(md).toContain(`✎ **类别更正**：存储与保存; 引擎类别：~~${engine.map((id) => getCategory(id)!.label.zh).join('、')}~~`);
    expect(md).toContain('\\<b\\>期限\\</b\\> \\| \\*三年\\*');
  });

  it('survives a restart with annotations.json cut off: the journal brings the relabel and the re-read values back', async () => {
    const before = (await s.call('annotations-list', {})).relabels;
    await s.session.close();
    const file = path.join(dir, 'annotations.json');
    await writeFile(file, (await readFile(file)).subarray(0, 25));
    const again = await service(home, dir);
    expect((await again.call('workspace-info', {})).notices.map((n) => n.code)).toEqual(['annotations_rebuilt']);
    expect((await again.call('annotations-list', {})).relabels).toEqual(before);
    const cell = (await again.call('matrix-get', {})).cells[policyId]![PERIOD]!;
    expect(cell.value).toEqual(THREE_YEARS);
    expect(cell.relabel?.engineValue).toBe('not_stated');
  });
});
