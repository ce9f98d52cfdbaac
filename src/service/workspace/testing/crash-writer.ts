// Test child for the crash test: makes annotation and override changes forever, printing one JSON line per
// change only after its promise resolved (acknowledged). The parent kills it with SIGKILL at random moments.
import { deleteAnnotation, importPolicy, openWorkspace, setOverride, upsertAnnotation } from '../index';

const [dir, runId, snapshotEvery] = process.argv.slice(2) as [string, string, string];
const ws = await openWorkspace(dir, { author: `run-${runId}`, snapshotEvery: Number(snapshotEvery) });
const policy = ws.policies()[0] ?? (await importPolicy(ws, Buffer.from('隐私政策 crash test'), 'crash.txt')).policy;
const attrs = ['collection.sensitive_notice', 'sharing.affiliates', 'sharing.public_disclosure', 'sharing.transfer_on_merger'];
const statuses = ['ok', 'concern', 'violation', 'follow_up'] as const;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const ack = (o: object) => process.stdout.write(JSON.stringify(o) + '\n'); // a pipe: synchronous on Linux

ack({ ready: ws.revision });
for (let i = 0; ; i++) {
  const r = Math.random();
  const existing = ws.annotations().filter((a) => a.author.startsWith('run-')); // leave other writers' notes alone
  if (r < 0.5 || existing.length < 5) {
    const target = Math.random() < 0.5 ? { policyId: policy.id, attributeId: pick(attrs) } : { policyId: policy.id, clauseId: `c${i % 40}` };
    const a = await upsertAnnotation(ws, { id: `${runId}-${i}`, target, status: pick(statuses), note: `new ${runId}-${i} 备注` });
    ack({ seq: a.rev, op: 'annotation-upsert', id: a.id, note: a.note, status: a.status });
  } else if (r < 0.8) {
    const e = pick(existing);
    const a = await upsertAnnotation(ws, { id: e.id, target: e.target, status: pick(statuses), note: `edit ${runId}-${i}` });
    ack({ seq: a.rev, op: 'annotation-upsert', id: a.id, note: a.note, status: a.status });
  } else if (r < 0.9) {
    const e = pick(existing);
    await deleteAnnotation(ws, e.id);
    ack({ seq: ws.revision, op: 'annotation-delete', id: e.id });
  } else {
    const o = await setOverride(ws, { policyId: policy.id, attributeId: pick(attrs), value: pick(['yes', 'no', 'not_stated']), reason: `reason ${runId}-${i}` });
    ack({ seq: o.rev, op: 'override-set', id: o.attributeId, note: o.reason, status: o.value });
  }
}
