import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cacheGet,
  cachePut,
  clearOverride,
  closeWorkspace,
  createWorkspace,
  deleteAnnotation,
  history,
  importPolicies,
  importPolicy,
  journal,
  openWorkspace,
  policyFilePath,
  redo,
  renamePolicy,
  setOverride,
  undo,
  upsertAnnotation,
  WorkspaceError,
  type Workspace,
} from './index';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-ws-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const POLICY = Buffer.from('某某App隐私政策\n一、我们收集的信息\n我们会收集您的手机号码。\n', 'utf8');
const CELL = 'sharing.affiliates';

async function fresh(opts: { snapshotEvery?: number; author?: string } = {}): Promise<{ ws: Workspace; dir: string; policyId: string }> {
  const dir = path.join(root, 'review');
  const ws = await createWorkspace(dir, { name: '2026 Q4 review', author: 'alice', ...opts });
  const { policy } = await importPolicy(ws, POLICY, '某某App.txt', { app: '某某App', versionLabel: 'v1' });
  return { ws, dir, policyId: policy.id };
}

const read = (file: string) => fs.readFile(file, 'utf8');

describe('create, open, import', () => {
  it('creates the folder layout and reopens with policies, annotations and overrides intact', async () => {
    const { ws, dir, policyId } = await fresh();
    const cellNote = await upsertAnnotation(ws, { target: { policyId, attributeId: CELL }, status: 'concern', note: '关联公司范围不清' });
    const clauseNote = await upsertAnnotation(ws, { target: { policyId, clauseId: 'c12' }, status: 'violation', note: 'no consent' });
    await setOverride(ws, { policyId, attributeId: CELL, value: 'yes', reason: '第三节明确写了关联公司' });
    await closeWorkspace(ws);

    expect((await fs.readdir(dir)).sort()).toEqual(['annotations.json', 'cache', 'journal.jsonl', 'policies', 'workspace.json']);
    const wsJson = JSON.parse(await read(path.join(dir, 'workspace.json')));
    expect(wsJson).toMatchObject({ schemaVersion: 1, name: '2026 Q4 review', policies: [{ id: policyId, app: '某某App', versionLabel: 'v1', fileName: '某某App.txt' }] });

    const again = await openWorkspace(dir, { author: 'bob' });
    expect(again.notices).toEqual([]);
    expect(again.annotation(cellNote.id)).toEqual(cellNote);
    expect(again.annotation(clauseNote.id)).toEqual(clauseNote);
    expect(again.override({ policyId, attributeId: CELL })).toMatchObject({ value: 'yes', reason: '第三节明确写了关联公司', author: 'alice' });
    expect(await fs.readFile(policyFilePath(again, policyId))).toEqual(POLICY);
  });

  it('workspace.json is a snapshot: imports are journalled at once, the file follows every snapshotEvery changes and on close', async () => {
    const { ws, dir } = await fresh({ snapshotEvery: 3 });
    const listed = async () => (JSON.parse(await read(path.join(dir, 'workspace.json'))) as { policies: unknown[] }).policies.length;
    const doc = (n: number) => Buffer.from(`应用${n}隐私政策\n我们会收集您的手机号码。\n`, 'utf8');
    await importPolicy(ws, doc(1), 'a1.txt');
    expect(await listed()).toBe(0); // two imports journalled (fresh's and this), the snapshot not yet written
    // Another reader (a second window, the CLI) replays the journal: it sees both at once.
    const reader = await openWorkspace(dir);
    expect(reader.policies().map((p) => p.fileName).sort()).toEqual(['a1.txt', '某某App.txt']);
    await importPolicy(ws, doc(2), 'a2.txt');
    expect(await listed()).toBe(3); // the third change writes it
    await importPolicy(ws, doc(3), 'a3.txt');
    expect(await listed()).toBe(3);
    await closeWorkspace(ws);
    expect(await listed()).toBe(4);
  });

  it('importPolicies commits a batch in one journal write: in order, the same bytes twice listed once', async () => {
    const { ws, dir } = await fresh();
    const doc = (n: number) => Buffer.from(`应用${n}隐私政策\n我们会收集您的设备标识。\n`, 'utf8');
    const before = (await read(path.join(dir, 'journal.jsonl'))).split('\n').filter(Boolean).length;
    const out = await importPolicies(ws, [
      { bytes: doc(1), fileName: 'b1.txt', meta: { app: '应用一' } },
      { bytes: doc(2), fileName: 'b2.txt' },
      { bytes: doc(1), fileName: 'b1-again.txt' },
    ]);
    expect(out.map((o) => [o.policy.fileName, o.duplicate])).toEqual([
      ['b1.txt', false],
      ['b2.txt', false],
      ['b1.txt', true],
    ]);
    const lines = (await read(path.join(dir, 'journal.jsonl'))).split('\n').filter(Boolean);
    expect(lines.length - before).toBe(2);
    const again = await openWorkspace(dir);
    expect(again.policies().map((p) => p.app)).toEqual(['某某App', '应用一', 'b2']);
    expect(await fs.readFile(policyFilePath(again, out[1]!.policy.id))).toEqual(doc(2));
  });

  it('removes temporary files that a killed writer left, and only those', async () => {
    const { dir } = await fresh();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const leftovers = [path.join(dir, `.annotations.json.${dead}.0badf00d.tmp`), path.join(dir, 'policies', `.${'b'.repeat(64)}.txt.${dead}.12345678.tmp`)];
    const live = path.join(dir, `.annotations.json.${process.pid}.0badf00d.tmp`);
    for (const f of [...leftovers, live]) await fs.writeFile(f, 'partial');
    await openWorkspace(dir);
    for (const f of leftovers) await expect(fs.access(f)).rejects.toThrow();
    await expect(fs.access(live)).resolves.toBeUndefined();
  });

  it('refuses to create over an existing workspace and to open a folder that is not one', async () => {
    const { dir } = await fresh();
    await expect(createWorkspace(dir, { name: 'x' })).rejects.toMatchObject({ code: 'already_exists' });
    const empty = path.join(root, 'empty');
    await fs.mkdir(empty);
    await expect(openWorkspace(empty)).rejects.toMatchObject({ code: 'not_a_workspace' });
  });

  it('importing the same bytes twice does not duplicate the policy or its copy', async () => {
    const { ws, dir, policyId } = await fresh();
    const second = await importPolicy(ws, Buffer.from(POLICY), 'renamed-copy.txt', { app: 'Other name' });
    expect(second.duplicate).toBe(true);
    expect(second.policy.id).toBe(policyId);
    expect(second.policy.app).toBe('某某App');
    expect(ws.policies()).toHaveLength(1);
    expect(await fs.readdir(path.join(dir, 'policies'))).toHaveLength(1);

    const v2 = await importPolicy(ws, Buffer.from('某某App隐私政策 v2'), 'v2.TXT', { app: '某某App', versionLabel: 'v2', previousVersionId: policyId });
    expect(v2.duplicate).toBe(false);
    expect(v2.policy.previousVersionId).toBe(policyId);
    expect(v2.policy.storedAs).toBe(`${v2.policy.sha256}.txt`);
    expect(await fs.readdir(path.join(dir, 'policies'))).toHaveLength(2);
    const reopened = await openWorkspace(dir);
    expect(reopened.policies().map((p) => p.versionLabel)).toEqual(['v1', 'v2']);
  });

  it('journals a policy rename and keeps it after reopening', async () => {
    const { ws, dir, policyId } = await fresh();
    await renamePolicy(ws, policyId, '新名字');
    expect((await openWorkspace(dir)).policy(policyId)?.app).toBe('新名字');
    expect(journal(ws).at(-1)).toMatchObject({ op: 'policy-rename', payload: { before: '某某App', app: '新名字' } });
  });
});

