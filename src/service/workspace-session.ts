// The session over a workspace folder: the policies it lists, their analyses (from the workspace's cache or the
// pool), the open workspace handle for notes and overrides, switching workspaces and the recent list.
// Analyses and the matrix come out as the reviewer has them: clause relabels replace the engine's categories and
// the grid values are read again with them (see reviewed()); overrides are applied on top in matrix().
import { createHash } from 'node:crypto';
import { promises as fs, unwatchFile, watchFile } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../shared/contract';
import { isDuration, type AttributeValue, type Cell, type Clause, type ClauseRelabel, type Matrix, type PolicyAnalysis, type PolicyRecord, type WorkspaceInfo } from '../shared/types';
import { compare, entryOf, type AnalysisEntry } from '../engine/compare';
import { extractAttributes } from '../engine/extract';
import { ENGINE_VERSION } from '../engine/version';
import { getAttribute, TAXONOMY_VERSION } from '../shared/taxonomy';
import type { Analyzer } from './analyzer';
import type { Session, SourceFile } from './session';
import { SettingsStore } from './settings';
import { dropStaleCache, listCache, readCache, writeCache, type CacheKey } from './workspace/cache';
import {
  closeWorkspace,
  createWorkspace,
  importPolicies,
  openWorkspace,
  storePolicyCopy,
  refreshWorkspace,
  removePolicy,
  renamePolicy,
  WorkspaceError,
  type Workspace,
} from './workspace';

/** Where a host keeps its workspaces and settings: $POLICYBENCH_HOME, else ~/.policybench. */
export function defaultHome(): string {
  return process.env['POLICYBENCH_HOME'] || path.join(os.homedir(), '.policybench');
}

export interface WorkspaceSessionOptions {
  analyzer: Analyzer;
  /** Holds settings.json and workspaces/ (Electron: userData; host and CLI: defaultHome()). */
  home: string;
  /** Called after this session or another window/host changed the open workspace. */
  onChange?: (kind: 'annotations' | 'policies' | 'opened') => void;
  /** Poll journal.jsonl for other writers' changes (ms; 0 = off). */
  watchIntervalMs?: number;
  /** The versions in the cache key (default: this build's ENGINE_VERSION and TAXONOMY_VERSION); tests change them. */
  versions?: { engine?: string; taxonomy?: string };
}

const isAnalysis = (v: unknown, sha256: string): v is PolicyAnalysis =>
  typeof v === 'object' && v !== null && (v as PolicyAnalysis).sha256 === sha256 && typeof (v as PolicyAnalysis).text === 'string' && Array.isArray((v as PolicyAnalysis).clauses);
const isEntry = (v: unknown, sha256: string): v is AnalysisEntry =>
  typeof v === 'object' && v !== null && (v as AnalysisEntry).sha256 === sha256 && typeof (v as AnalysisEntry).clauseCount === 'number' &&
  typeof (v as AnalysisEntry).attributes === 'object' && (v as AnalysisEntry).attributes !== null;

export class WorkspaceSession implements Session {
  readonly settings: SettingsStore;
  private ws: Workspace | undefined;
  /** The engine's analyses by policy id (app names come from the workspace's records). */
  private readonly analyses = new Map<string, PolicyAnalysis>();
  private readonly loading = new Map<string, Promise<PolicyAnalysis | undefined>>();
  /** Grid entries (analyses without text and clauses) by policy id: what the matrix needs. */
  private readonly entries = new Map<string, AnalysisEntry>();
  private readonly entryLoading = new Map<string, Promise<AnalysisEntry | undefined>>();
  /** cache/'s listing, read once when the first recompute needs to drop other versions' entries. */
  private cacheListing: Promise<string[]> | undefined;
  /** Imports whose copy and cache entries stage() wrote (stagedKey), awaiting their upsert. */
  private readonly staged = new Set<string>();
  private watched: string | undefined;
  private lastRevision = 0;
  /** Reviewed analyses by policy id, with the relabels they were read with (see reviewed()). */
  private readonly reviewedMemo = new Map<string, { sha256: string; sig: string; value: PolicyAnalysis }>();

