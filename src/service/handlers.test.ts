// The handlers against the real engine, on real worker threads, over the sample policies.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisProgress, Events, Handlers } from '../shared/contract';
import { PoolAnalyzer } from './analyzer';
import { dispatch } from './dispatch';
import { createHandlers, type ServiceDeps } from './handlers';
import { MemorySession } from './session';
import { engineWorkerFromSources } from './worker-spec';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samplesDir = path.join(root, 'resources', 'samples');

let analyzer: PoolAnalyzer;
beforeAll(() => {
  analyzer = new PoolAnalyzer({ worker: engineWorkerFromSources(), size: 2 });
});
afterAll(async () => {
  await analyzer.close();
});

function setup(extra: Partial<ServiceDeps> = {}) {
  const events: AnalysisProgress[] = [];
  const deps: ServiceDeps = {
    session: new MemorySession(),
    analyzer,
    emit: <E extends keyof Events>(name: E, payload: Events[E]) => {
      if (name === 'analysis-progress') events.push(payload as AnalysisProgress);
    },
    samplesDir,
    app: { version: '1.2.3', locale: 'zh-CN', host: 'browser' },
    ...extra,
  };
  return { h: createHandlers(deps), events, deps };
}

/** N real policies with distinct content: the samples, each copy with its own trailing line. */
async function distinctPolicyFiles(n: number): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pb-policies-'));
  const samples = (await readdir(samplesDir)).sort();
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const text = await readFile(path.join(samplesDir, samples[i % samples.length]!), 'utf8');
    const file = path.join(dir, `${String(i).padStart(3, '0')}.txt`);
    await writeFile(file, `${text}\n（副本 ${i}）\n`);
    files.push(file);
  }
  tempDirs.push(dir);
  return files;
}
const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

const upload = async (file: string, name = path.basename(file)) => ({ name, dataBase64: (await readFile(file)).toString('base64') });

