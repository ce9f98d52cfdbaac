// The review handlers on real temporary workspaces: imports into the workspace, notes, overrides, history,
// undo, conflicts between two sessions on one folder, and a damaged annotations.json reaching the reviewer.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events } from '../shared/contract';
import type { Analyzer } from './analyzer';
import { PoolAnalyzer } from './analyzer';
import { callers } from './test-helpers';
import { createHandlers } from './handlers';
import { engineWorkerFromSources } from './worker-spec';
import { WorkspaceSession } from './workspace-session';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samplesDir = path.join(root, 'resources', 'samples');

let pool: PoolAnalyzer;
let engineRuns = 0;
/** Counts how often the engine really runs, so cache hits are visible. */
const analyzer: Analyzer = {
  analyze: (task, opts) => {
    engineRuns++;
    return pool.analyze(task, opts);
  },
  close: async () => undefined,
};
const temps: string[] = [];
const sessions: WorkspaceSession[] = [];

beforeAll(() => {
  pool = new PoolAnalyzer({ worker: engineWorkerFromSources(), size: 2 });
});
afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
  await pool.close();
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(prefix: string) {
  const d = await mkdtemp(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
}

/** A host's service over the workspace in DIR (created when missing), as the host and Electron wire it. */
async function service(home: string, dir?: string, watchIntervalMs = 0) {
  const changes: Events['workspace-changed'][] = [];
  const session: WorkspaceSession = new WorkspaceSession({
    analyzer,
    home,
    watchIntervalMs,
    onChange: (kind) => {
      if (session.isOpen) changes.push({ dir: session.workspace.dir, revision: session.workspace.revision, kind });
    },
  });
  sessions.push(session);
  const started = await session.start(dir);
  const h = createHandlers({ session, analyzer, emit: () => undefined, samplesDir, app: { version: '1', locale: 'en', host: 'browser' } });
  const { call, fail } = callers(h);
  return { session, h, call, fail, changes, created: started.created };
}

describe('review handlers on a workspace folder', () => {
  let home: string;
  let dir: string;
  let s: Awaited<ReturnType<typeof service>>;
  let policyId: string;
  let clauseId: string;

  beforeAll(async () => {
    home = await tempDir('pb-home-');
    dir = path.join(home, 'review');
    s = await service(home, dir);
    await s.call('policies-load-samples', { jobId: 'samples' });
    const { policies } = await s.call('policies-list', {});
    policyId = policies[0]!.id;
    const analysis = await s.call('policy-get', { policyId });
    clauseId = analysis.clauses.find((c) => c.kind === 'sentence')!.id;
  }, 120_000);

  it('copies imports into the workspace by content; the same file twice is listed once and not re-analyzed', async () => {
    expect(s.created).toBe(true);
    const stored = await readdir(path.join(dir, 'policies'));
    expect(stored).toHaveLength(5);
    const runs = engineRuns;
    const file = path.join(samplesDir, (await readdir(samplesDir)).sort()[0]!);
    const result = await s.call('policies-import', { jobId: 'again', files: [{ name: 'again.txt', dataBase64: (await readFile(file)).toString('base64') }] });
    expect(result.errors).toEqual([]);
    expect(engineRuns).toBe(runs); // a cache hit
    expect((await s.call('policies-list', {})).policies).toHaveLength(5);
    expect(await readdir(path.join(dir, 'policies'))).toHaveLength(5);
  });

  it('annotates a cell and a clause with author and times, and lists them', async () => {
    await s.call('settings-set', { author: 'Li Wei' });
    const cell = await s.call('annotation-upsert', { target: { policyId, attributeId: 'retention.period' }, status: 'concern', note: '保存期限不明确' });
    expect(cell).toMatchObject({ status: 'concern', note: '保存期限不明确', author: 'Li Wei' });
    expect(Date.parse(cell.createdAt)).toBeGreaterThan(0);
    const clause = await s.call('annotation-upsert', { target: { policyId, clauseId }, status: 'follow_up', note: 'ask legal' });
    const edited = await s.call('annotation-upsert', { id: cell.id, target: cell.target, status: 'violation', note: '违反', baseRev: cell.rev });
    expect(edited.createdAt).toBe(cell.createdAt);
    const list = await s.call('annotations-list', {});
    expect(list.annotations.map((a) => a.id).sort()).toEqual([cell.id, clause.id].sort());
    expect(s.changes.some((c) => c.kind === 'annotations')).toBe(true);
  });

  it('refuses an override without a reason or with a value of the wrong kind, in words a reviewer can act on', async () => {
    const noReason = await s.fail('override-set', { policyId, attributeId: 'retention.period', value: { number: 6, unit: 'months', text: '6个月' }, reason: '  ' });
    expect(noReason.code).toBe('invalid_request');
    expect(noReason.message).toMatch(/reason/);
    const wrongKind = await s.fail('override-set', { policyId, attributeId: 'retention.period', value: ['phone'], reason: 'x' });
    expect(wrongKind.code).toBe('invalid_request');
    expect(wrongKind.message).toMatch(/does not fit/);
  });

  it('applies an override to the matrix (value, reason, author, engine value) and records the history in order', async () => {
    const before = (await s.call('matrix-get', {})).cells[policyId]!['retention.period']!;
    const o = await s.call('override-set', { policyId, attributeId: 'retention.period', value: { number: 6, unit: 'months', text: '6个月' }, reason: '第5.2条写明六个月' });
    const cell = (await s.call('matrix-get', {})).cells[policyId]!['retention.period']!;
    expect(cell.value).toEqual({ number: 6, unit: 'months', text: '6个月' });
    expect(cell.override).toMatchObject({ reason: '第5.2条写明六个月', author: 'Li Wei', rev: o.rev, engineValue: before.value });
    const { entries } = await s.call('cell-history', { policyId, attributeId: 'retention.period' });
    expect(entries.map((e) => e.op)).toEqual(['annotation-upsert', 'annotation-upsert', 'override-set']);
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => a - b));
    expect(entries[2]!.author).toBe('Li Wei');
    const clauseHistory = await s.call('clause-history', { policyId, clauseId });
    expect(clauseHistory.entries).toHaveLength(1);
  });

  it('undoes and redoes the last change', async () => {
    const undone = await s.call('edit-undo', {});
    expect(undone.entry.op).toBe('override-clear');
    expect((await s.call('matrix-get', {})).cells[policyId]!['retention.period']!.override).toBeUndefined();
    const redone = await s.call('edit-redo', {});
    expect(redone.entry.op).toBe('override-set');
    expect((await s.call('matrix-get', {})).cells[policyId]!['retention.period']!.override?.reason).toBe('第5.2条写明六个月');
  });

  it('keeps renames, removals, notes and overrides when the workspace is opened again, from the cache', async () => {
    const other = (await s.call('policies-list', {})).policies[1]!.id;
    await s.call('policy-rename', { policyId, app: '改名的应用' });
    await s.call('policy-remove', { policyId: other });
    const runs = engineRuns;
    const again = await service(home, dir);
    expect(again.created).toBe(false);
    const { policies } = await again.call('policies-list', {});
    expect(policies).toHaveLength(4);
    expect(policies.find((p) => p.id === policyId)?.app).toBe('改名的应用');
    expect(engineRuns).toBe(runs); // every analysis came from the workspace's cache
    const matrix = await again.call('matrix-get', {});
    expect(matrix.cells[policyId]!['retention.period']!.override?.reason).toBe('第5.2条写明六个月');
    expect((await again.call('annotations-list', {})).annotations).toHaveLength(2);
    await again.session.close();
  });

  it('gives the second of two sessions on one folder a conflict that says what happened and what to do', async () => {
    const a = s;
    const b = await service(home, dir);
    const note = await a.call('annotation-upsert', { target: { policyId, attributeId: 'collection.data_types' }, status: 'ok', note: 'A' });
    const seenByB = (await b.call('annotations-list', {})).annotations.find((x) => x.id === note.id)!;
    await a.call('annotation-upsert', { id: note.id, target: note.target, status: 'concern', note: 'A again', baseRev: note.rev });
    const err = await b.fail('annotation-upsert', { id: note.id, target: note.target, status: 'ok', note: 'B', baseRev: seenByB.rev });
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/changed by .* in another PolicyBench window; your change was not saved/);
    // B's own, different changes go through, and A sees them.
    await b.call('annotation-upsert', { target: { policyId, attributeId: 'sharing.named_recipients' }, status: 'ok', note: 'B only' });
    expect((await a.call('annotations-list', {})).annotations.some((x) => x.note === 'B only')).toBe(true);
    await b.session.close();
  });

  it("tells a watching session about another session's change, so its windows refresh", async () => {
    const watcher = await service(home, dir, 50);
    const before = watcher.changes.length;
    const note = await s.call('annotation-upsert', { target: { policyId, attributeId: 'minors.age_thresholds' }, status: 'follow_up', note: 'seen elsewhere?' });
    await expect.poll(() => watcher.changes.slice(before).some((c) => c.kind === 'annotations' && c.revision >= note.rev), { timeout: 5000 }).toBe(true);
    expect((await watcher.call('annotations-list', {})).annotations.some((a) => a.id === note.id)).toBe(true);
    await watcher.session.close();
  });

  it('reports a damaged annotations.json through workspace-info and app-info, with the notes rebuilt', async () => {
    const count = (await s.call('annotations-list', {})).annotations.length;
    await writeFile(path.join(dir, 'annotations.json'), '{"schemaVersion":1,"revision":');
    const again = await service(home, dir);
    const info = await again.call('workspace-info', {});
    expect(info.notices.map((n) => n.code)).toContain('annotations_rebuilt');
    expect(info.notices[0]!.message).toMatch(/annotations\.json was damaged.*kept as/);
    const app = await again.call('app-info', {});
    expect(app.workspace?.notices.map((n) => n.code)).toContain('annotations_rebuilt');
    expect((await again.call('annotations-list', {})).annotations).toHaveLength(count);
    expect((await readdir(dir)).some((n) => n.startsWith('annotations.json.corrupt'))).toBe(true);
    await again.session.close();
  });
});

