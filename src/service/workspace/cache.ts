// cache/: analyses keyed by (content hash, engine version, taxonomy version). Disposable: a missing or
// damaged entry is a miss, and the next put replaces it.
//
// Each key has two files: `<sha256>.<versions>.json`, the full analysis (text and clauses: ~100 KB), and
// `<sha256>.<versions>.grid.json`, its compact grid entry (app, summary, attributes with evidence: a few KB), so
// reopening a large review reads only the grid entries; the full analyses load when a policy is opened or searched.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { atomicWriteMakingDir } from './fsx';

export const CACHE_DIR = 'cache';

export interface CacheKey {
  sha256: string;
  engineVersion: string;
  taxonomyVersion: string;
}

const entrySchema = z.object({
  key: z.object({ sha256: z.string(), engineVersion: z.string(), taxonomyVersion: z.string() }),
  value: z.unknown(),
});

/** Which file of a key: the full analysis, or its compact grid entry. */
export type CachePart = 'analysis' | 'grid';

function versionTag(key: CacheKey): string {
  // Versions can hold any characters; hash them into the name and keep the key inside for checking.
  return createHash('sha256').update(`${key.engineVersion}\u0000${key.taxonomyVersion}`).digest('hex').slice(0, 16);
}

function cacheFile(dir: string, key: CacheKey, part: CachePart = 'analysis'): string {
  if (!/^[0-9a-f]{64}$/.test(key.sha256)) throw new Error(`cache key: not a sha256: ${key.sha256.slice(0, 80)}`);
  return path.join(dir, CACHE_DIR, `${key.sha256}.${versionTag(key)}${part === 'grid' ? '.grid' : ''}.json`);
}

export async function readCache(dir: string, key: CacheKey, part: CachePart = 'analysis'): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await fs.readFile(cacheFile(dir, key, part), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = entrySchema.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    const k = parsed.data.key;
    if (k.sha256 !== key.sha256 || k.engineVersion !== key.engineVersion || k.taxonomyVersion !== key.taxonomyVersion) return undefined;
    return parsed.data.value;
  } catch {
    return undefined;
  }
}

export async function writeCache(dir: string, key: CacheKey, value: unknown, part: CachePart = 'analysis'): Promise<void> {
  const file = cacheFile(dir, key, part);
  const data = JSON.stringify({ key, value });
  // Not fsynced: the cache is safe to delete, and a file a power loss left empty or torn fails readCache's checks
  // and is recomputed. Two fsyncs less per file (four per imported policy) matter on a 1,000-policy import.
  await atomicWriteMakingDir(file, data, { durable: false });
}

/**
 * Removes the entries of KEY's content hash made by other engine or taxonomy versions (they can never be read
 * again by this version; an older app on the same folder recomputes, as after deleting cache/). NAMES is a listing
 * of cache/ (listCache), so a batch of recomputes lists the folder once.
 */
export async function dropStaleCache(dir: string, key: CacheKey, names: readonly string[]): Promise<number> {
  const keep = versionTag(key);
  const stale = names.filter((n) => n.startsWith(`${key.sha256}.`) && n.split('.')[1] !== keep);
  await Promise.all(stale.map((n) => fs.rm(path.join(dir, CACHE_DIR, n), { force: true }).catch(() => undefined)));
  return stale.length;
}

/** The file names in cache/ (empty when it is missing). */
export async function listCache(dir: string): Promise<string[]> {
  return fs.readdir(path.join(dir, CACHE_DIR)).catch(() => []);
}
