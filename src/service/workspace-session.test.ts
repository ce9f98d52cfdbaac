// The workspace session's analysis cache: keyed by (content hash, engine version, taxonomy version), a changed
// version recomputes and replaces the old entry, a deleted cache/ is rebuilt, a damaged entry is ignored, and a
// reopen reads only the compact grid entries (full analyses load on get()).
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzeBytes } from '../engine/analyze';
import type { Analyzer } from './analyzer';
import { createHandlers } from './handlers';
import { WorkspaceSession } from './workspace-session';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = path.join(root, 'resources', 'samples');

/** The engine in this process, counting its runs. */
let runs: string[] = [];
const analyzer: Analyzer = {
  analyze: async (task) => {
    if (task.kind !== 'bytes') throw new Error('the session analyzes imported copies by their bytes');
    runs.push(task.fileName);
    return { ok: true, analysis: await analyzeBytes(task.bytes, task.fileName) };
  },
  close: async () => undefined,
};

const temps: string[] = [];
afterAll(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));
beforeEach(() => {
  runs = [];
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'pb-ws-session-'));
  temps.push(d);
  return d;
}

function session(home: string, versions?: { engine?: string; taxonomy?: string }) {
  return new WorkspaceSession({ analyzer, home, watchIntervalMs: 0, versions });
}

/** A workspace in a temp folder with two samples imported (analyzed, cached), closed again. */
async function analyzedWorkspace(): Promise<{ home: string; dir: string; ids: string[] }> {
  const home = await tempDir();
  const dir = path.join(home, 'ws');
  const s = session(home);
  await s.start(dir);
  const ids: string[] = [];
  for (const name of ['000_296fdf692ffb1e9f.txt', '004_2f08c6a1c9a183a8.txt']) {
    const bytes = new Uint8Array(await readFile(path.join(samples, name)));
    const analysis = await analyzeBytes(bytes, name);
    ids.push((await s.upsert(analysis, { bytes, fileName: name })).id);
  }
  await s.close();
  return { home, dir, ids };
}

const cacheFiles = async (dir: string) => (await readdir(path.join(dir, 'cache'))).sort();

describe('workspace session cache', () => {
  it('reopening with the same versions runs no engine and reads only the grid entries', async () => {
    const { home, dir, ids } = await analyzedWorkspace();
    // Two files per policy: the full analysis and its grid entry.
    expect((await cacheFiles(dir)).filter((n) => n.endsWith('.grid.json'))).toHaveLength(2);
    expect(await cacheFiles(dir)).toHaveLength(4);
    const s = session(home);
    await s.start(dir);
    const matrix = await s.matrix();
    expect(matrix.policies.map((p) => p.id)).toEqual(ids);
    expect(matrix.policies[0]!.clauseCount).toBeGreaterThan(10);
    expect(runs).toEqual([]);
    // Damage the full analyses: the matrix still comes from the grid entries alone...
    for (const n of await cacheFiles(dir)) if (!n.endsWith('.grid.json')) await writeFile(path.join(dir, 'cache', n), 'not json');
    const again = session(home);
    await again.start(dir);
    expect(Object.keys((await again.matrix()).cells)).toEqual(ids);
    expect(runs).toEqual([]);
    // ...and get() ignores the damaged full entry, recomputes it and writes it back.
    const full = await again.get(ids[0]!);
    expect(full?.clauses.length).toBe(matrix.policies[0]!.clauseCount);
    expect(full?.attributes).toEqual(matrix.cells[ids[0]!]);
    expect(runs).toHaveLength(1);
    await s.close();
    await again.close();
  });

  for (const which of ['engine', 'taxonomy'] as const) {
    it(`a changed ${which} version recomputes, and the new analysis replaces the old entry`, async () => {
      const { home, dir, ids } = await analyzedWorkspace();
      const before = await cacheFiles(dir);
      const bumped = session(home, { [which]: '99.0.0-test' });
      await bumped.start(dir);
      const matrix = await bumped.matrix();
      expect(Object.keys(matrix.cells)).toEqual(ids);
      expect(runs).toHaveLength(2); // the engine ran again for both policies
      const after = await cacheFiles(dir);
      expect(after).toHaveLength(4);
      // None of the old version's files is left; the new ones carry the new key.
      expect(after.filter((n) => before.includes(n))).toEqual([]);
      for (const n of after) {
        const entry = JSON.parse(await readFile(path.join(dir, 'cache', n), 'utf8')) as { key: Record<string, string> };
        expect(entry.key[which === 'engine' ? 'engineVersion' : 'taxonomyVersion']).toBe('99.0.0-test');
      }
      // Served from the new entries from now on.
      runs = [];
      const reopened = session(home, { [which]: '99.0.0-test' });
      await reopened.start(dir);
      await reopened.matrix();
      expect((await reopened.get(ids[1]!))?.clauses.length).toBeGreaterThan(10);
      expect(runs).toEqual([]);
      await bumped.close();
      await reopened.close();
    });
  }

  it('a deleted cache folder is rebuilt transparently', async () => {
    const { home, dir, ids } = await analyzedWorkspace();
    const before = await cacheFiles(dir);
    await rm(path.join(dir, 'cache'), { recursive: true });
    const s = session(home);
    await s.start(dir);
    expect(Object.keys((await s.matrix()).cells)).toEqual(ids);
    expect(runs).toHaveLength(2);
    expect(await cacheFiles(dir)).toEqual(before);
    await s.close();
  });

  it('a corrupt grid entry is ignored and rebuilt from the full analysis, without the engine', async () => {
    const { home, dir, ids } = await analyzedWorkspace();
    const grids = (await cacheFiles(dir)).filter((n) => n.endsWith('.grid.json'));
    await writeFile(path.join(dir, 'cache', grids[0]!), '{"key":');
    // A valid JSON entry whose key names another content hash is a miss too.
    const other = JSON.parse(await readFile(path.join(dir, 'cache', grids[1]!), 'utf8')) as { key: { sha256: string } };
    other.key.sha256 = '0'.repeat(64);
    await writeFile(path.join(dir, 'cache', grids[1]!), JSON.stringify(other));
    const s = session(home);
    await s.start(dir);
    const m = await s.matrix();
    expect(Object.keys(m.cells)).toEqual(ids);
    expect(runs).toEqual([]);
    for (const g of grids) expect(JSON.parse(await readFile(path.join(dir, 'cache', g), 'utf8')).value.clauseCount).toBeGreaterThan(10);
    await s.close();
  });

  it('corrupt grid and full entries: the engine recomputes from the imported copy', async () => {
    const { home, dir, ids } = await analyzedWorkspace();
    for (const n of await cacheFiles(dir)) await writeFile(path.join(dir, 'cache', n), '\u0000garbage');
    const s = session(home);
    await s.start(dir);
    const m = await s.matrix();
    expect(Object.keys(m.cells)).toEqual(ids);
    expect(runs).toHaveLength(2);
    expect((await s.get(ids[0]!))?.text.length).toBeGreaterThan(100);
    expect(runs).toHaveLength(2);
    await s.close();
  });
});

