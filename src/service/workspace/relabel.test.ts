// Clause relabels in the workspace store (issue 8): set, replace, clear, the revision check between two handles,
// undo and redo, history, the journal rebuilding them after annotations.json is damaged, and the taxonomy checks.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearRelabel,
  closeWorkspace,
  createWorkspace,
  history,
  importPolicy,
  journal,
  openWorkspace,
  redo,
  relabelCategories,
  setRelabel,
  undo,
  upsertAnnotation,
  WorkspaceError,
  type Workspace,
} from './index';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-relabel-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const POLICY = Buffer.from('某某App隐私政策\n一、概述\n我们会收集您的手机号码，用于登录。\n', 'utf8');
const CLAUSE = 'c0123456789';
const TEXT = '我们会收集您的手机号码，用于登录。';

async function fresh(): Promise<{ ws: Workspace; dir: string; policyId: string }> {
  const dir = path.join(root, 'review');
  const ws = await createWorkspace(dir, { name: 'relabels', author: 'alice' });
  const { policy } = await importPolicy(ws, POLICY, '某某App.txt', { app: '某某App' });
  return { ws, dir, policyId: policy.id };
}

const relabel = (policyId: string, categories: string[], extra: { reason?: string; baseRev?: number | null } = {}) => ({
  policyId,
  clauseId: CLAUSE,
  categories,
  engineCategories: ['collection'],
  text: TEXT,
  ...extra,
});

async function failure(p: Promise<unknown>): Promise<WorkspaceError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkspaceError) return err;
    throw err;
  }
  throw new Error('expected a WorkspaceError');
}

