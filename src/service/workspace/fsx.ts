// Durable file primitives: atomic replace and fsynced append. Everything the workspace writes goes through here.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** fsync a directory so a rename or a new file in it survives power loss. */
export async function fsyncDir(dir: string): Promise<void> {
  let fd;
  try {
    fd = await fs.open(dir, 'r');
  } catch (err) {
    // Windows cannot open a folder as a file; NTFS journals the rename itself.
    if (process.platform === 'win32') return;
    throw err;
  }
  try {
    await fd.sync();
  } catch (err) {
    // Some file systems (network shares, some FUSE mounts) refuse fsync on a folder; the file itself is synced.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR' && code !== 'EPERM') throw err;
  } finally {
    await fd.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** rename, retried briefly where Windows refuses it because a virus scanner or indexer has the file open. */
async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.rename(from, to);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 20 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw err;
      await sleep(10 + attempt * 10);
    }
  }
}

/** link() is how we create a file only if it does not exist, with its content complete; FAT and some shares lack it. */
export function linkUnsupported(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EXDEV';
}

export function tempName(target: string): string {
  // The pid in the name lets a later open tell a leftover from a dead writer from one being written now.
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Replaces TARGET with DATA so that a reader (or a crash) sees the old file or the new one, never a mix:
 * write a temporary file in the same folder, fsync it, rename it over the target, fsync the folder.
 * `durable: false` skips both fsyncs, for files that can be recomputed (the analysis cache): a reader still never
 * sees a half-written file, but after a power loss the file may be missing or empty, which its reader must treat
 * as absent.
 */
export async function atomicWrite(target: string, data: string | Uint8Array, opts: { durable?: boolean } = {}): Promise<void> {
  const durable = opts.durable ?? true;
  const tmp = tempName(target);
  const fd = await fs.open(tmp, 'wx', 0o644);
  try {
    await fd.writeFile(data);
    if (durable) await fd.sync();
  } catch (err) {
    await fd.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fd.close();
  try {
    await renameRetrying(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  if (durable) await fsyncDir(path.dirname(target));
}

/**
 * atomicWrite that makes TARGET's folder when it is missing (a first write, or a folder deleted meanwhile): the
 * folder is made after an open fails with ENOENT, not checked before every write.
 */
export async function atomicWriteMakingDir(target: string, data: string | Uint8Array, opts: { durable?: boolean } = {}): Promise<void> {
  try {
    return await atomicWrite(target, data, opts);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  await atomicWrite(target, data, opts);
}

/** Appends DATA and returns only once it is on disk. O_APPEND keeps concurrent appenders from overwriting. */
export async function durableAppend(file: string, data: string): Promise<void> {
  const fd = await fs.open(file, 'a', 0o644);
  let created: boolean;
  try {
    created = (await fd.stat()).size === 0;
    await fd.appendFile(data);
    await fd.sync();
  } finally {
    await fd.close();
  }
  // A file that did not exist before needs its folder entry on disk too.
  if (created) await fsyncDir(path.dirname(file));
}

export async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** A name for keeping a damaged file aside that is not taken yet: FILE.corrupt-<timestamp>[-n]. */
export async function asideName(file: string, label: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const candidate = `${file}.${label}-${stamp}${n ? `-${n}` : ''}`;
    if (!(await exists(candidate))) return candidate;
  }
}

/** Renames FILE aside (never overwriting anything) and returns the new path. */
export async function keepAside(file: string, label: string): Promise<string> {
  const target = await asideName(file, label);
  // link + unlink instead of rename: link refuses to replace an existing file.
  try {
    await fs.link(file, target);
    await fs.unlink(file);
  } catch (err) {
    if (!linkUnsupported(err)) throw err;
    // asideName checked the name is free, and we hold the write lock.
    await renameRetrying(file, target);
  }
  await fsyncDir(path.dirname(file));
  return target;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