  constructor(private readonly opts: WorkspaceSessionOptions) {
    this.settings = new SettingsStore(path.join(opts.home, 'settings.json'));
  }

  get defaultDir(): string {
    return path.join(this.opts.home, 'workspaces', 'default');
  }

  /** The open workspace; every review call needs one. */
  get workspace(): Workspace {
    if (!this.ws) throw new ApiError('workspace_error', 'No workspace is open. Open or create one from the Workspace menu.');
    return this.ws;
  }

  get isOpen(): boolean {
    return this.ws !== undefined;
  }

  /**
   * Opens DIR, or the default workspace (created when missing). Returns whether the workspace was created now,
   * so a first start can load the samples into it.
   */
  async start(dir?: string, opts: { createIfMissing?: boolean } = {}): Promise<{ created: boolean }> {
    const target = dir ? path.resolve(dir) : this.defaultDir;
    const isWorkspace = await fs.stat(path.join(target, 'workspace.json')).then(() => true, () => false);
    const hasJournal = await fs.stat(path.join(target, 'journal.jsonl')).then(() => true, () => false);
    if (isWorkspace || hasJournal) {
      await this.open(target);
      return { created: false };
    }
    if (opts.createIfMissing === false) throw new WorkspaceError('not_a_workspace', `${target} is not a PolicyBench workspace (it has no workspace.json).`);
    // A folder named on the command line or the default one: create it with its parents, as a reviewer expects.
    await fs.mkdir(path.dirname(target), { recursive: true });
    await this.create(target, dir ? path.basename(target) : 'Default');
    return { created: true };
  }

  async open(dir: string): Promise<WorkspaceInfo> {
    const target = await checkDir(dir, 'open');
    const settings = await this.settings.get();
    const ws = await openWorkspace(target, { author: settings.author });
    await this.replace(ws);
    return this.info();
  }

  /** Creates a workspace in DIR (or a new folder under home/workspaces named after NAME) and opens it. */
  async create(dir: string | undefined, name: string): Promise<WorkspaceInfo> {
    const target = dir ? await checkDir(dir, 'create') : await this.freshFolder(name);
    const settings = await this.settings.get();
    const ws = await createWorkspace(target, { name, author: settings.author });
    await this.replace(ws);
    return this.info();
  }

  /** Reopens the workspace so new changes carry the new author name. */
  async setAuthor(author: string): Promise<void> {
    await this.settings.setAuthor(author);
    if (this.ws) {
      const dir = this.ws.dir;
      await this.open(dir);
    }
  }