describe('clause relabels', () => {
  it('sets, replaces and clears a relabel, each journalled with the state before and after', async () => {
    const { ws, policyId } = await fresh();
    const r1 = await setRelabel(ws, relabel(policyId, ['security', 'collection'], { reason: '  讲的是账号安全  ' }));
    // Taxonomy order, trimmed reason, author and time recorded, the engine's categories and the text kept.
    expect(r1).toMatchObject({ policyId, clauseId: CLAUSE, categories: ['collection', 'security'], engineCategories: ['collection'], text: TEXT, reason: '讲的是账号安全', author: 'alice' });
    expect(Date.parse(r1.at)).not.toBeNaN();
    expect(ws.relabel({ policyId, clauseId: CLAUSE })).toEqual(r1);

    const r2 = await setRelabel(ws, relabel(policyId, ['other'], { baseRev: r1.rev }));
    expect(r2.categories).toEqual(['other']);
    expect(r2.reason).toBe('');
    expect(r2.rev).toBeGreaterThan(r1.rev);

    await clearRelabel(ws, { policyId, clauseId: CLAUSE }, { baseRev: r2.rev });
    expect(ws.relabels()).toEqual([]);

    const ops = journal(ws).map((e) => e.op);
    expect(ops.slice(-3)).toEqual(['relabel-set', 'relabel-set', 'relabel-clear']);
    const clauseHistory = history(ws, { policyId, clauseId: CLAUSE });
    expect(clauseHistory.map((e) => e.op)).toEqual(['relabel-set', 'relabel-set', 'relabel-clear']);
    expect(clauseHistory[1]).toMatchObject({ payload: { relabel: { categories: ['other'] }, before: { categories: ['collection', 'security'] } } });
    // A cell's history is not a clause's.
    expect(history(ws, { policyId, attributeId: 'collection.data_types' })).toEqual([]);
    await closeWorkspace(ws);
  });

  it('refuses a stale revision from another window, naming who changed it, and saves nothing', async () => {
    const { ws, dir, policyId } = await fresh();
    const mine = await setRelabel(ws, relabel(policyId, ['collection', 'security']));
    const other = await openWorkspace(dir, { author: 'bob' });
    await setRelabel(other, relabel(policyId, ['user_rights'], { baseRev: mine.rev }));

    const err = await failure(setRelabel(ws, relabel(policyId, ['sharing'], { baseRev: mine.rev })));
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/categories of 某某App \/ clause c0123456789 was changed by bob/);
    expect(err.message).toMatch(/make your change again/);
    // Clearing with the stale rev is refused too; bob's relabel stands.
    expect((await failure(clearRelabel(ws, { policyId, clauseId: CLAUSE }, { baseRev: mine.rev }))).code).toBe('conflict');
    expect(ws.relabel({ policyId, clauseId: CLAUSE })?.categories).toEqual(['user_rights']);
    // baseRev null: "I saw none", but there is one.
    expect((await failure(setRelabel(other, relabel(policyId, ['sharing'], { baseRev: null })))).code).toBe('conflict');
    await closeWorkspace(other);
    await closeWorkspace(ws);
  });

  it('undoes and redoes relabels in order, journalling each as undo/redo of the original change', async () => {
    const { ws, policyId } = await fresh();
    const target = { policyId, clauseId: CLAUSE };
    const first = await setRelabel(ws, relabel(policyId, ['security']));
    await setRelabel(ws, relabel(policyId, ['retention', 'account_deletion']));
    await clearRelabel(ws, target);
    expect(ws.relabel(target)).toBeUndefined();

    const u1 = await undo(ws);
    expect(u1).toMatchObject({ op: 'relabel-set', payload: { relabel: { categories: ['retention', 'account_deletion'] } } });
    expect(ws.relabel(target)?.categories).toEqual(['retention', 'account_deletion']);
    await undo(ws);
    expect(ws.relabel(target)?.categories).toEqual(['security']);
    const u3 = await undo(ws);
    expect(u3.op).toBe('relabel-clear');
    expect(u3.undoOf).toBe(first.rev);
    expect(ws.relabel(target)).toBeUndefined();
    expect(ws.canUndo).toBe(false);

    const r1 = await redo(ws);
    expect(r1).toMatchObject({ op: 'relabel-set', redoOf: first.rev });
    expect(ws.relabel(target)?.categories).toEqual(['security']);
    await redo(ws);
    await redo(ws);
    expect(ws.relabel(target)).toBeUndefined();
    expect(ws.canRedo).toBe(false);
    await closeWorkspace(ws);
  });

  it('survives a reopen: the journal rebuilds relabels when annotations.json is cut off', async () => {
    const { ws, dir, policyId } = await fresh();
    await upsertAnnotation(ws, { target: { policyId, clauseId: CLAUSE }, status: 'concern', note: '类别不对' });
    const r = await setRelabel(ws, relabel(policyId, ['security'], { reason: '账号安全' }));
    await closeWorkspace(ws);
    // The snapshot holds them after a clean close.
    const snap = JSON.parse(await fs.readFile(path.join(dir, 'annotations.json'), 'utf8'));
    expect(snap.relabels).toEqual([r]);

    const file = path.join(dir, 'annotations.json');
    await fs.writeFile(file, (await fs.readFile(file)).subarray(0, 30));
    const again = await openWorkspace(dir, { author: 'bob' });
    expect(again.notices.map((n) => n.code)).toEqual(['annotations_rebuilt']);
    expect(again.relabels()).toEqual([r]);
    expect(again.annotations()).toHaveLength(1);
    // The rebuilt revision check still knows the relabel's rev.
    expect((await failure(setRelabel(again, relabel(policyId, ['other'], { baseRev: null })))).code).toBe('conflict');
    const next = await setRelabel(again, relabel(policyId, ['other'], { baseRev: r.rev }));
    expect(next.author).toBe('bob');
    await closeWorkspace(again);
  });

  it('reads a snapshot written before relabels existed (no "relabels" field) as none', async () => {
    const { ws, dir, policyId } = await fresh();
    await closeWorkspace(ws);
    const file = path.join(dir, 'annotations.json');
    const snap = JSON.parse(await fs.readFile(file, 'utf8'));
    delete snap.relabels;
    await fs.writeFile(file, JSON.stringify(snap));
    const again = await openWorkspace(dir);
    expect(again.notices).toEqual([]);
    expect(again.relabels()).toEqual([]);
    await setRelabel(again, relabel(policyId, ['minors']));
    await closeWorkspace(again);
    expect(JSON.parse(await fs.readFile(file, 'utf8')).relabels).toHaveLength(1);
  });

  it('rebuilds relabels from the journal when an older PolicyBench rewrote annotations.json without them', async () => {
    const { ws, dir, policyId } = await fresh();
    await setRelabel(ws, relabel(policyId, ['security']));
    const kept = await setRelabel(ws, relabel(policyId, ['retention']));
    await closeWorkspace(ws);
    // What a build without relabels leaves: the same snapshot, its relabels dropped (zod strips unknown keys).
    const file = path.join(dir, 'annotations.json');
    const snap = JSON.parse(await fs.readFile(file, 'utf8'));
    delete snap.relabels;
    await fs.writeFile(file, JSON.stringify(snap));
    const again = await openWorkspace(dir);
    expect(again.relabels()).toEqual([kept]);
    expect((await failure(setRelabel(again, relabel(policyId, ['other'], { baseRev: null })))).code).toBe('conflict');
    await closeWorkspace(again);
    expect(JSON.parse(await fs.readFile(file, 'utf8')).relabels).toEqual([kept]);
  });

  it('rejects categories outside the taxonomy, an empty set and "other" with another category, saying what to pick', async () => {
    const { ws, policyId } = await fresh();
    const unknown = await failure(setRelabel(ws, relabel(policyId, ['collection', 'advertising'])));
    expect(unknown.code).toBe('invalid');
    expect(unknown.message).toBe('“advertising” is not a clause category; pick from collection, sharing, retention, minors, account_deletion, user_rights, security, other.');
    const empty = await failure(setRelabel(ws, relabel(policyId, [])));
    expect(empty.message).toMatch(/Pick at least one category.*clear the relabel/);
    const other = await failure(setRelabel(ws, relabel(policyId, ['other', 'sharing'])));
    expect(other.message).toMatch(/“other” means the clause belongs to none.*cannot be combined/);
    expect((await failure(setRelabel(ws, { ...relabel(policyId, ['sharing']), policyId: 'not-a-policy' }))).message).toMatch(/policy id and a clause id/);
    expect((await failure(setRelabel(ws, { ...relabel(policyId, ['sharing']), policyId: 'ffffffffffffffff' }))).code).toBe('not_found');
    expect((await failure(clearRelabel(ws, { policyId, clauseId: CLAUSE }))).message).toMatch(/no relabel to clear/);
    // Nothing was journalled by the refusals.
    expect(journal(ws).some((e) => e.op.startsWith('relabel'))).toBe(false);
    expect(relabelCategories(['security', 'collection', 'security'])).toEqual(['collection', 'security']);
    await closeWorkspace(ws);
  });
});
