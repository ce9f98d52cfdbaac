// The electron-vite build's worker chunk, run on the real pool (no Electron needed: it is plain Node ESM).
// Runs when out/ exists (after `npm run build`; `npm test` builds after the unit tests, so run it again then).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PoolAnalyzer } from '../service/analyzer';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const chunks = path.join(root, 'out/main/chunks');
const worker = existsSync(chunks) ? readdirSync(chunks).find((f) => f.startsWith('worker')) : undefined;

describe.skipIf(!worker)('bundled analysis worker (out/main)', () => {
  const analyzer = worker ? new PoolAnalyzer({ worker: { filename: path.join(chunks, worker) }, size: 1 }) : undefined;
  afterAll(() => analyzer?.close());

  it('analyzes a sample and reports a bad file with its engine code', async () => {
    const samples = path.join(root, 'resources/samples');
    const first = readdirSync(samples).sort()[0]!;
    const ok = await analyzer!.analyze({ kind: 'path', path: path.join(samples, first) });
    expect(ok.ok && ok.analysis.clauses.length).toBeGreaterThan(50);
    const bad = await analyzer!.analyze({ kind: 'bytes', bytes: new Uint8Array(0), fileName: 'empty.txt' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'empty' } });
  }, 60_000);
});
