// The workspace store: a review folder on disk (see DESIGN.md "Workspace on disk") with annotations, value
// overrides, clause relabels and their history. journal.jsonl is the truth; workspace.json and annotations.json are snapshots
// of it that may lag and are rebuilt from it. Every change is fsynced to the journal before its promise resolves.
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CATEGORY_IDS, getAttribute, type AttributeDef, type CategoryId } from '../../shared/taxonomy';
import { readCache, writeCache, type CacheKey } from './cache';
import { WorkspaceError } from './errors';
import { asideName, atomicWrite, atomicWriteMakingDir, durableAppend, fsyncDir, isAlive, keepAside, readIfExists } from './fsx';
import { JOURNAL_FILE, readJournalFrom } from './journal';
import { acquireLock, describeLock, type HeldLock } from './lock';
import { migrate, schemaVersionOf } from './migrate';
import {
  afterOf,
  annotationKey,
  apply,
  currentOf,
  sameContent,
  cellKey,
  clauseKey,
  domainOf,
  emptyState,
  inverse,
  overrideKey,
  relabelKey,
  targetKeyOf,
  touches,
  type State,
} from './state';
import {
  ANNOTATION_STATUSES,
  SCHEMA_VERSION,
  annotationStatusSchema,
  annotationTargetSchema,
  annotationsFileSchema,
  attributeValueSchema,
  journalEntrySchema,
  workspaceFileSchema,
  type Annotation,
  type AnnotationStatus,
  type AnnotationTarget,
  type AnnotationsFile,
  type CellTarget,
  type ClauseRelabel,
  type ClauseTarget,
  type JournalChange,
  type JournalEntry,
  type PolicyRecord,
  type ValueOverride,
  type WorkspaceFile,
  type WorkspaceNotice,
} from './types';

export { WorkspaceError, isWorkspaceError, type WorkspaceErrorCode } from './errors';
export type { CacheKey } from './cache';
export * from './types';

const WORKSPACE_FILE = 'workspace.json';
/** A note is a reviewer's comment, not a document; the cap keeps one paste from bloating every snapshot. */
const MAX_NOTE_CHARS = 20_000;
const ANNOTATIONS_FILE = 'annotations.json';
const POLICIES_DIR = 'policies';

export interface OpenOptions {
  /** Who makes the changes (journal `author`). Default: the OS user name. */
  author?: string;
  /** Write annotations.json after this many changes (and on close). The journal is durable either way. */
  snapshotEvery?: number;
  /** How long a write waits for another writer's lock. */
  lockTimeoutMs?: number;
}

export interface Workspace {
  readonly dir: string;
  readonly name: string;
  readonly createdAt: string;
  readonly author: string;
  /** The journal seq this view includes. */
  readonly revision: number;
  /** What the reviewer should be told about this open (repairs, migration). */
  readonly notices: readonly WorkspaceNotice[];
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  policies(): PolicyRecord[];
  policy(id: string): PolicyRecord | undefined;
  annotations(): Annotation[];
  annotation(id: string): Annotation | undefined;
  annotationsOn(target: AnnotationTarget): Annotation[];
  overrides(): ValueOverride[];
  override(cell: CellTarget): ValueOverride | undefined;
  /** Clause relabels (issue 8): the reviewer's categories for clauses. */
  relabels(): ClauseRelabel[];
  relabel(clause: ClauseTarget): ClauseRelabel | undefined;
}

function defaultAuthor(): string {
  try {
    return os.userInfo().username || 'reviewer';
  } catch {
    return 'reviewer';
  }
}

const fmtTime = (iso: string) => iso.replace('T', ' ').slice(0, 16);

class WorkspaceImpl implements Workspace {
  state: State = emptyState();
  notices: WorkspaceNotice[] = [];
  /** Bytes of journal.jsonl already applied to `state`. */
  journalOffset = 0;
  /** Every journal entry read or written, by seq (history and undo read it). */
  entries = new Map<number, JournalEntry>();
  undoStack: number[] = [];
  redoStack: number[] = [];
  /** Annotation and override changes since annotations.json was last written. */
  pendingSnapshot = 0;
  /** workspace.json lags the journal. */
  pendingWorkspaceFile = false;
  /** Workspace changes (imports, renames, removals) since workspace.json was last written. */
  pendingWorkspaceEntries = 0;
  /** Serializes this handle's writes: one change at a time. */
  queue: Promise<unknown> = Promise.resolve();
  closed = false;
  readonly author: string;
  readonly snapshotEvery: number;
  readonly lockTimeoutMs: number;

  constructor(
    readonly dir: string,
    opts: OpenOptions,
  ) {
    this.author = opts.author?.trim() || defaultAuthor();
    this.snapshotEvery = Math.max(1, opts.snapshotEvery ?? 50);
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 10_000;
  }

  get name() {
    return this.state.name;
  }
  get createdAt() {
    return this.state.createdAt;
  }
  get revision() {
    return this.state.seq;
  }
  get canUndo() {
    return this.undoStack.length > 0;
  }
  get canRedo() {
    return this.redoStack.length > 0;
  }
  policies() {
    return [...this.state.policies.values()];
  }
  policy(id: string) {
    return this.state.policies.get(id);
  }
  annotations() {
    return [...this.state.annotations.values()];
  }
  annotation(id: string) {
    return this.state.annotations.get(id);
  }
  annotationsOn(target: AnnotationTarget) {
    return this.annotations().filter((a) => {
      if (a.target.policyId !== target.policyId) return false;
      if ('attributeId' in target) return 'attributeId' in a.target && a.target.attributeId === target.attributeId;
      return 'clauseId' in a.target && a.target.clauseId === target.clauseId;
    });
  }
  overrides() {
    return [...this.state.overrides.values()];
  }
  override(cell: CellTarget) {
    return this.state.overrides.get(cellKey(cell.policyId, cell.attributeId));
  }
  relabels() {
    return [...this.state.relabels.values()];
  }
  relabel(clause: ClauseTarget) {
    return this.state.relabels.get(clauseKey(clause.policyId, clause.clauseId));
  }