describe('workspace menu', () => {
  it('creates, opens and lists recent workspaces, and checks typed paths before writing anything', async () => {
    const home = await tempDir('pb-home-');
    const s = await service(home);
    expect(s.session.workspace.dir).toBe(path.join(home, 'workspaces', 'default'));
    const created = await s.call('workspace-create', { name: '二季度审查' });
    expect(created.dir).toBe(path.join(home, 'workspaces', '二季度审查'));
    expect(created.policyCount).toBe(0);
    const relative = await s.fail('workspace-open', { dir: 'some/folder' });
    expect(relative.code).toBe('workspace_error');
    expect(relative.message).toMatch(/full path/);
    const notThere = await s.fail('workspace-open', { dir: path.join(home, 'nope') });
    expect(notThere.message).toMatch(/does not exist/);
    await writeFile(path.join(home, 'notes.txt'), 'x');
    const notEmpty = await s.fail('workspace-create', { dir: home, name: 'x' });
    expect(notEmpty.message).toMatch(/not empty/);
    const reopened = await s.call('workspace-open', { dir: path.join(home, 'workspaces', 'default') });
    expect(reopened.name).toBe('Default');
    const { recent } = await s.call('workspace-recent', {});
    expect(recent.map((r) => r.name)).toEqual(['Default', '二季度审查']);
    const settings = JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8')) as { author: string };
    expect(settings.author).toBe(os.userInfo().username);
    expect((await s.fail('workspace-pick-dialog', {})).code).toBe('unsupported');
  });
});
