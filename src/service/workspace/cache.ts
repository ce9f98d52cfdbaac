// cache/: analyses keyed by (content hash, engine version, taxonomy version). Disposable: a missing or
// damaged entry is a miss, and the next put replaces it.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { atomicWrite } from './fsx';

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

function cacheFile(dir: string, key: CacheKey): string {
  if (!/^[0-9a-f]{64}$/.test(key.sha256)) throw new Error(`cache key: not a sha256: ${key.sha256.slice(0, 80)}`);
  // Versions can hold any characters; hash them into the name and keep the key inside for checking.
  const v = createHash('sha256').update(`${key.engineVersion}\u0000${key.taxonomyVersion}`).digest('hex').slice(0, 16);
  return path.join(dir, CACHE_DIR, `${key.sha256}.${v}.json`);
}

export async function readCache(dir: string, key: CacheKey): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await fs.readFile(cacheFile(dir, key), 'utf8');
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

export async function writeCache(dir: string, key: CacheKey, value: unknown): Promise<void> {
  const file = cacheFile(dir, key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await atomicWrite(file, JSON.stringify({ key, value }));
}