  file(name: string) {
    return path.join(this.dir, name);
  }

  /** Runs FN after this handle's earlier writes, with the write lock held. */
  locked<T>(fn: (lock: HeldLock) => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.closed) throw new WorkspaceError('closed', 'This workspace has been closed.');
      const lock = await acquireLock(this.dir, { timeoutMs: this.lockTimeoutMs });
      if (lock.tookOver) this.notices.push(staleLockNotice(lock));
      try {
        return await fn(lock);
      } finally {
        await lock.release();
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /**
   * Applies journal entries other writers appended since our last look. With the lock held, a line without
   * its newline is a dead writer's torn append: it is kept aside and cut off so our append starts clean.
   */
  async catchUp(holdingLock: boolean): Promise<void> {
    const journal = this.file(JOURNAL_FILE);
    const st = await fs.stat(journal).catch(() => undefined);
    if (st && st.size < this.journalOffset) {
      throw new WorkspaceError('damaged', `journal.jsonl in ${this.dir} got shorter while open; close and reopen the workspace.`);
    }
    const chunk = await readJournalFrom(journal, this.journalOffset, this.state.seq);
    for (const e of chunk.entries) {
      apply(this.state, e);
      this.entries.set(e.seq, e);
      if (domainOf(e.op) === 'workspace') this.pendingWorkspaceFile = true;
      else this.pendingSnapshot++;
    }
    if (chunk.badLines.length) {
      this.notices.push({
        code: 'journal_bad_line',
        message: `${chunk.badLines.length} damaged line(s) in the history journal (journal.jsonl) could not be read and were skipped.`,
      });
    }
    this.journalOffset = chunk.end;
    if (chunk.tornTail && holdingLock) await this.cutTornTail(chunk.tornTail);
  }

  async cutTornTail(tail: Buffer): Promise<void> {
    const journal = this.file(JOURNAL_FILE);
    const keptAs = await asideFileWith(journal, 'torn', tail);
    const fd = await fs.open(journal, 'r+');
    try {
      await fd.truncate(this.journalOffset);
      await fd.sync();
    } finally {
      await fd.close();
    }
    this.notices.push({
      code: 'journal_torn_tail',
      message: `The last change in the history journal was cut off by a crash before it was saved (${tail.length} bytes); it was never confirmed and was set aside as ${path.basename(keptAs)}.`,
      keptAs,
    });
  }

  /** Appends CHANGE as the next entry and applies it. Call with the lock held, after catchUp. */
  async append(lock: HeldLock, change: JournalChange, extra: { undoOf?: number; redoOf?: number } = {}): Promise<JournalEntry> {
    return (await this.appendMany(lock, [{ ...change, ...extra }]))[0]!;
  }

  /**
   * Journals CHANGES in one write and one fsync (a batch of imports): a crash mid-write leaves whole lines before a
   * torn tail, and none of them has been acknowledged yet.
   */
  async appendMany(lock: HeldLock, changes: (JournalChange & { undoOf?: number; redoOf?: number })[]): Promise<JournalEntry[]> {
    if (changes.length === 0) return [];
    const at = new Date().toISOString();
    const entries = changes.map((change, k) => journalEntrySchema.parse({ ...change, seq: this.state.seq + 1 + k, at }));
    const lines = entries.map((entry) => JSON.stringify(entry) + '\n');
    await lock.assertHeld();
    await durableAppend(this.file(JOURNAL_FILE), lines.join(''));
    entries.forEach((entry, k) => {
      this.journalOffset += Buffer.byteLength(lines[k]!);
      apply(this.state, entry);
      this.entries.set(entry.seq, entry);
      // workspace.json lists every policy: rewriting it on each import made a 1,000-policy import write ~150 MB.
      // Like annotations.json it is a snapshot, written every snapshotEvery changes and on close; the journal
      // (fsynced above) is the truth, and opening replays what the snapshot lacks.
      if (domainOf(entry.op) === 'workspace') {
        this.pendingWorkspaceFile = true;
        this.pendingWorkspaceEntries++;
      } else this.pendingSnapshot++;
    });
    if (this.pendingWorkspaceEntries >= this.snapshotEvery) await this.writeWorkspaceFile().catch(() => undefined);
    if (this.pendingSnapshot >= this.snapshotEvery) await this.writeSnapshot().catch(() => undefined);
    return entries;
  }

  async writeSnapshot(): Promise<void> {
    const snap: AnnotationsFile = {
      schemaVersion: SCHEMA_VERSION,
      revision: this.state.seq,
      annotations: this.annotations(),
      overrides: this.overrides(),
      relabels: this.relabels(),
    };
    await atomicWrite(this.file(ANNOTATIONS_FILE), JSON.stringify(snap, null, 1));
    this.pendingSnapshot = 0;
  }

  async writeWorkspaceFile(): Promise<void> {
    const ws: WorkspaceFile = {
      schemaVersion: SCHEMA_VERSION,
      name: this.state.name,
      createdAt: this.state.createdAt,
      seq: this.state.seq,
      policies: this.policies(),
    };
    await atomicWrite(this.file(WORKSPACE_FILE), JSON.stringify(ws, null, 1));
    this.pendingWorkspaceFile = false;
    this.pendingWorkspaceEntries = 0;
  }

  /**
   * The revision check: TARGETKEY must be where the caller last saw it (BASEREV, or this handle's view
   * before catching up). Otherwise another writer changed it and applying ours would silently undo theirs.
   */
  async checkedChange(
    targetKey: string,
    baseRev: number | null | undefined,
    describe: string,
    build: () => JournalChange,
    extra: { undoOf?: number; redoOf?: number } = {},
  ): Promise<JournalEntry> {
    return this.locked(async (lock) => {
      const seen = baseRev === undefined ? this.state.targetRev.get(targetKey) : baseRev ?? undefined;
      await this.catchUp(true);
      const now = this.state.targetRev.get(targetKey);
      if (now !== seen) throw this.conflict(describe, now);
      return this.append(lock, build(), extra);
    });
  }

  conflict(describe: string, seq: number | undefined): WorkspaceError {
    const by = seq === undefined ? undefined : this.entries.get(seq);
    const who = by ? `${by.author} at ${fmtTime(by.at)}` : 'someone else';
    return new WorkspaceError(
      'conflict',
      `${describe} was changed by ${who} in another PolicyBench window; your change was not saved, so theirs is not lost. ` +
        'Their version is shown now; make your change again if it still applies.',
      { seq },
    );
  }

  pushUndo(seq: number, clearRedo: boolean) {
    this.undoStack.push(seq);
    if (clearRedo) this.redoStack = [];
  }
}

function staleLockNotice(lock: HeldLock): WorkspaceNotice {
  return {
    code: 'stale_lock_taken',
    message: `A lock left by ${describeLock(lock.tookOver)}, which is no longer running, was cleared.`,
  };
}

async function asideFileWith(file: string, label: string, data: Uint8Array): Promise<string> {
  const target = await asideName(file, label);
  await atomicWrite(target, data);
  return target;
}

function impl(ws: Workspace): WorkspaceImpl {
  if (!(ws instanceof WorkspaceImpl)) throw new TypeError('not a workspace opened by openWorkspace');
  return ws;
}

/** Removes temporary files that writers killed mid-write left behind (their pid is in the name). */
async function removeDeadTemps(dir: string): Promise<void> {
  for (const folder of [dir, path.join(dir, POLICIES_DIR), path.join(dir, 'cache')]) {
    const names = await fs.readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      const m = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
      if (m && !isAlive(Number(m[1]))) await fs.rm(path.join(folder, name), { force: true });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Create and open

export async function createWorkspace(dir: string, opts: { name: string } & OpenOptions): Promise<Workspace> {
  const name = opts.name.trim();
  if (!name) throw new WorkspaceError('invalid', 'A workspace needs a name.');
  await fs.mkdir(dir, { recursive: true });
  const existing = await fs.readdir(dir);
  if (existing.includes(WORKSPACE_FILE) || existing.includes(JOURNAL_FILE)) {
    throw new WorkspaceError('already_exists', `${dir} already holds a PolicyBench workspace; open it instead.`);
  }
  await fs.mkdir(path.join(dir, POLICIES_DIR), { recursive: true });
  await fs.mkdir(path.join(dir, 'cache'), { recursive: true });
  const createdAt = new Date().toISOString();
  const first: JournalEntry = {
    seq: 1,
    at: createdAt,
    author: opts.author?.trim() || defaultAuthor(),
    op: 'workspace-create',
    payload: { name, createdAt, schemaVersion: SCHEMA_VERSION },
  };
  // Journal first, workspace.json last: a folder with workspace.json is a complete workspace.
  await atomicWrite(path.join(dir, JOURNAL_FILE), JSON.stringify(first) + '\n');
  const ann: AnnotationsFile = { schemaVersion: SCHEMA_VERSION, revision: 1, annotations: [], overrides: [] };
  await atomicWrite(path.join(dir, ANNOTATIONS_FILE), JSON.stringify(ann, null, 1));
  const ws: WorkspaceFile = { schemaVersion: SCHEMA_VERSION, name, createdAt, seq: 1, policies: [] };
  await atomicWrite(path.join(dir, WORKSPACE_FILE), JSON.stringify(ws, null, 1));
  await fsyncDir(path.dirname(path.resolve(dir)));
  return openWorkspace(dir, opts);
}

type Snapshot<T> = { ok: true; value: T } | { ok: false; reason: string } | { ok: 'missing' };

function parseSnapshot<T>(data: Buffer | undefined, schema: z.ZodType<T>): Snapshot<T> {
  if (data === undefined) return { ok: 'missing' };
  let raw: unknown;
  try {
    raw = JSON.parse(data.toString('utf8'));
  } catch {
    return { ok: false, reason: data.length === 0 ? 'it is empty' : 'it is cut off or not valid JSON' };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `its content does not have the expected shape (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})` };
  }
  return { ok: true, value: parsed.data };
}

function newerSchemaError(dir: string, version: number): WorkspaceError {
  return new WorkspaceError(
    'newer_schema',
    `The workspace in ${dir} was made by a newer PolicyBench (schema ${version}); update PolicyBench to open it. Nothing in it was changed.`,
    { schemaVersion: version, supported: SCHEMA_VERSION },
  );
}

/**
 * Opens the workspace in DIR: migrates an older one, refuses a newer one, repairs what a crash or damage left
 * (reported in `notices`), and rebuilds the current state from the snapshots plus the journal.
 */
export async function openWorkspace(dir: string, opts: OpenOptions = {}): Promise<Workspace> {
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new WorkspaceError('not_a_workspace', `${dir} is not a folder.`);
  const ws = new WorkspaceImpl(dir, opts);
  await ws.locked(async () => {
    await removeDeadTemps(dir);
    await load(ws);
  });
  return ws;
}

async function load(ws: WorkspaceImpl): Promise<void> {
  const dir = ws.dir;
  const wsPath = ws.file(WORKSPACE_FILE);
  let wsData = await readIfExists(wsPath);
  const hasJournal = (await readIfExists(ws.file(JOURNAL_FILE))) !== undefined;
  if (wsData === undefined && !hasJournal) {
    throw new WorkspaceError('not_a_workspace', `${dir} is not a PolicyBench workspace (it has no workspace.json).`);
  }

  // Schema version first: never touch a newer workspace, migrate an older one before reading anything else.
  if (wsData !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(wsData.toString('utf8'));
    } catch {
      raw = undefined;
    }
    const version = raw === undefined ? undefined : schemaVersionOf(raw);
    if (version !== undefined && version > SCHEMA_VERSION) throw newerSchemaError(dir, version);
    if (version !== undefined && version < SCHEMA_VERSION) {
      await migrate(dir, version, raw);
      ws.notices.push({
        code: 'migrated',
        message: `This workspace was made by an older PolicyBench (schema ${version}) and was upgraded to schema ${SCHEMA_VERSION}; the original files were kept beside it (*.v0-backup-*).`,
      });
      wsData = await readIfExists(wsPath);
    }
  }
  if ((await readIfExists(ws.file(JOURNAL_FILE))) === undefined) {
    ws.notices.push({
      code: 'journal_missing',
      message: 'The history journal (journal.jsonl) is missing; your notes were read from annotations.json, and their history starts again now.',
    });
  }
  const annData = await readIfExists(ws.file(ANNOTATIONS_FILE));
  const annVersion = annData === undefined ? undefined : (() => {
    try {
      return schemaVersionOf(JSON.parse(annData.toString('utf8')));
    } catch {
      return undefined;
    }
  })();
  if (annVersion !== undefined && annVersion > SCHEMA_VERSION) throw newerSchemaError(dir, annVersion);

  // The journal is the truth: read it all (history and undo need it), cutting off a torn last line.
  await ws.catchUp(true);
  const entries = [...ws.entries.values()];
  ws.state = emptyState();
  ws.pendingSnapshot = 0;
  ws.pendingWorkspaceFile = false;
  const journalSeq = entries.length ? entries[entries.length - 1]!.seq : 0;

  const wsSnap = parseSnapshot(wsData, workspaceFileSchema);
  const annSnap = parseSnapshot(annData, annotationsFileSchema);
  let wsBase = 0;
  let annBase = 0;
  let rebuiltWorkspace: string | undefined;
  let rebuiltAnnotations: string | undefined;

  if (wsSnap.ok === true) {
    ws.state.name = wsSnap.value.name;
    ws.state.createdAt = wsSnap.value.createdAt;
    for (const p of wsSnap.value.policies) ws.state.policies.set(p.id, p);
    wsBase = wsSnap.value.seq;
  } else {
    if (!entries.some((e) => e.op === 'workspace-create')) {
      throw new WorkspaceError(
        'damaged',
        `workspace.json in ${dir} ${wsSnap.ok === false ? `is damaged (${wsSnap.reason})` : 'is missing'} and the history journal cannot replace it. Nothing was changed; restore the folder from a backup.`,
      );
    }
    if (wsSnap.ok === false) {
      rebuiltWorkspace = await keepAside(wsPath, 'corrupt');
      ws.notices.push({
        code: 'workspace_rebuilt',
        message: `workspace.json was damaged (${wsSnap.reason}); it was kept as ${path.basename(rebuiltWorkspace)} and the list of policies was rebuilt from the history journal.`,
        keptAs: rebuiltWorkspace,
      });
    }
    ws.pendingWorkspaceFile = true;
  }

  if (annSnap.ok === true) {
    for (const a of annSnap.value.annotations) {
      ws.state.annotations.set(a.id, a);
      ws.state.targetRev.set(annotationKey(a.id), a.rev);
    }
    for (const o of annSnap.value.overrides) {
      ws.state.overrides.set(cellKey(o.policyId, o.attributeId), o);
      ws.state.targetRev.set(overrideKey(o.policyId, o.attributeId), o.rev);
    }
    for (const r of annSnap.value.relabels ?? []) {
      ws.state.relabels.set(clauseKey(r.policyId, r.clauseId), r);
      ws.state.targetRev.set(relabelKey(r.policyId, r.clauseId), r.rev);
    }
    annBase = annSnap.value.revision;
  } else if (annSnap.ok === false) {
    rebuiltAnnotations = await keepAside(ws.file(ANNOTATIONS_FILE), 'corrupt');
  }

  // A snapshot without "relabels" was written by a PolicyBench that did not know clause relabels (an older build
  // opened this folder and rewrote it): the journal still has them, so they are rebuilt from it whatever the seq.
  const relabelsFromJournal = annSnap.ok === true && annSnap.value.relabels === undefined;
  // Deleted targets leave no trace in the snapshot, so take every target's last seq from the journal too.
  let replayed = 0;
  for (const e of entries) {
    const domain = domainOf(e.op);
    const base = domain === 'workspace' ? wsBase : annBase;
    if (e.seq > base || (relabelsFromJournal && (e.op === 'relabel-set' || e.op === 'relabel-clear'))) {
      apply(ws.state, e);
      if (domain === 'annotations') replayed++;
      else ws.pendingWorkspaceFile = true;
    } else {
      const key = targetKeyOf(e);
      if (key && e.seq > (ws.state.targetRev.get(key) ?? 0)) ws.state.targetRev.set(key, e.seq);
    }
  }
  ws.state.seq = Math.max(journalSeq, wsBase, annBase);
  ws.pendingSnapshot = replayed;

  if (rebuiltAnnotations) {
    ws.notices.push({
      code: 'annotations_rebuilt',
      message: `annotations.json was damaged (${annSnap.ok === false ? annSnap.reason : ''}); it was kept as ${path.basename(rebuiltAnnotations)} and your notes were rebuilt from the history journal (${replayed} changes).`,
      keptAs: rebuiltAnnotations,
    });
  }
  if (rebuiltAnnotations || annSnap.ok === 'missing' || replayed > 0) await ws.writeSnapshot();
  if (ws.pendingWorkspaceFile) await ws.writeWorkspaceFile();
}

/** Reads changes other windows or hosts saved since this view was loaded. */
export async function refreshWorkspace(ws: Workspace): Promise<void> {
  const w = impl(ws);
  // Without the lock a line may be mid-append; catchUp(false) reads complete lines only and leaves the rest.
  const run = () => w.catchUp(false);
  const p = w.queue.then(run, run);
  w.queue = p.catch(() => undefined);
  await p;
}

/** Writes the snapshots so the next open replays nothing, and stops further writes through this handle. */
export async function closeWorkspace(ws: Workspace): Promise<void> {
  const w = impl(ws);
  if (w.closed) return;
  await w.locked(async () => {
    await w.catchUp(true);
    if (w.pendingSnapshot > 0) await w.writeSnapshot();
    if (w.pendingWorkspaceFile) await w.writeWorkspaceFile();
  });
  w.closed = true;
}

// ---------------------------------------------------------------------------------------------------------
// Policies

export interface ImportMeta {
  app?: string;
  versionLabel?: string;
  previousVersionId?: string;
  /** The caller already stored the copy (storePolicyCopy), so it is not read back and hashed again. */
  copyStored?: boolean;
}

export interface ImportOutcome {
  policy: PolicyRecord;
  /** The same bytes were already in the workspace: nothing was added. */
  duplicate: boolean;
}

function extensionOf(fileName: string): string {
  const ext = path.extname(fileName).toLowerCase().slice(1);
  return /^[a-z0-9]{1,10}$/.test(ext) ? ext : 'bin';
}

/**
 * Copies BYTES into policies/<sha256>.<ext> (durably) unless an intact copy is there. Content-addressed, so it
 * needs no lock and no order: an import of many files stores copies while earlier files are still being listed.
 */
export async function storePolicyCopy(ws: Workspace, bytes: Uint8Array, fileName: string, sha256 = createHash('sha256').update(bytes).digest('hex')): Promise<void> {
  const target = path.join(impl(ws).dir, POLICIES_DIR, `${sha256}.${extensionOf(fileName)}`);
  const present = await readIfExists(target);
  if (!present || createHash('sha256').update(present).digest('hex') !== sha256) {
    await atomicWriteMakingDir(target, bytes);
  }
}

/** Copies BYTES into policies/<sha256>.<ext> and lists the policy; the same bytes twice are listed once. */
export async function importPolicy(ws: Workspace, bytes: Uint8Array, fileName: string, meta: ImportMeta = {}): Promise<ImportOutcome> {
  return (await importPolicies(ws, [{ bytes, fileName, meta }]))[0]!;
}

/**
 * importPolicy for several files: one lock and one journal write for all of them (an import of many files
 * commits the ready ones together). Outcomes in the order of ITEMS; the same bytes twice are listed once.
 */
export async function importPolicies(ws: Workspace, items: { bytes: Uint8Array; fileName: string; meta?: ImportMeta }[]): Promise<ImportOutcome[]> {
  const w = impl(ws);
  const prepared = items.map(({ bytes, fileName, meta = {} }) => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { bytes, fileName, meta, sha256, id: sha256.slice(0, 16), storedAs: `${sha256}.${extensionOf(fileName)}` };
  });
  // The copies are content-addressed, so writing them outside the lock is safe and keeps the lock short.
  for (const p of prepared) if (!p.meta.copyStored) await storePolicyCopy(ws, p.bytes, p.fileName, p.sha256);
  if (prepared.length === 0) return [];
  return w.locked(async (lock) => {
    await w.catchUp(true);
    const outcomes: ImportOutcome[] = [];
    const added = new Map<string, PolicyRecord>();
    for (const { fileName, meta, sha256, id, storedAs } of prepared) {
      const existing = w.state.policies.get(id) ?? added.get(id);
      if (existing) {
        if (existing.sha256 !== sha256) throw new WorkspaceError('invalid', `Two different files share the policy id ${id}; rename one and try again.`);
        outcomes.push({ policy: existing, duplicate: true });
        continue;
      }
      if (meta.previousVersionId && !w.state.policies.has(meta.previousVersionId) && !added.has(meta.previousVersionId)) {
        throw new WorkspaceError('not_found', `The earlier version ${meta.previousVersionId} is not in this workspace.`);
      }
      const policy: PolicyRecord = {
        id,
        app: meta.app?.trim() || path.basename(fileName, path.extname(fileName)) || fileName,
        versionLabel: meta.versionLabel ?? '',
        fileName: path.basename(fileName),
        sha256,
        storedAs,
        importedAt: new Date().toISOString(),
        ...(meta.previousVersionId ? { previousVersionId: meta.previousVersionId } : {}),
      };
      added.set(id, policy);
      outcomes.push({ policy, duplicate: false });
    }
    await w.appendMany(
      lock,
      [...added.values()].map((policy) => ({ op: 'policy-import' as const, author: w.author, payload: { policy } })),
    );
    return outcomes;
  });
}

