// Two processes write one workspace at once (two app windows, or two hosts on a shared folder): neither may
// lose the other's changes. A third writer is SIGKILLed in the middle and its lock must not block them.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorkspace, importPolicy, journal, openWorkspace, upsertAnnotation } from './index';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');

function runNode(script: string, args: string[], killAfterLines?: number, onLine?: (line: string) => void): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'testing', script), ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buf = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        lines.push(buf.slice(0, nl));
        onLine?.(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (killAfterLines !== undefined && lines.length === killAfterLines) setTimeout(() => child.kill('SIGKILL'), Math.random() * 5);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, lines, stderr }));
  });
}

let root: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-two-'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

it('two processes editing the same note and their own notes lose nothing', { timeout: 120_000 }, async () => {
  const dir = path.join(root, 'ws');
  const ws = await createWorkspace(dir, { name: 'shared', author: 'setup' });
  const { policy } = await importPolicy(ws, Buffer.from('隐私政策 two writers'), 'two.txt');
  await upsertAnnotation(ws, { id: 'counter', target: { policyId: policy.id, attributeId: 'sharing.affiliates' }, status: 'ok', note: '0' });

  const N = 60;
  const go = path.join(root, 'go');
  let ready = 0;
  const onLine = (line: string) => {
    if (line === 'ready' && ++ready === 2) void fs.writeFile(go, '');
  };
  const [a, b, killed] = await Promise.all([
    runNode('counter-writer.ts', [dir, 'alice', String(N), go], undefined, onLine),
    runNode('counter-writer.ts', [dir, 'bob', String(N), go], undefined, onLine),
    // A third writer dies mid-change, holding the lock or not: the others must carry on.
    runNode('crash-writer.ts', [dir, 'dead', '3'], 15),
  ]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
  expect(killed.code).toBe(null);
  const ra = JSON.parse(a.lines.at(-1)!);
  const rb = JSON.parse(b.lines.at(-1)!);

  const final = await openWorkspace(dir, { author: 'checker' });
  // Every increment of the shared note survived: read-modify-write with the revision check loses none.
  expect(final.annotation('counter')?.note).toBe(String(2 * N));
  for (const who of ['alice', 'bob']) {
    const own = final.annotations().filter((x) => x.id.startsWith(`${who}-`));
    expect(own.map((x) => x.note).sort()).toEqual(Array.from({ length: N }, (_, i) => `${who} ${i}`).sort());
  }
  const seqs = journal(final).map((e) => e.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  expect(final.notices.filter((n) => n.code !== 'stale_lock_taken')).toEqual([]);
  const conflicts = ra.conflicts + rb.conflicts;
  console.log(
    `two writers: ${2 * N} increments of one shared note by two processes, ${conflicts} conflicts reloaded and re-applied, ` +
      `final value ${final.annotation('counter')?.note}; third writer killed after ${killed.lines.length - 1} changes`,
  );
  // With think time between reading and saving, the two collide: the check must have fired and said why.
  expect(conflicts).toBeGreaterThan(0);
  {
    const msg = ra.lastConflictMessage || rb.lastConflictMessage;
    expect(msg).toMatch(/was changed by (alice|bob) at .* in another PolicyBench window; your change was not saved/);
  }
});
