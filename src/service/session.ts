// The loaded analyses, in import order. Behind an interface so a workspace on disk can replace the memory one.
import type { PolicyAnalysis } from '../shared/types';

/** The file an analysis was made from, for sessions that keep a copy (a workspace). */
export interface SourceFile {
  bytes: Uint8Array;
  fileName: string;
}

export interface Session {
  list(): Promise<PolicyAnalysis[]>;
  get(id: string): Promise<PolicyAnalysis | undefined>;
  /** Adds ANALYSIS at the end, or replaces the policy with the same id (same content) in place. */
  upsert(analysis: PolicyAnalysis, source?: SourceFile): Promise<PolicyAnalysis>;
  /** An analysis of these bytes the session already has (a workspace's cache), so the engine can be skipped. */
  lookup?(bytes: Uint8Array): Promise<PolicyAnalysis | undefined>;
  /**
   * The part of an upsert that needs no order (a workspace's file copy and cache entries), done as soon as the
   * analysis is back while earlier files still commit; upsert then only records the policy, in order.
   */
  stage?(analysis: PolicyAnalysis, source: SourceFile): Promise<void>;
  /** upsert for several imports at once, in order (a workspace journals them in one write). */
  upsertMany?(items: { analysis: PolicyAnalysis; source: SourceFile }[]): Promise<PolicyAnalysis[]>;
  rename(id: string, app: string): Promise<PolicyAnalysis | undefined>;
  remove(id: string): Promise<boolean>;
}

export class MemorySession implements Session {
  private readonly byId = new Map<string, PolicyAnalysis>();
  /** Names the reviewer gave: they survive re-importing the same file. */
  private readonly names = new Map<string, string>();

  async list(): Promise<PolicyAnalysis[]> {
    return [...this.byId.values()];
  }

  async get(id: string): Promise<PolicyAnalysis | undefined> {
    return this.byId.get(id);
  }

  async upsert(analysis: PolicyAnalysis): Promise<PolicyAnalysis> {
    const name = this.names.get(analysis.id);
    const stored = name === undefined ? analysis : { ...analysis, app: name };
    this.byId.set(analysis.id, stored); // Map.set on an existing key keeps its position.
    return stored;
  }

  async rename(id: string, app: string): Promise<PolicyAnalysis | undefined> {
    const a = this.byId.get(id);
    if (!a) return undefined;
    const renamed = { ...a, app };
    this.byId.set(id, renamed);
    this.names.set(id, app);
    return renamed;
  }

  async remove(id: string): Promise<boolean> {
    this.names.delete(id);
    return this.byId.delete(id);
  }
}
