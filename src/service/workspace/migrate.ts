// Upgrades older workspace folders to SCHEMA_VERSION, one step at a time, keeping every original file.
//
// Schema 0 is the prototype layout (before schema numbers): workspace.json without schemaVersion, with
// {name, created (epoch ms), policies: [{id, app, version, file, hash, imported (epoch ms)}]}, and
// annotations.json as {notes: [{id, policyId, attributeId | clauseId, status, text, author, created, updated}]},
// no value overrides and no journal. Schema 1 adds the journal, which the migration seeds with the old state.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { WorkspaceError } from './errors';
import { asideName, atomicWrite, fsyncDir, readIfExists } from './fsx';
import { JOURNAL_FILE } from './journal';
import {
  SCHEMA_VERSION,
  annotationSchema,
  annotationStatusSchema,
  type Annotation,
  type AnnotationsFile,
  type JournalEntry,
  type PolicyRecord,
  type WorkspaceFile,
} from './types';

const v0Workspace = z.object({
  name: z.string(),
  created: z.number(),
  policies: z.array(
    z.object({ id: z.string(), app: z.string(), version: z.string().default(''), file: z.string(), hash: z.string(), imported: z.number() }),
  ),
});
const v0Annotations = z.object({
  notes: z.array(
    z.object({
      id: z.string(),
      policyId: z.string(),
      attributeId: z.string().optional(),
      clauseId: z.string().optional(),
      status: annotationStatusSchema,
      text: z.string(),
      author: z.string(),
      created: z.number(),
      updated: z.number(),
    }),
  ),
});

/** Reads the schema version of a parsed workspace.json: a missing field means schema 0. */
export function schemaVersionOf(raw: unknown): number | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const v = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (v === undefined) return 0;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

type Step = (dir: string, raw: unknown) => Promise<void>;

const iso = (ms: number) => new Date(ms).toISOString();

/** Copies FILE to FILE.<label>-<time> before a migration rewrites it. */
async function backup(file: string, label: string): Promise<string | undefined> {
  const data = await readIfExists(file);
  if (data === undefined) return undefined;
  const target = await asideName(file, label);
  await atomicWrite(target, data);
  return target;
}

const migrate0to1: Step = async (dir, raw) => {
  const parsedWs = v0Workspace.safeParse(raw);
  if (!parsedWs.success) throw new WorkspaceError('damaged', `workspace.json in ${dir} is in the old format but could not be read; nothing was changed.`);
  const wsFile = path.join(dir, 'workspace.json');
  const annFile = path.join(dir, 'annotations.json');
  const annRaw = await readIfExists(annFile);
  let notes: z.infer<typeof v0Annotations>['notes'] = [];
  if (annRaw !== undefined) {
    const parsed = v0Annotations.safeParse(JSON.parse(annRaw.toString('utf8')));
    if (!parsed.success) throw new WorkspaceError('damaged', `annotations.json in ${dir} is in the old format but could not be read; nothing was changed.`);
    notes = parsed.data.notes;
  }
  await backup(wsFile, 'v0-backup');
  await backup(annFile, 'v0-backup');
  const journalFile = path.join(dir, JOURNAL_FILE);
  if ((await readIfExists(journalFile)) !== undefined) await backup(journalFile, 'v0-backup');

  const policyFiles = await fs.readdir(path.join(dir, 'policies')).catch(() => [] as string[]);
  const entries: JournalEntry[] = [];
  let seq = 0;
  const createdAt = iso(parsedWs.data.created);
  entries.push({ seq: ++seq, at: createdAt, author: 'migration', op: 'workspace-create', payload: { name: parsedWs.data.name, createdAt, schemaVersion: 0 } });
  const policies: PolicyRecord[] = parsedWs.data.policies.map((p) => {
    const ext = path.extname(p.file).toLowerCase().replace(/[^.a-z0-9]/g, '') || '.bin';
    const storedAs = policyFiles.find((f) => f.startsWith(`${p.hash}.`)) ?? `${p.hash}${ext}`;
    return { id: p.id, app: p.app, versionLabel: p.version, fileName: p.file, sha256: p.hash, storedAs, importedAt: iso(p.imported) };
  });
  for (const policy of policies) entries.push({ seq: ++seq, at: policy.importedAt, author: 'migration', op: 'policy-import', payload: { policy } });
  const annotations: Annotation[] = [];
  for (const n of notes) {
    const target = n.attributeId ? { policyId: n.policyId, attributeId: n.attributeId } : { policyId: n.policyId, clauseId: n.clauseId ?? '' };
    const annotation = annotationSchema.parse({
      id: n.id, target, status: n.status, note: n.text, author: n.author, createdAt: iso(n.created), updatedAt: iso(n.updated), rev: ++seq,
    });
    annotations.push(annotation);
    entries.push({ seq, at: annotation.updatedAt, author: n.author, op: 'annotation-upsert', payload: { annotation, before: null } });
  }
  // The journal first, the snapshots next, workspace.json last: its schemaVersion is the commit point, so
  // a crash before it simply runs this migration again from the untouched v0 workspace.json.
  await atomicWrite(journalFile, entries.map((e) => JSON.stringify(e) + '\n').join(''));
  const ann: AnnotationsFile = { schemaVersion: 1 as typeof SCHEMA_VERSION, revision: seq, annotations, overrides: [] };
  await atomicWrite(annFile, JSON.stringify(ann, null, 1));
  await fs.mkdir(path.join(dir, 'cache'), { recursive: true });
  const ws: WorkspaceFile = { schemaVersion: 1 as typeof SCHEMA_VERSION, name: parsedWs.data.name, createdAt, seq, policies };
  await atomicWrite(wsFile, JSON.stringify(ws, null, 1));
  await fsyncDir(dir);
};

/** STEPS[n] upgrades schema n to n + 1. */
const STEPS: Record<number, Step> = { 0: migrate0to1 };

/** Runs the steps from FROM up to SCHEMA_VERSION. Call with the write lock held. */
export async function migrate(dir: string, from: number, raw: unknown): Promise<void> {
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const step = STEPS[v];
    if (!step) throw new WorkspaceError('damaged', `No upgrade from workspace schema ${v} is known.`);
    await step(dir, raw);
    raw = JSON.parse(await fs.readFile(path.join(dir, 'workspace.json'), 'utf8'));
  }
}