/** The path of a policy's imported copy. */
export function policyFilePath(ws: Workspace, policyId: string): string {
  const p = ws.policy(policyId);
  if (!p) throw new WorkspaceError('not_found', `Policy ${policyId} is not in this workspace.`);
  return path.join(ws.dir, POLICIES_DIR, p.storedAs);
}

export async function renamePolicy(ws: Workspace, policyId: string, app: string): Promise<PolicyRecord> {
  const w = impl(ws);
  const name = app.trim();
  if (!name) throw new WorkspaceError('invalid', 'An app name cannot be empty.');
  return w.locked(async (lock) => {
    await w.catchUp(true);
    const p = w.state.policies.get(policyId);
    if (!p) throw new WorkspaceError('not_found', `Policy ${policyId} is not in this workspace.`);
    if (p.app !== name) await w.append(lock, { op: 'policy-rename', author: w.author, payload: { policyId, app: name, before: p.app } });
    return w.state.policies.get(policyId)!;
  });
}

/**
 * Issue 7: makes POLICYID a version of an app: its app name, version label and the version before it
 * (previousVersionId null: a standalone policy again). Journalled as 'policy-version'.
 */
export async function setPolicyVersion(
  ws: Workspace,
  policyId: string,
  change: { app: string; versionLabel: string; previousVersionId: string | null },
): Promise<PolicyRecord> {
  const w = impl(ws);
  const app = change.app.trim();
  if (!app) throw new WorkspaceError('invalid', 'An app name cannot be empty.');
  return w.locked(async (lock) => {
    await w.catchUp(true);
    const p = w.state.policies.get(policyId);
    if (!p) throw new WorkspaceError('not_found', `Policy ${policyId} is not in this workspace.`);
    const prev = change.previousVersionId;
    if (prev !== null) {
      if (prev === policyId) throw new WorkspaceError('invalid', 'A policy cannot be its own previous version.');
      if (!w.state.policies.has(prev)) throw new WorkspaceError('not_found', `The earlier version ${prev} is not in this workspace.`);
      // No cycles: walking back from the earlier version must not reach this policy.
      const seen = new Set<string>();
      for (let at: string | undefined = prev; at && !seen.has(at); at = w.state.policies.get(at)?.previousVersionId) {
        if (at === policyId) throw new WorkspaceError('invalid', 'That would make the version chain a loop.');
        seen.add(at);
      }
    }
    const before = { app: p.app, versionLabel: p.versionLabel, previousVersionId: p.previousVersionId ?? null };
    if (before.app !== app || before.versionLabel !== change.versionLabel || before.previousVersionId !== prev) {
      await w.append(lock, { op: 'policy-version', author: w.author, payload: { policyId, app, versionLabel: change.versionLabel, previousVersionId: prev, before } });
    }
    return w.state.policies.get(policyId)!;
  });
}