  private async freshFolder(name: string): Promise<string> {
    const slug = name.normalize('NFKC').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/^[.\s-]+|[.\s]+$/g, '').slice(0, 60) || 'workspace';
    const base = path.join(this.opts.home, 'workspaces', slug);
    for (let i = 1; ; i++) {
      const candidate = i === 1 ? base : `${base}-${i}`;
      if (!(await fs.stat(candidate).then(() => true, () => false))) return candidate;
    }
  }

  private async replace(ws: Workspace): Promise<void> {
    const old = this.ws;
    this.ws = ws;
    this.analyses.clear();
    this.loading.clear();
    this.entries.clear();
    this.entryLoading.clear();
    this.reviewedMemo.clear();
    this.cacheListing = undefined;
    this.lastRevision = ws.revision;
    if (old && path.resolve(old.dir) !== path.resolve(ws.dir)) await closeWorkspace(old).catch(() => undefined);
    this.watch(ws.dir);
    await this.settings.addRecent({ dir: ws.dir, name: ws.name });
    this.opts.onChange?.('opened');
  }

  /** Another window or host appends to journal.jsonl: notice it, read it, and tell the UI. */
  private watch(dir: string): void {
    const interval = this.opts.watchIntervalMs ?? 1000;
    if (this.watched) unwatchFile(this.watched);
    this.watched = undefined;
    if (interval <= 0) return;
    const file = path.join(dir, 'journal.jsonl');
    this.watched = file;
    const w = watchFile(file, { interval, persistent: false }, () => {
      void this.refresh().catch(() => undefined);
    });
    w.unref?.();
  }

  /** Reads what other writers saved; tells the UI when something changed. */
  async refresh(): Promise<void> {
    const ws = this.ws;
    if (!ws) return;
    const before = ws.policies().map((p) => `${p.id}:${p.app}`).join();
    await refreshWorkspace(ws);
    if (ws.revision === this.lastRevision) return;
    this.lastRevision = ws.revision;
    const after = ws.policies().map((p) => `${p.id}:${p.app}`).join();
    this.opts.onChange?.(before === after ? 'annotations' : 'policies');
  }

  /** This process changed the workspace: remember the revision so the watcher does not report it again. */
  changed(kind: 'annotations' | 'policies'): void {
    if (this.ws) this.lastRevision = this.ws.revision;
    this.opts.onChange?.(kind);
  }

  info(): WorkspaceInfo {
    const ws = this.workspace;
    return {
      dir: ws.dir,
      name: ws.name,
      createdAt: ws.createdAt,
      revision: ws.revision,
      policyCount: ws.policies().length,
      author: ws.author,
      canUndo: ws.canUndo,
      canRedo: ws.canRedo,
      notices: [...ws.notices],
    };
  }

  async close(): Promise<void> {
    if (this.watched) unwatchFile(this.watched);
    this.watched = undefined;
    const ws = this.ws;
    this.ws = undefined;
    if (ws) await closeWorkspace(ws);
  }

  // --- Session -------------------------------------------------------------------------------------------

  async list(): Promise<PolicyAnalysis[]> {
    await this.refresh();
    const records = this.workspace.policies();
    const loaded = await Promise.all(records.map((r) => this.load(r)));
    return loaded.filter((a): a is PolicyAnalysis => a !== undefined).map((a) => this.reviewed(a));
  }

  /**
   * The grid entries of every policy (no text, no clauses), in workspace order: what the matrix, the checks and the
   * policy list need. Reopening a large workspace reads only these (cache/*.grid.json); full analyses load on get().
   */
  async listEntries(): Promise<AnalysisEntry[]> {
    await this.refresh();
    const records = this.workspace.policies();
    const loaded = await Promise.all(records.map((r) => this.loadEntry(r)));
    return loaded.filter((a): a is AnalysisEntry => a !== undefined);
  }

  async get(id: string): Promise<PolicyAnalysis | undefined> {
    const record = this.workspace.policy(id);
    const a = record ? await this.load(record) : undefined;
    return a && this.reviewed(a);
  }

  /** The relabels of one policy, by clause id. */
  relabelsOf(policyId: string): Map<string, ClauseRelabel> {
    const out = new Map<string, ClauseRelabel>();
    for (const r of this.workspace.relabels()) if (r.policyId === policyId) out.set(r.clauseId, r);
    return out;
  }

  /**
   * ANALYSIS as the reviewer has it. Without relabels it is the engine's, unchanged. With relabels, each relabelled
   * clause carries the reviewer's categories (source 'reviewer', the engine's kept in engineCategories), and every
   * grid value is read again by the engine's extractor over those clauses: the extractor only reads clauses of the
   * right category for collection, sharing, retention and minors, so a relabel can add or drop evidence. A value
   * that comes out different from the engine's own carries `relabel` (the engine's value and the clauses involved).
   * Relabels of clauses the analysis no longer has (another engine version split the text differently) are kept in
   * the workspace but change nothing here.
   */
  private reviewed(analysis: PolicyAnalysis): PolicyAnalysis {
    if (!this.ws) return analysis;
    const relabels = this.relabelsOf(analysis.id);
    const clauseIds = new Set(analysis.clauses.map((c) => c.id));
    const live = [...relabels.values()].filter((r) => clauseIds.has(r.clauseId)).sort((a, b) => (a.clauseId < b.clauseId ? -1 : 1));
    if (live.length === 0) return analysis;
    const sig = live.map((r) => `${r.clauseId}=${r.categories.join('+')}`).join(';');
    const memo = this.reviewedMemo.get(analysis.id);
    if (memo && memo.sha256 === analysis.sha256 && memo.sig === sig) return { ...memo.value, app: analysis.app };

    const clauses: Clause[] = analysis.clauses.map((c) => {
      const r = relabels.get(c.id);
      if (!r) return c;
      return { ...c, categories: r.categories.map((id) => ({ id, confidence: 1, source: 'reviewer' as const })), engineCategories: c.categories };
    });
    const reread = extractAttributes(clauses, analysis.text);
    const attributes: Record<string, Cell> = {};
    for (const [attributeId, engine] of Object.entries(analysis.attributes)) {
      const cell = reread[attributeId] ?? engine;
      if (sameValue(cell.value, engine.value)) {
        attributes[attributeId] = cell;
        continue;
      }
      const category = getAttribute(attributeId)?.category;
      const involved = live.filter((r) => category !== undefined && (r.categories.includes(category) || r.engineCategories.includes(category))).map((r) => r.clauseId);
      attributes[attributeId] = { ...cell, relabel: { engineValue: engine.value, clauseIds: involved } };
    }
    const value: PolicyAnalysis = { ...analysis, clauses, attributes };
    this.reviewedMemo.set(analysis.id, { sha256: analysis.sha256, sig, value });
    return value;
  }

  /** A cached analysis of BYTES, so importing a file the workspace has analyzed before skips the engine. */
  async lookup(bytes: Uint8Array): Promise<PolicyAnalysis | undefined> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const hit = await readCache(this.workspace.dir, this.key(sha256));
    return isAnalysis(hit, sha256) ? hit : undefined;
  }

  /** The copy and the cache entries of an import, in any order (see Session.stage); upsert then skips them. */
  async stage(analysis: PolicyAnalysis, source: SourceFile): Promise<void> {
    const ws = this.workspace;
    // An analysis that does not match its bytes is refused by upsert; nothing is stored for it here.
    if (createHash('sha256').update(source.bytes).digest('hex') !== analysis.sha256) return;
    await storePolicyCopy(ws, source.bytes, source.fileName, analysis.sha256);
    await this.putCache(ws, analysis);
    this.staged.add(stagedKey(ws, analysis.sha256, source.fileName));
  }

  async upsert(analysis: PolicyAnalysis, source?: SourceFile): Promise<PolicyAnalysis> {
    if (!source) throw new Error('a workspace session imports files with their bytes');
    return (await this.upsertMany([{ analysis, source }]))[0]!;
  }

  async upsertMany(items: { analysis: PolicyAnalysis; source: SourceFile }[]): Promise<PolicyAnalysis[]> {
    const ws = this.workspace;
    const staged = items.map(({ analysis, source }) => this.staged.delete(stagedKey(ws, analysis.sha256, source.fileName)));
    const outcomes = await importPolicies(
      ws,
      items.map(({ analysis, source }, k) => ({ bytes: source.bytes, fileName: source.fileName, meta: { app: analysis.app, copyStored: staged[k] } })),
    );
    const out: PolicyAnalysis[] = [];
    let added = false;
    for (const [k, { policy, duplicate }] of outcomes.entries()) {
      const { analysis, source } = items[k]!;
      if (policy.sha256 !== analysis.sha256) throw new Error(`analysis of ${source.fileName} does not match its bytes`);
      if (!staged[k]) await this.putCache(ws, analysis);
      this.analyses.set(policy.id, analysis);
      this.entries.set(policy.id, entryOf(analysis));
      added ||= !duplicate;
      out.push({ ...analysis, app: policy.app });
    }
    if (added) this.changed('policies');
    return out;
  }

  async rename(id: string, app: string): Promise<PolicyAnalysis | undefined> {
    if (!this.workspace.policy(id)) return undefined;
    await renamePolicy(this.workspace, id, app);
    this.changed('policies');
    return this.get(id);
  }

  async remove(id: string): Promise<boolean> {
    const removed = await removePolicy(this.workspace, id);
    this.analyses.delete(id);
    this.entries.delete(id);
    if (removed) this.changed('policies');
    return removed;
  }

  /**
   * The matrix as reviewed: values read again with the reviewer's clause relabels (see reviewed()), and the
   * reviewer's overrides on top. What the grid shows and the checks read.
   */
  async matrix(): Promise<Matrix> {
    const entries = await this.listEntries();
    // Only relabelled policies need their clauses (the full analysis); the rest stay on their grid entries.
    const relabelled = new Set(this.workspace.relabels().map((r) => r.policyId));
    const rows = await Promise.all(
      entries.map(async (e) => {
        if (!relabelled.has(e.id)) return e;
        const full = await this.get(e.id);
        return full ? { ...e, attributes: full.attributes } : e;
      }),
    );
    const matrix = compare(rows);
    for (const o of this.workspace.overrides()) {
      const row = matrix.cells[o.policyId];
      const cell = row?.[o.attributeId];
      if (!row || !cell) continue;
      row[o.attributeId] = { ...cell, value: o.value, override: { value: o.value, reason: o.reason, author: o.author, at: o.at, rev: o.rev, engineValue: cell.value } };
    }
    return matrix;
  }

  private key(sha256: string): CacheKey {
    return { sha256, engineVersion: this.opts.versions?.engine ?? ENGINE_VERSION, taxonomyVersion: this.opts.versions?.taxonomy ?? TAXONOMY_VERSION };
  }

  /** Writes both cache files of ANALYSIS (grid entry first: it is what a reopen reads) and drops other versions' files. */
  private async putCache(ws: Workspace, analysis: PolicyAnalysis): Promise<void> {
    const key = this.key(analysis.sha256);
    await writeCache(ws.dir, key, entryOf(analysis), 'grid');
    await writeCache(ws.dir, key, analysis);
    this.cacheListing ??= listCache(ws.dir);
    await dropStaleCache(ws.dir, key, await this.cacheListing);
  }

  /** The grid entry of RECORD: in memory, else cache/*.grid.json, else from the full analysis (cache or engine). */
  private loadEntry(record: PolicyRecord): Promise<AnalysisEntry | undefined> {
    const withApp = (e: AnalysisEntry | undefined) => (e ? { ...e, app: this.ws?.policy(record.id)?.app ?? record.app } : undefined);
    const have = this.entries.get(record.id) ?? this.analyses.get(record.id);
    if (have) return Promise.resolve(withApp(entryOf(have)));
    let p = this.entryLoading.get(record.id);
    if (!p) {
      const ws = this.workspace;
      p = (async () => {
        const hit = await readCache(ws.dir, this.key(record.sha256), 'grid');
        if (isEntry(hit, record.sha256)) {
          if (this.ws === ws) this.entries.set(record.id, hit);
          return hit;
        }
        // No grid entry (a cache written before they existed, or damaged): from the full analysis, and write it.
        const full = await this.load(record);
        if (!full) return undefined;
        const entry = entryOf(full);
        if (this.ws === ws) this.entries.set(record.id, entry);
        await writeCache(ws.dir, this.key(record.sha256), entry, 'grid').catch(() => undefined);
        return entry;
      })().finally(() => this.entryLoading.delete(record.id));
      this.entryLoading.set(record.id, p);
    }
    return p.then(withApp);
  }

  /** The analysis of RECORD: in memory, else the cache, else the engine over the imported copy. */
  private load(record: PolicyRecord): Promise<PolicyAnalysis | undefined> {
    const have = this.analyses.get(record.id);
    if (have) return Promise.resolve({ ...have, app: record.app });
    let p = this.loading.get(record.id);
    if (!p) {
      const ws = this.workspace;
      p = (async () => {
        let analysis: PolicyAnalysis | undefined;
        const hit = await readCache(ws.dir, this.key(record.sha256));
        if (isAnalysis(hit, record.sha256)) analysis = hit;
        else {
          const bytes = await fs.readFile(path.join(ws.dir, 'policies', record.storedAs)).catch(() => undefined);
          if (!bytes) {
            console.warn(`[policybench] ${record.fileName}: the imported copy policies/${record.storedAs} is missing.`);
            return undefined;
          }
          const result = await this.opts.analyzer.analyze({ kind: 'bytes', bytes: new Uint8Array(bytes), fileName: record.fileName });
          if (!result.ok) return undefined;
          analysis = result.analysis;
          await this.putCache(ws, analysis).catch(() => undefined);
        }
        if (this.ws === ws) {
          this.analyses.set(record.id, analysis);
          this.entries.set(record.id, entryOf(analysis));
        }
        return analysis;
      })().finally(() => this.loading.delete(record.id));
      this.loading.set(record.id, p);
    }
    return p.then((a) => (a ? { ...a, app: this.ws?.policy(record.id)?.app ?? record.app } : undefined));
  }
}

