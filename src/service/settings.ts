// settings.json beside the workspaces: the reviewer's name for the journal and the recent workspaces list.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { RecentWorkspace, Settings } from '../shared/types';
import { atomicWrite } from './workspace/fsx';

const MAX_RECENT = 10;

const settingsSchema = z.object({
  author: z.string().trim().min(1).max(100).optional(),
  recent: z.array(z.object({ dir: z.string(), name: z.string(), openedAt: z.string() })).optional(),
});

export function osUserName(): string {
  try {
    return os.userInfo().username || 'reviewer';
  } catch {
    return 'reviewer';
  }
}

export class SettingsStore {
  private cache: Settings | undefined;
  /** Writes one at a time, so two quick changes cannot interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  async get(): Promise<Settings> {
    if (this.cache) return structuredClone(this.cache);
    let raw: unknown;
    try {
      raw = JSON.parse(await fs.readFile(this.file, 'utf8'));
    } catch {
      raw = {};
    }
    // A damaged settings file only costs the recent list and the name; it is never worth refusing to start.
    const parsed = settingsSchema.safeParse(raw);
    const data = parsed.success ? parsed.data : {};
    this.cache = { author: data.author ?? osUserName(), recent: data.recent ?? [] };
    return structuredClone(this.cache);
  }

  update(change: (s: Settings) => void): Promise<Settings> {
    const run = async () => {
      const s = await this.get();
      change(s);
      s.recent = s.recent.slice(0, MAX_RECENT);
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await atomicWrite(this.file, JSON.stringify(s, null, 1));
      this.cache = s;
      return structuredClone(s);
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  setAuthor(author: string): Promise<Settings> {
    return this.update((s) => {
      s.author = author.trim();
    });
  }

  addRecent(entry: Omit<RecentWorkspace, 'openedAt'>): Promise<Settings> {
    return this.update((s) => {
      s.recent = [{ ...entry, openedAt: new Date().toISOString() }, ...s.recent.filter((r) => path.resolve(r.dir) !== path.resolve(entry.dir))];
    });
  }
}