describe('annotations, overrides, undo, history', () => {
  it('requires a reason for an override and a value that fits the attribute', async () => {
    const { ws, policyId } = await fresh();
    await expect(setOverride(ws, { policyId, attributeId: CELL, value: 'yes', reason: '  ' })).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/reason/) });
    await expect(setOverride(ws, { policyId, attributeId: CELL, value: 'maybe', reason: 'r' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(setOverride(ws, { policyId, attributeId: 'retention.period', value: { number: 15, unit: 'working_days', text: '十五个工作日' }, reason: 'r' })).resolves.toBeTruthy();
    await expect(setOverride(ws, { policyId, attributeId: 'collection.data_types', value: ['phone_number', 'location'], reason: 'r' })).resolves.toBeTruthy();
    await expect(setOverride(ws, { policyId, attributeId: 'collection.data_types', value: ['phone_number', 'bogus'], reason: 'r' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(upsertAnnotation(ws, { target: { policyId: '0000000000000000', clauseId: 'c1' }, status: 'ok' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(upsertAnnotation(ws, { target: { policyId, clauseId: 'c1' }, status: 'bad' as 'ok' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(upsertAnnotation(ws, { target: { policyId, clauseId: 'c1' }, status: 'ok', note: 'x'.repeat(20_001) })).rejects.toMatchObject({ code: 'invalid' });
    expect(ws.annotations()).toEqual([]);
  });

  it('undo and redo are journalled changes that restore the earlier state', async () => {
    const { ws, dir, policyId } = await fresh();
    const target = { policyId, attributeId: CELL };
    const a1 = await upsertAnnotation(ws, { target, status: 'concern', note: 'first' });
    await upsertAnnotation(ws, { id: a1.id, target, status: 'violation', note: 'second' });
    await setOverride(ws, { policyId, attributeId: CELL, value: 'no', reason: 'clause 3' });

    const u1 = await undo(ws); // the override
    expect(u1).toMatchObject({ op: 'override-clear' });
    expect(ws.override(target)).toBeUndefined();
    await undo(ws); // back to "first"
    expect(ws.annotation(a1.id)).toMatchObject({ note: 'first', status: 'concern' });
    await undo(ws); // the annotation is gone
    expect(ws.annotation(a1.id)).toBeUndefined();
    await expect(undo(ws)).rejects.toMatchObject({ code: 'nothing_to_undo' });

    await redo(ws);
    expect(ws.annotation(a1.id)).toMatchObject({ note: 'first' });
    await redo(ws);
    expect(ws.annotation(a1.id)).toMatchObject({ note: 'second', status: 'violation' });
    expect(ws.canRedo).toBe(true);
    await upsertAnnotation(ws, { id: a1.id, target, status: 'ok', note: 'third' }); // a new change ends the redo chain
    expect(ws.canRedo).toBe(false);

    const ops = journal(ws).slice(-7).map((e) => [e.op, e.undoOf !== undefined ? 'undo' : e.redoOf !== undefined ? 'redo' : '']);
    expect(ops).toEqual([
      ['override-set', ''],
      ['override-clear', 'undo'],
      ['annotation-upsert', 'undo'],
      ['annotation-delete', 'undo'],
      ['annotation-upsert', 'redo'],
      ['annotation-upsert', 'redo'],
      ['annotation-upsert', ''],
    ]);
    const reopened = await openWorkspace(dir);
    expect(reopened.annotation(a1.id)).toMatchObject({ note: 'third' });
    expect(reopened.override(target)).toBeUndefined();
  });

  it('deletes and clears, and undo brings them back', async () => {
    const { ws, policyId } = await fresh();
    const a = await upsertAnnotation(ws, { target: { policyId, clauseId: 'c3' }, status: 'follow_up', note: 'ask legal' });
    await deleteAnnotation(ws, a.id);
    expect(ws.annotations()).toEqual([]);
    await undo(ws);
    expect(ws.annotation(a.id)).toMatchObject({ note: 'ask legal', status: 'follow_up', createdAt: a.createdAt });
    await setOverride(ws, { policyId, attributeId: CELL, value: 'yes', reason: 'r1' });
    await clearOverride(ws, { policyId, attributeId: CELL });
    await undo(ws);
    expect(ws.override({ policyId, attributeId: CELL })).toMatchObject({ value: 'yes', reason: 'r1' });
  });

  it('history lists a cell’s annotation and override changes in order, and a clause’s separately', async () => {
    const { ws, dir, policyId } = await fresh();
    const cell = { policyId, attributeId: CELL };
    const a = await upsertAnnotation(ws, { target: cell, status: 'concern', note: 'one' });
    await upsertAnnotation(ws, { target: { policyId, clauseId: 'c1' }, status: 'ok', note: 'clause' });
    await setOverride(ws, { ...cell, value: 'no', reason: 'two' });
    await upsertAnnotation(ws, { target: { policyId, attributeId: 'sharing.cross_border' }, status: 'ok', note: 'other cell' });
    await upsertAnnotation(ws, { id: a.id, target: cell, status: 'violation', note: 'three' });
    await undo(ws);

    const summary = (t: Parameters<typeof history>[1], w: Workspace) =>
      history(w, t).map((e) => `${e.op}:${e.op === 'annotation-upsert' ? e.payload.annotation.note : e.op === 'override-set' ? e.payload.override.reason : ''}`);
    const expected = ['annotation-upsert:one', 'override-set:two', 'annotation-upsert:three', 'annotation-upsert:one'];
    expect(summary(cell, ws)).toEqual(expected);
    expect(summary({ policyId, clauseId: 'c1' }, ws)).toEqual(['annotation-upsert:clause']);
    const seqs = history(ws, cell).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(summary(cell, await openWorkspace(dir))).toEqual(expected);
  });
});

describe('damage and repair', () => {
  async function withNotes() {
    // snapshotEvery 3: annotations.json lags the journal, so the rebuild must use both.
    const { ws, dir, policyId } = await fresh({ snapshotEvery: 3 });
    for (let i = 0; i < 7; i++) await upsertAnnotation(ws, { id: `n${i}`, target: { policyId, clauseId: `c${i}` }, status: 'concern', note: `note ${i}` });
    await setOverride(ws, { policyId, attributeId: CELL, value: 'yes', reason: 'why' });
    return { ws, dir, policyId, expected: ws.annotations(), expectedOverrides: ws.overrides() };
  }

  const damages: [string, (text: string) => string][] = [
    ['truncated', (t) => t.slice(0, Math.floor(t.length / 2))],
    ['invalid JSON', () => '{"schemaVersion": 1, "revision": oops'],
    ['wrong schema', () => JSON.stringify({ schemaVersion: 1, revision: 'seven', annotations: [{ id: 3 }], overrides: null })],
    ['empty', () => ''],
  ];
  for (const [label, damage] of damages) {
    it(`a ${label} annotations.json is kept aside, never overwritten, and the notes are rebuilt from the journal`, async () => {
      const { dir, expected, expectedOverrides } = await withNotes();
      const file = path.join(dir, 'annotations.json');
      const damaged = damage(await read(file));
      await fs.writeFile(file, damaged);

      const ws = await openWorkspace(dir);
      expect(ws.annotations()).toEqual(expected);
      expect(ws.overrides()).toEqual(expectedOverrides);
      const notice = ws.notices.find((n) => n.code === 'annotations_rebuilt');
      expect(notice?.message).toMatch(/^annotations\.json was damaged \(.+\); it was kept as annotations\.json\.corrupt-\S+ and your notes were rebuilt from the history journal \(\d+ changes\)\.$/);
      expect(await read(notice!.keptAs!)).toBe(damaged);
      // The new snapshot is valid, and the next open is quiet.
      JSON.parse(await read(file));
      const quiet = await openWorkspace(dir);
      expect(quiet.notices).toEqual([]);
      expect(quiet.annotations()).toEqual(expected);
      expect(await read(notice!.keptAs!)).toBe(damaged);
    });
  }

  it('a second damage is kept under a new name, not over the first', async () => {
    const { dir } = await withNotes();
    const file = path.join(dir, 'annotations.json');
    await fs.writeFile(file, 'first damage');
    const first = (await openWorkspace(dir)).notices[0]!.keptAs!;
    await fs.writeFile(file, 'second damage');
    const second = (await openWorkspace(dir)).notices[0]!.keptAs!;
    expect(second).not.toBe(first);
    expect(await read(first)).toBe('first damage');
    expect(await read(second)).toBe('second damage');
  });

  it('a torn last journal line is ignored, kept aside and reported; later writes append cleanly', async () => {
    const { dir, expected, policyId } = await withNotes();
    const jf = path.join(dir, 'journal.jsonl');
    await fs.appendFile(jf, '{"seq":99,"at":"2026-11-23T00:00:00Z","author":"x","op":"annotation-up');
    const ws = await openWorkspace(dir);
    expect(ws.annotations()).toEqual(expected);
    const notice = ws.notices.find((n) => n.code === 'journal_torn_tail');
    expect(notice?.message).toMatch(/cut off by a crash/);
    expect(await read(notice!.keptAs!)).toMatch(/annotation-up$/);
    await upsertAnnotation(ws, { id: 'after', target: { policyId, clauseId: 'c99' }, status: 'ok', note: 'after repair' });
    const again = await openWorkspace(dir);
    expect(again.notices).toEqual([]);
    expect(again.annotation('after')?.note).toBe('after repair');
    expect((await read(jf)).endsWith('\n')).toBe(true);
  });

  it('a missing journal is reported; the snapshots still open and new history starts after them', async () => {
    const { ws, dir, policyId } = await withNotes();
    await closeWorkspace(ws);
    await fs.rm(path.join(dir, 'journal.jsonl'));
    const again = await openWorkspace(dir);
    expect(again.notices.map((n) => n.code)).toEqual(['journal_missing']);
    expect(again.annotations()).toHaveLength(7);
    const a = await upsertAnnotation(again, { id: 'n0', target: { policyId, clauseId: 'c0' }, status: 'ok', note: 'new history' });
    expect(a.rev).toBeGreaterThan(ws.revision);
    expect((await openWorkspace(dir)).annotation('n0')?.note).toBe('new history');
  });

  it('a damaged workspace.json is kept aside and the policy list rebuilt from the journal', async () => {
    const { dir, policyId } = await withNotes();
    const file = path.join(dir, 'workspace.json');
    await fs.writeFile(file, '{"schemaVersion":1,"name":"2026 Q4');
    const ws = await openWorkspace(dir);
    expect(ws.name).toBe('2026 Q4 review');
    expect(ws.policy(policyId)?.app).toBe('某某App');
    expect(ws.notices.map((n) => n.code)).toContain('workspace_rebuilt');
    expect(await read(ws.notices.find((n) => n.code === 'workspace_rebuilt')!.keptAs!)).toBe('{"schemaVersion":1,"name":"2026 Q4');
  });

  it('the analysis cache ignores a damaged entry, rewrites it, and survives being deleted', async () => {
    const { ws, dir } = await fresh();
    const key = { sha256: ws.policies()[0]!.sha256, engineVersion: '0.3.0', taxonomyVersion: '1.0.0' };
    expect(await cacheGet(ws, key)).toBeUndefined();
    await cachePut(ws, key, { clauses: 12 });
    expect(await cacheGet(ws, key)).toEqual({ clauses: 12 });
    expect(await cacheGet(ws, { ...key, engineVersion: '0.4.0' })).toBeUndefined();
    const [file] = await fs.readdir(path.join(dir, 'cache'));
    await fs.writeFile(path.join(dir, 'cache', file!), '{"key":');
    expect(await cacheGet(ws, key)).toBeUndefined();
    // What a power loss can leave of a cache file (they are not fsynced): empty, a miss.
    await fs.writeFile(path.join(dir, 'cache', file!), '');
    expect(await cacheGet(ws, key)).toBeUndefined();
    await cachePut(ws, key, { clauses: 13 });
    expect(await cacheGet(ws, key)).toEqual({ clauses: 13 });
    await fs.rm(path.join(dir, 'cache'), { recursive: true });
    expect(await cacheGet(ws, key)).toBeUndefined();
    await cachePut(ws, key, { clauses: 14 });
    expect(await cacheGet(ws, key)).toEqual({ clauses: 14 });
  });
});

describe('schema versions', () => {
  it('refuses a workspace from a newer PolicyBench and changes nothing', async () => {
    const { dir } = await fresh();
    const file = path.join(dir, 'workspace.json');
    const newer = JSON.stringify({ schemaVersion: 3, name: 'future', createdAt: '2030-01-01T00:00:00Z', seq: 1, policies: [], hologram: true });
    await fs.writeFile(file, newer);
    const before = await fs.readdir(dir);
    const err = await openWorkspace(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkspaceError);
    expect(err).toMatchObject({ code: 'newer_schema', details: { schemaVersion: 3 } });
    expect((err as Error).message).toMatch(/was made by a newer PolicyBench \(schema 3\); update PolicyBench to open it/);
    expect(await read(file)).toBe(newer);
    expect(await fs.readdir(dir)).toEqual(before);
  });

  it('migrates a schema 0 workspace, keeping the originals', async () => {
    const dir = path.join(root, 'old');
    await fs.mkdir(path.join(dir, 'policies'), { recursive: true });
    const sha = 'a'.repeat(64);
    const v0ws = { name: 'Old review', created: Date.UTC(2025, 0, 2), policies: [{ id: sha.slice(0, 16), app: '旧App', version: '2024', file: 'old.html', hash: sha, imported: Date.UTC(2025, 0, 3) }] };
    const v0ann = {
      notes: [
        { id: 'x1', policyId: sha.slice(0, 16), attributeId: CELL, status: 'concern', text: '旧备注', author: 'carol', created: Date.UTC(2025, 0, 4), updated: Date.UTC(2025, 0, 5) },
        { id: 'x2', policyId: sha.slice(0, 16), clauseId: 'c7', status: 'ok', text: 'fine', author: 'carol', created: Date.UTC(2025, 0, 4), updated: Date.UTC(2025, 0, 4) },
      ],
    };
    await fs.writeFile(path.join(dir, 'workspace.json'), JSON.stringify(v0ws));
    await fs.writeFile(path.join(dir, 'annotations.json'), JSON.stringify(v0ann));
    await fs.writeFile(path.join(dir, 'policies', `${sha}.html`), '<p>旧</p>');

    const ws = await openWorkspace(dir, { author: 'dave' });
    expect(ws.notices.map((n) => n.code)).toEqual(['migrated']);
    expect(ws.notices[0]!.message).toMatch(/older PolicyBench \(schema 0\)/);
    expect(ws.name).toBe('Old review');
    expect(ws.policies()).toEqual([
      { id: sha.slice(0, 16), app: '旧App', versionLabel: '2024', fileName: 'old.html', sha256: sha, storedAs: `${sha}.html`, importedAt: '2025-01-03T00:00:00.000Z' },
    ]);
    expect(ws.annotation('x1')).toMatchObject({ note: '旧备注', status: 'concern', author: 'carol', target: { attributeId: CELL }, updatedAt: '2025-01-05T00:00:00.000Z' });
    expect(ws.annotation('x2')).toMatchObject({ target: { clauseId: 'c7' } });
    expect(history(ws, { policyId: sha.slice(0, 16), attributeId: CELL })).toHaveLength(1);
    expect(JSON.parse(await read(path.join(dir, 'workspace.json'))).schemaVersion).toBe(1);
    const names = await fs.readdir(dir);
    const wsBackup = names.find((n) => n.startsWith('workspace.json.v0-backup-'))!;
    expect(JSON.parse(await read(path.join(dir, wsBackup)))).toEqual(v0ws);
    expect(names.some((n) => n.startsWith('annotations.json.v0-backup-'))).toBe(true);

    await upsertAnnotation(ws, { id: 'x1', target: { policyId: sha.slice(0, 16), attributeId: CELL }, status: 'violation', note: 'after migration' });
    const again = await openWorkspace(dir);
    expect(again.notices).toEqual([]);
    expect(again.annotation('x1')).toMatchObject({ note: 'after migration', author: 'carol' });
  });
});

describe('two writers in one process', () => {
  it('a stale view gets a conflict with a clear message instead of overwriting; other changes merge', async () => {
    const { ws: a, dir, policyId } = await fresh({ author: 'alice' });
    const target = { policyId, attributeId: CELL };
    const note = await upsertAnnotation(a, { target, status: 'concern', note: 'v1' });
    const b = await openWorkspace(dir, { author: 'bob' });

    await upsertAnnotation(a, { id: note.id, target, status: 'violation', note: 'alice v2' });
    const err = await upsertAnnotation(b, { id: note.id, target, status: 'ok', note: 'bob v2' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'conflict' });
    expect((err as Error).message).toMatch(/^The note on 某某App \/ Shared with affiliates was changed by alice at .+ in another PolicyBench window; your change was not saved/);
    // b now sees alice's version, and can apply its change on top of it.
    expect(b.annotation(note.id)?.note).toBe('alice v2');
    await upsertAnnotation(b, { id: note.id, target, status: 'ok', note: 'bob v3' });

    // Changes to different targets are re-applied on the fresh state, not refused.
    await upsertAnnotation(a, { id: 'from-a', target: { policyId, clauseId: 'c1' }, status: 'ok' });
    await upsertAnnotation(b, { id: 'from-b', target: { policyId, clauseId: 'c2' }, status: 'ok' });
    await setOverride(b, { ...target, value: 'no', reason: 'bob' });
    await expect(setOverride(a, { ...target, value: 'yes', reason: 'alice', baseRev: null })).rejects.toMatchObject({ code: 'conflict' });
    const final = await openWorkspace(dir);
    expect(final.annotation(note.id)?.note).toBe('bob v3');
    expect(final.annotation('from-a')).toBeTruthy();
    expect(final.annotation('from-b')).toBeTruthy();
    expect(final.override(target)?.reason).toBe('bob');
    // Undo refuses to undo over someone else's later change (bob edited alice's v2).
    await undo(a); // from-a
    await expect(undo(a)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/changed by bob/) });
    expect((await openWorkspace(dir)).annotation(note.id)?.note).toBe('bob v3');
  });

  it('takes over a lock left by a dead process, and waits for a live one', async () => {
    const { ws, dir, policyId } = await fresh();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const lockFile = path.join(dir, 'workspace.lock');
    await fs.writeFile(lockFile, JSON.stringify({ pid: Number(dead.stdout), hostname: os.hostname(), time: new Date().toISOString(), token: 'dead' }));
    const opened = await openWorkspace(dir);
    expect(opened.notices.map((n) => n.code)).toEqual(['stale_lock_taken']);
    await expect(fs.access(lockFile)).rejects.toThrow();

    // A fresh lock from a live process elsewhere: the write waits, then gives up with a clear message.
    await fs.writeFile(lockFile, JSON.stringify({ pid: 1, hostname: 'other-host', time: new Date().toISOString(), token: 'live' }));
    const slow = await openWorkspace(dir, { lockTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(slow).toMatchObject({ code: 'locked', message: expect.stringMatching(/process 1 on other-host/) });
    await fs.rm(lockFile);
    await upsertAnnotation(ws, { target: { policyId, clauseId: 'c1' }, status: 'ok' });
  });
});