describe('handlers over the real engine', () => {
  let h: Handlers;
  let events: AnalysisProgress[];
  let sampleFiles: string[];

  beforeAll(async () => {
    ({ h, events } = setup());
    sampleFiles = (await readdir(samplesDir)).sort();
    const result = await h['policies-load-samples']({ jobId: 'samples' });
    expect(result.errors).toEqual([]);
    expect(result.cancelled).toBe(false);
  }, 120_000);

  it('loads the five samples in file-name order, with started then done per file', async () => {
    const { policies } = await h['policies-list']({});
    expect(policies.map((p) => p.file)).toEqual(sampleFiles);
    expect(new Set(policies.map((p) => p.app)).size).toBe(5);
    for (const [i, file] of sampleFiles.entries()) {
      const mine = events.filter((e) => e.jobId === 'samples' && e.file === file);
      expect(mine.map((e) => e.status)).toEqual(['started', 'done']);
      expect(mine[0]).toMatchObject({ index: i + 1, total: 5 });
    }
  });

  it('builds the matrix from the session, one column per policy', async () => {
    const m = await h['matrix-get']({});
    expect(m.policies).toHaveLength(5);
    expect(Object.keys(m.cells)).toEqual(m.policies.map((p) => p.id));
    expect(m.attributes.length).toBeGreaterThan(5);
  });

  it('replaces a re-imported policy (same content) instead of duplicating it', async () => {
    const before = (await h['policies-list']({})).policies;
    const r = await h['policies-import']({ jobId: 'dup', files: [await upload(path.join(samplesDir, sampleFiles[2]!), 'copy.txt')] });
    expect(r.added).toHaveLength(1);
    const after = (await h['policies-list']({})).policies;
    expect(after.map((p) => p.id)).toEqual(before.map((p) => p.id));
    expect(after[2]!.file).toBe('copy.txt');
  }, 60_000);

  it('reports a failed file with its engine code and leaves the session unchanged', async () => {
    const before = await h['matrix-get']({});
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    const r = await h['policies-import']({ jobId: 'bad', files: [{ name: 'photo.txt', relativePath: 'drop/photo.txt', dataBase64: binary.toString('base64') }] });
    expect(r.added).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'drop/photo.txt', code: 'binary', message: expect.stringContaining('photo.txt') });
    expect(events.filter((e) => e.jobId === 'bad').map((e) => e.status)).toEqual(['started', 'failed']);
    expect(await h['matrix-get']({})).toEqual(before);
  }, 60_000);

  it('reports missing paths from listing without analyzing them', async () => {
    const r = await h['policies-import-paths']({ jobId: 'missing', paths: [path.join(samplesDir, 'nope.txt')] });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'file_not_found' })]);
  });

  it('renames, gets and removes policies; unknown ids are not_found', async () => {
    const { policies } = await h['policies-list']({});
    const id = policies[0]!.id;
    expect((await h['policy-rename']({ policyId: id, app: '小宇宙（审阅名）' })).app).toBe('小宇宙（审阅名）');
    const full = await h['policy-get']({ policyId: id });
    expect(full.app).toBe('小宇宙（审阅名）');
    expect(full.text.slice(full.clauses[0]!.start, full.clauses[0]!.end)).toBe(full.clauses[0]!.text);
    expect(await dispatch(h, 'policy-get', { policyId: 'ffffffffffffffff' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatch(h, 'policy-rename', { policyId: 'ffffffffffffffff', app: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatch(h, 'policy-remove', { policyId: 'ffffffffffffffff' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await h['policy-remove']({ policyId: id })).toEqual({ removed: true });
    expect((await h['policies-list']({})).policies.map((p) => p.id)).not.toContain(id);
  });
});

describe('dispatch', () => {
  const { h } = setup();
  it('validates method names and payloads with typed errors', async () => {
    expect(await dispatch(h, 'nope', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await dispatch(h, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await dispatch(h, 'policy-rename', { policyId: 'abc', app: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await dispatch(h, 'policies-import', { jobId: 'j', files: [] })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await dispatch(h, 'app-info', {})).toMatchObject({ ok: true, value: { version: '1.2.3', host: 'browser' } });
  });

  it('answers the open dialog from deps, or unsupported without one', async () => {
    expect(await dispatch(h, 'policies-open-dialog', { jobId: 'd' })).toMatchObject({ ok: false, error: { code: 'unsupported', message: expect.stringMatching(/drag/i) } });
    const withDialog = setup({ openDialog: async () => undefined });
    expect(await withDialog.h['policies-open-dialog']({ jobId: 'd' })).toEqual({ jobId: 'd', added: [], errors: [], cancelled: true });
  });
});

describe('cancellation', () => {
  it('skips queued files after analysis-cancel and says the job was cancelled', async () => {
    const files = await distinctPolicyFiles(20);
    const { h, events } = setup();
    const job = h['policies-import-paths']({ jobId: 'c1', paths: files });
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (events.some((e) => e.status === 'done')) {
          clearInterval(t);
          resolve();
        }
      }, 5);
    });
    expect(await h['analysis-cancel']({ jobId: 'c1' })).toEqual({ cancelled: true });
    const r = await job;
    expect(r.cancelled).toBe(true);
    expect(r.added.length).toBeGreaterThan(0);
    expect(r.added.length).toBeLessThan(20);
    const last = new Map(events.map((e) => [e.index, e.status]));
    expect(last.size).toBe(20);
    expect([...last.values()].filter((s) => s === 'cancelled').length).toBe(20 - r.added.length - r.errors.length);
    // Per file: 'started' comes before its outcome, and a queued file that never started gets only 'cancelled'.
    for (let i = 1; i <= 20; i++) {
      const seq = events.filter((e) => e.index === i).map((e) => e.status);
      expect(seq.length === 1 ? seq : seq[0]).toEqual(seq.length === 1 ? ['cancelled'] : 'started');
    }
    expect((await h['policies-list']({})).policies).toHaveLength(r.added.length);
    expect(await h['analysis-cancel']({ jobId: 'c1' })).toEqual({ cancelled: false });
  }, 120_000);

  it('refuses a second job under a jobId that is still running', async () => {
    const files = await distinctPolicyFiles(3);
    const { h } = setup();
    const first = h['policies-import-paths']({ jobId: 'same', paths: files });
    expect(await dispatch(h, 'policies-import-paths', { jobId: 'same', paths: files })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect((await first).added).toHaveLength(3);
    expect((await h['policies-import-paths']({ jobId: 'same', paths: files.slice(0, 1) })).added).toHaveLength(1);
  }, 60_000);
});
