// Test child for the two-writer test: read-modify-write of one shared note (a counter) plus notes of its own,
// on a workspace another process writes at the same time. On a conflict it reloads and re-applies.
import { existsSync } from 'node:fs';
import { isWorkspaceError, openWorkspace, refreshWorkspace, upsertAnnotation } from '../index';

const [dir, name, count, goFile] = process.argv.slice(2) as [string, string, string, string];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ws = await openWorkspace(dir, { author: name, snapshotEvery: 5 });
// Start together with the other writer (the parent creates GOFILE once both are ready), so they overlap.
process.stdout.write('ready\n');
while (!existsSync(goFile)) await sleep(5);
const policyId = ws.policies()[0]!.id;
let conflicts = 0;
let lastConflictMessage = '';
for (let i = 0; i < Number(count); i++) {
  await upsertAnnotation(ws, { id: `${name}-${i}`, target: { policyId, clauseId: `c${i}` }, status: 'ok', note: `${name} ${i}` });
  for (;;) {
    await refreshWorkspace(ws);
    const counter = ws.annotation('counter')!;
    await sleep(Math.random() * 4); // a reviewer's think time: the other writer may save meanwhile
    try {
      await upsertAnnotation(ws, { id: 'counter', target: counter.target, status: 'ok', note: String(Number(counter.note) + 1), baseRev: counter.rev });
      break;
    } catch (err) {
      if (!isWorkspaceError(err, 'conflict')) throw err;
      conflicts++;
      lastConflictMessage = err.message;
    }
  }
}
process.stdout.write(JSON.stringify({ done: true, conflicts, lastConflictMessage, notices: ws.notices }) + '\n');