/** Takes a policy off the list. Its imported copy and its notes stay, so importing the same file restores both. */
export async function removePolicy(ws: Workspace, policyId: string): Promise<boolean> {
  const w = impl(ws);
  return w.locked(async (lock) => {
    await w.catchUp(true);
    const p = w.state.policies.get(policyId);
    if (!p) return false;
    await w.append(lock, { op: 'policy-remove', author: w.author, payload: { policyId, before: p } });
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Annotations and overrides

export interface AnnotationInput {
  /** Give the id of an existing annotation to edit it; omit it (or give a new one) to add an annotation. */
  id?: string;
  target: AnnotationTarget;
  status: AnnotationStatus;
  note?: string;
  /**
   * The `rev` of the annotation as the caller last saw it (null: the caller saw none). Default: this handle's
   * view. A different current rev means someone else changed it: the call fails with a 'conflict' error.
   */
  baseRev?: number | null;
  /** Issue 7: carried over from an earlier version whose text changed. Any later edit without it clears it. */
  needsReview?: Annotation['needsReview'];
}

function requirePolicy(w: WorkspaceImpl, policyId: string) {
  const p = w.state.policies.get(policyId);
  if (!p) throw new WorkspaceError('not_found', `Policy ${policyId} is not in this workspace.`);
  return p;
}

function describeTarget(w: WorkspaceImpl, target: AnnotationTarget): string {
  const app = w.state.policies.get(target.policyId)?.app ?? target.policyId;
  if ('attributeId' in target) return `${app} / ${getAttribute(target.attributeId)?.label.en ?? target.attributeId}`;
  return `${app} / clause ${target.clauseId}`;
}

export async function upsertAnnotation(ws: Workspace, input: AnnotationInput): Promise<Annotation> {
  const w = impl(ws);
  const target = annotationTargetSchema.safeParse(input.target);
  if (!target.success) throw new WorkspaceError('invalid', 'An annotation needs a policy and either an attribute or a clause.');
  if (!annotationStatusSchema.safeParse(input.status).success) {
    throw new WorkspaceError('invalid', `An annotation's status is one of ${ANNOTATION_STATUSES.join(', ')}.`);
  }
  if (input.note !== undefined && (typeof input.note !== 'string' || input.note.length > MAX_NOTE_CHARS)) {
    throw new WorkspaceError('invalid', `A note is text of at most ${MAX_NOTE_CHARS} characters.`);
  }
  const id = input.id ?? randomUUID();
  const entry = await w.checkedChange(annotationKey(id), input.baseRev, `The note on ${describeTarget(w, target.data)}`, () => {
    requirePolicy(w, target.data.policyId);
    const before = w.state.annotations.get(id) ?? null;
    if (before && JSON.stringify(before.target) !== JSON.stringify(target.data)) {
      throw new WorkspaceError('invalid', 'An annotation cannot move to another cell or clause; delete it and add a new one.');
    }
    const now = new Date().toISOString();
    const annotation: Annotation = {
      id,
      target: target.data,
      status: input.status,
      note: input.note ?? '',
      author: before?.author ?? w.author,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
      rev: w.state.seq + 1,
      ...(input.needsReview ? { needsReview: input.needsReview } : {}),
    };
    return { op: 'annotation-upsert', author: w.author, payload: { annotation, before } };
  });
  w.pushUndo(entry.seq, true);
  return w.state.annotations.get(id)!;
}

export async function deleteAnnotation(ws: Workspace, id: string, opts: { baseRev?: number | null } = {}): Promise<void> {
  const w = impl(ws);
  const seen = w.state.annotations.get(id);
  const entry = await w.checkedChange(annotationKey(id), opts.baseRev, seen ? `The note on ${describeTarget(w, seen.target)}` : 'The note', () => {
    const before = w.state.annotations.get(id);
    if (!before) throw new WorkspaceError('not_found', 'This note no longer exists.');
    return { op: 'annotation-delete', author: w.author, payload: { id, before } };
  });
  w.pushUndo(entry.seq, true);
}

export interface OverrideInput extends CellTarget {
  value: unknown;
  reason: string;
  /** As for annotations: the override's rev as the caller saw it, null for none. */
  baseRev?: number | null;
}

/** Checks an override value against the attribute's value kind in the taxonomy. Returns a problem or undefined. */
export function overrideValueProblem(def: AttributeDef, value: unknown): string | undefined {
  const parsed = attributeValueSchema.safeParse(value);
  if (!parsed.success) return 'a value is a string, a list of strings or numbers, or a duration';
  const v = parsed.data;
  const allowed = new Set(def.values);
  switch (def.kind) {
    case 'enum':
      return typeof v === 'string' && allowed.has(v) ? undefined : `expected one of ${def.values.join(', ')}`;
    case 'set':
      if (v === 'not_stated') return undefined;
      return Array.isArray(v) && v.every((x) => typeof x === 'string' && allowed.has(x) && x !== 'not_stated')
        ? undefined
        : 'expected a list of data type codes from the taxonomy, or not_stated';
    case 'names':
      if (v === 'not_stated') return undefined;
      return Array.isArray(v) && v.every((x) => typeof x === 'string' && x.trim() !== '') ? undefined : 'expected a list of names, or not_stated';
    case 'ages':
      if (v === 'not_stated') return undefined;
      return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) ? undefined : 'expected a list of ages, or not_stated';
    case 'duration':
      if (typeof v === 'string') return allowed.has(v) ? undefined : `expected a duration or one of ${def.values.join(', ')}`;
      return !Array.isArray(v) && v.number >= 0 ? undefined : 'expected a duration {number, unit, text}';
  }
}

export async function setOverride(ws: Workspace, input: OverrideInput): Promise<ValueOverride> {
  const w = impl(ws);
  const reason = (input.reason ?? '').trim();
  if (!reason) throw new WorkspaceError('invalid', 'Give a reason for overriding the value: it is kept with the change.');
  const def = getAttribute(input.attributeId);
  if (!def) throw new WorkspaceError('invalid', `Unknown attribute ${input.attributeId}.`);
  const problem = overrideValueProblem(def, input.value);
  if (problem) throw new WorkspaceError('invalid', `That value does not fit ${def.label.en}: ${problem}.`);
  const { policyId, attributeId } = input;
  const entry = await w.checkedChange(overrideKey(policyId, attributeId), input.baseRev, `The value override of ${describeTarget(w, { policyId, attributeId })}`, () => {
    requirePolicy(w, policyId);
    const before = w.state.overrides.get(cellKey(policyId, attributeId)) ?? null;
    const override: ValueOverride = {
      policyId,
      attributeId,
      value: attributeValueSchema.parse(input.value),
      reason,
      author: w.author,
      at: new Date().toISOString(),
      rev: w.state.seq + 1,
    };
    return { op: 'override-set', author: w.author, payload: { override, before } };
  });
  w.pushUndo(entry.seq, true);
  return w.state.overrides.get(cellKey(policyId, attributeId))!;
}

export async function clearOverride(ws: Workspace, cell: CellTarget, opts: { baseRev?: number | null } = {}): Promise<void> {
  const w = impl(ws);
  const { policyId, attributeId } = cell;
  const entry = await w.checkedChange(overrideKey(policyId, attributeId), opts.baseRev, `The value override of ${describeTarget(w, cell)}`, () => {
    const before = w.state.overrides.get(cellKey(policyId, attributeId));
    if (!before) throw new WorkspaceError('not_found', 'This cell has no value override.');
    return { op: 'override-clear', author: w.author, payload: { policyId, attributeId, before } };
  });
  w.pushUndo(entry.seq, true);
}

// ---------------------------------------------------------------------------------------------------------
// Clause relabels (issue 8)

/** Longest reason kept with a relabel, as for an override's reason. */
const MAX_RELABEL_REASON = 2000;

export interface RelabelInput extends ClauseTarget {
  /** The reviewer's categories: one or more taxonomy category ids; `other` only on its own. */
  categories: readonly string[];
  /** The engine's categories for the clause, as the reviewer saw them. */
  engineCategories: readonly string[];
  /** The clause's text (kept with the relabel). */
  text: string;
  /** Optional: why. */
  reason?: string;
  /** As for overrides: the relabel's rev as the caller saw it, null for none. */
  baseRev?: number | null;
}

/**
 * Checks a relabel's categories against the taxonomy. Returns them deduplicated in taxonomy order, or throws
 * an 'invalid' error that says what to pick instead.
 */
export function relabelCategories(categories: readonly string[]): CategoryId[] {
  const unknown = categories.filter((c) => !(CATEGORY_IDS as readonly string[]).includes(c));
  if (unknown.length) {
    throw new WorkspaceError('invalid', `${unknown.map((c) => `“${c}”`).join(', ')} ${unknown.length > 1 ? 'are not clause categories' : 'is not a clause category'}; pick from ${CATEGORY_IDS.join(', ')}.`);
  }
  const set = CATEGORY_IDS.filter((c) => categories.includes(c));
  if (set.length === 0) throw new WorkspaceError('invalid', 'Pick at least one category for the clause, or clear the relabel to go back to the engine’s categories.');
  if (set.includes('other') && set.length > 1) {
    throw new WorkspaceError('invalid', '“other” means the clause belongs to none of the categories, so it cannot be combined with another one; untick “other” or the rest.');
  }
  return set;
}

export async function setRelabel(ws: Workspace, input: RelabelInput): Promise<ClauseRelabel> {
  const w = impl(ws);
  const target = annotationTargetSchema.safeParse({ policyId: input.policyId, clauseId: input.clauseId });
  if (!target.success || !('clauseId' in target.data)) throw new WorkspaceError('invalid', 'A relabel needs a policy id and a clause id.');
  const categories = relabelCategories(input.categories);
  const engineCategories = CATEGORY_IDS.filter((c) => input.engineCategories.includes(c));
  const reason = (input.reason ?? '').trim();
  if (reason.length > MAX_RELABEL_REASON) throw new WorkspaceError('invalid', `Shorten the reason to at most ${MAX_RELABEL_REASON} characters.`);
  if (typeof input.text !== 'string') throw new WorkspaceError('invalid', 'A relabel keeps the clause text; it is missing.');
  const { policyId, clauseId } = input;
  const entry = await w.checkedChange(relabelKey(policyId, clauseId), input.baseRev, `The categories of ${describeTarget(w, { policyId, clauseId })}`, () => {
    requirePolicy(w, policyId);
    const before = w.state.relabels.get(clauseKey(policyId, clauseId)) ?? null;
    const relabel: ClauseRelabel = {
      policyId,
      clauseId,
      categories,
      engineCategories,
      text: input.text,
      reason,
      author: w.author,
      at: new Date().toISOString(),
      rev: w.state.seq + 1,
    };
    return { op: 'relabel-set', author: w.author, payload: { relabel, before } };
  });
  w.pushUndo(entry.seq, true);
  return w.state.relabels.get(clauseKey(policyId, clauseId))!;
}

export async function clearRelabel(ws: Workspace, clause: ClauseTarget, opts: { baseRev?: number | null } = {}): Promise<void> {
  const w = impl(ws);
  const { policyId, clauseId } = clause;
  const entry = await w.checkedChange(relabelKey(policyId, clauseId), opts.baseRev, `The categories of ${describeTarget(w, clause)}`, () => {
    const before = w.state.relabels.get(clauseKey(policyId, clauseId));
    if (!before) throw new WorkspaceError('not_found', 'This clause has no relabel to clear: it already shows the engine’s categories.');
    return { op: 'relabel-clear', author: w.author, payload: { policyId, clauseId, before } };
  });
  w.pushUndo(entry.seq, true);
}

// ---------------------------------------------------------------------------------------------------------
// Undo, redo, history

/**
 * Undoes this handle's last annotation, override or relabel change by journalling its inverse. If someone else
 * changed the same note, value or relabel since, nothing is undone and a 'conflict' error says so.
 */
export async function undo(ws: Workspace): Promise<JournalEntry> {
  const w = impl(ws);
  const seq = w.undoStack[w.undoStack.length - 1];
  if (seq === undefined) throw new WorkspaceError('nothing_to_undo', 'There is nothing to undo.');
  const entry = await reverse(w, w.entries.get(seq)!, w.undoStack, { undoOf: seq });
  w.redoStack.push(entry.seq);
  return entry;
}

export async function redo(ws: Workspace): Promise<JournalEntry> {
  const w = impl(ws);
  const seq = w.redoStack[w.redoStack.length - 1];
  if (seq === undefined) throw new WorkspaceError('nothing_to_redo', 'There is nothing to redo.');
  const undone = w.entries.get(seq)!;
  const entry = await reverse(w, undone, w.redoStack, { redoOf: undone.undoOf });
  w.pushUndo(entry.seq, false);
  return entry;
}

/**
 * Journals the inverse of E, popping it from STACK. The note or value must still be as E left it (our own
 * undos of later changes aside); if someone else changed it since, nothing is written and a 'conflict' says so.
 */
async function reverse(w: WorkspaceImpl, e: JournalEntry, stack: number[], extra: { undoOf?: number; redoOf?: number }): Promise<JournalEntry> {
  const key = targetKeyOf(e)!;
  try {
    const entry = await w.checkedChange(key, undefined, describeEntry(w, e), () => {
      if (!sameContent(currentOf(w.state, key), afterOf(e))) throw w.conflict(describeEntry(w, e), w.state.targetRev.get(key));
      return inverse(e, w.state.seq + 1, w.author)!;
    }, extra);
    stack.pop();
    return entry;
  } catch (err) {
    // A conflict cannot clear up later: drop the change from the stack so the next undo can proceed.
    if (err instanceof WorkspaceError && err.code === 'conflict') stack.pop();
    throw err;
  }
}

function describeEntry(w: WorkspaceImpl, e: JournalEntry): string {
  switch (e.op) {
    case 'annotation-upsert':
      return `The note on ${describeTarget(w, e.payload.annotation.target)}`;
    case 'annotation-delete':
      return `The note on ${describeTarget(w, e.payload.before.target)}`;
    case 'override-set':
      return `The value override of ${describeTarget(w, e.payload.override)}`;
    case 'override-clear':
      return `The value override of ${describeTarget(w, e.payload)}`;
    case 'relabel-set':
      return `The categories of ${describeTarget(w, e.payload.relabel)}`;
    case 'relabel-clear':
      return `The categories of ${describeTarget(w, e.payload)}`;
    default:
      return 'This change';
  }
}

/** The whole journal this view has read, oldest first (audit views, tests). */
export function journal(ws: Workspace): JournalEntry[] {
  return [...impl(ws).entries.values()].sort((a, b) => a.seq - b.seq);
}

/** The changes to a cell (its annotations and value override) or a clause (its annotations and relabel), oldest first. */
export function history(ws: Workspace, target: AnnotationTarget): JournalEntry[] {
  const w = impl(ws);
  return [...w.entries.values()].filter((e) => touches(e, target)).sort((a, b) => a.seq - b.seq);
}

// ---------------------------------------------------------------------------------------------------------
// Analysis cache

export function cacheGet(ws: Workspace, key: CacheKey): Promise<unknown | undefined> {
  return readCache(ws.dir, key);
}

export function cachePut(ws: Workspace, key: CacheKey, value: unknown): Promise<void> {
  return writeCache(ws.dir, key, value);
}