/** Two cell values say the same thing (the order of a set and a duration's source wording aside). */
function sameValue(a: AttributeValue, b: AttributeValue): boolean {
  const canon = (v: AttributeValue) =>
    Array.isArray(v) ? JSON.stringify([...(v as (string | number)[])].map(String).sort()) : isDuration(v) ? `${v.number} ${v.unit}` : JSON.stringify(v);
  return canon(a) === canon(b);
}

/**
 * Checks a folder the reviewer typed or picked before anything is written: the browser host takes paths as
 * text, so this is the server-side validation.
 */
async function checkDir(dir: string, purpose: 'open' | 'create'): Promise<string> {
  const expanded = dir.trim().replace(/^~(?=$|[\\/])/, os.homedir());
  if (!path.isAbsolute(expanded)) {
    throw new WorkspaceError('not_a_workspace', `Give the full path of the folder (for example ${path.join(os.homedir(), 'PolicyBench', 'review')}); "${dir}" is relative.`);
  }
  const target = path.resolve(expanded);
  const st = await fs.stat(target).catch(() => undefined);
  if (purpose === 'open') {
    if (!st) throw new WorkspaceError('not_a_workspace', `${target} does not exist. Check the path, or create a new workspace there.`);
    if (!st.isDirectory()) throw new WorkspaceError('not_a_workspace', `${target} is a file, not a folder. Give the workspace folder.`);
    return target;
  }
  if (st && !st.isDirectory()) throw new WorkspaceError('not_a_workspace', `${target} is a file. Give a new or empty folder for the workspace.`);
  if (st) {
    const names = await fs.readdir(target);
    if (names.includes('workspace.json')) throw new WorkspaceError('already_exists', `${target} already holds a workspace; open it instead.`);
    if (names.some((n) => !n.startsWith('.'))) throw new WorkspaceError('not_a_workspace', `${target} is not empty. Choose a new or empty folder so the workspace files do not mix with others.`);
  } else {
    const parent = path.dirname(target);
    if (!(await fs.stat(parent).then((s) => s.isDirectory(), () => false))) {
      throw new WorkspaceError('not_a_workspace', `The folder ${parent} does not exist. Create it first, or choose another place.`);
    }
  }
  return target;
}

/** Identifies a staged import: the workspace, the content and the file name (the copy's extension comes from it). */
function stagedKey(ws: Workspace, sha256: string, fileName: string): string {
  return `${ws.dir}\0${sha256}\0${fileName}`;
}