describe('importing a folder into a workspace (the app\'s and the CLI\'s path)', () => {
  it('40 files answered out of order: added, copied, cached and reported in file order; a second import runs no engine', async () => {
    const home = await tempDir();
    const folder = path.join(home, 'in');
    await mkdir(folder);
    const base = await readFile(path.join(samples, '000_296fdf692ffb1e9f.txt'), 'utf8');
    const names = Array.from({ length: 40 }, (_, i) => `p${String(i).padStart(2, '0')}.txt`);
    for (const [i, n] of names.entries()) await writeFile(path.join(folder, n), `应用${i}隐私政策\n${base}`);
    // The engine answers late for some files, so answers come back out of order.
    const slow: Analyzer = {
      analyze: async (task, opts) => {
        opts?.onStart?.();
        const name = task.kind === 'bytes' ? task.fileName : task.path;
        await new Promise((r) => setTimeout(r, (Number(/\d+/.exec(name)![0]) % 4) * 15));
        return analyzer.analyze(task, opts);
      },
      close: async () => undefined,
    };
    const s = new WorkspaceSession({ analyzer: slow, home, watchIntervalMs: 0 });
    await s.start(path.join(home, 'ws'));
    const done: string[] = [];
    const emit = ((event: string, p: { status: string; file: string }) => {
      if (event === 'analysis-progress' && p.status === 'done') done.push(p.file);
    }) as Parameters<typeof createHandlers>[0]['emit'];
    const h = createHandlers({ session: s, analyzer: slow, emit, samplesDir: samples, app: { version: 't', locale: 'en', host: 'browser' } });
    const result = await h['policies-import-paths']({ jobId: 'folder', paths: [folder] });
    expect(result.errors).toEqual([]);
    expect(result.added.map((p) => p.file)).toEqual(names);
    expect(done).toEqual(names);
    expect((await s.list()).map((a) => a.file)).toEqual(names);
    const dir = path.join(home, 'ws');
    expect((await readdir(path.join(dir, 'policies'))).filter((f) => f.endsWith('.txt'))).toHaveLength(40);
    expect((await cacheFiles(dir)).filter((f) => f.endsWith('.grid.json'))).toHaveLength(40);
    expect((await cacheFiles(dir)).filter((f) => !f.endsWith('.grid.json'))).toHaveLength(40);
    runs = [];
    const again = await h['policies-import-paths']({ jobId: 'again', paths: [folder] });
    expect(again.added.map((p) => p.file)).toEqual(names);
    expect(runs).toEqual([]);
    await s.close();
  }, 60_000);
});
