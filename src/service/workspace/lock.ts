// workspace.lock: a short-lived write lock. Held only while one change is checked and appended, so two
// windows or hosts can both work on a workspace; the revision check (index.ts) handles stale views.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkspaceError } from './errors';
import { isAlive, linkUnsupported, tempName } from './fsx';
import { lockFileSchema, type LockFile } from './types';

export const LOCK_FILE = 'workspace.lock';

export interface LockOptions {
  /** Give up waiting for another writer after this long. */
  timeoutMs?: number;
  /** A lock older than this is stale whoever holds it (a host we cannot ask about its pids). */
  staleMs?: number;
}

export interface HeldLock {
  readonly token: string;
  /** A stale lock of a dead writer was taken over on the way (for a notice). */
  readonly tookOver?: LockFile;
  /** Throws if someone took the lock from us (we were judged stale). */
  assertHeld(): Promise<void>;
  release(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readLock(file: string): Promise<{ lock?: LockFile; mtimeMs: number } | undefined> {
  try {
    const [text, st] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    let lock: LockFile | undefined;
    try {
      const parsed = lockFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) lock = parsed.data;
    } catch {
      // damaged lock: judged by age below
    }
    return { lock, mtimeMs: st.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function isStale(found: { lock?: LockFile; mtimeMs: number }, staleMs: number): boolean {
  const age = Date.now() - (found.lock ? Date.parse(found.lock.time) : found.mtimeMs);
  if (!found.lock) return age > Math.min(staleMs, 5000);
  if (found.lock.hostname === os.hostname() && !isAlive(found.lock.pid)) return true;
  return age > staleMs;
}

export function describeLock(lock: LockFile | undefined): string {
  if (!lock) return 'another PolicyBench';
  return `PolicyBench (process ${lock.pid} on ${lock.hostname}, since ${lock.time})`;
}

export async function acquireLock(dir: string, opts: LockOptions = {}): Promise<HeldLock> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const staleMs = opts.staleMs ?? 30_000;
  const file = path.join(dir, LOCK_FILE);
  const token = `${process.pid}-${randomBytes(8).toString('hex')}`;
  const started = Date.now();
  let tookOver: LockFile | undefined;
  let lastSeen: LockFile | undefined;
  let delay = 1;
  for (;;) {
    const mine: LockFile = { pid: process.pid, hostname: os.hostname(), time: new Date().toISOString(), token };
    // Write the whole content first, then link it into place: link fails if the lock exists, and a reader
    // never sees a half-written lock file.
    if (await tryCreate(file, JSON.stringify(mine))) return makeHeld(file, token, tookOver);
    const found = await readLock(file);
    if (!found) continue; // released between our link and our read
    lastSeen = found.lock;
    if (isStale(found, staleMs)) {
      // Move it aside under a name only we use, then check we moved the stale lock and not a fresh one
      // that another taker created in between; if it was fresh, put it back.
      const moved = `${file}.stale-${token}`;
      try {
        await fs.rename(file, moved);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const movedLock = await readLock(moved);
      if (movedLock?.lock?.token === found.lock?.token) {
        tookOver = found.lock;
        await fs.unlink(moved).catch(() => undefined);
      } else {
        // Put the live lock back without overwriting one that appeared meanwhile.
        await fs.link(moved, file).catch(() => undefined);
        await fs.unlink(moved).catch(() => undefined);
      }
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new WorkspaceError(
        'locked',
        `The workspace is busy: ${describeLock(lastSeen)} has been saving to it for more than ${Math.round(timeoutMs / 1000)} s. Try again in a moment.`,
        { lock: lastSeen },
      );
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
}

/** Creates FILE with CONTENT unless it exists. */
async function tryCreate(file: string, content: string): Promise<boolean> {
  const tmp = tempName(file);
  await fs.writeFile(tmp, content);
  try {
    await fs.link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    if (!linkUnsupported(err)) throw err;
  } finally {
    await fs.unlink(tmp).catch(() => undefined);
  }
  // No hard links here (FAT, some shares): O_EXCL create. A reader may briefly see it empty; isStale treats
  // an unreadable lock as fresh for a few seconds.
  try {
    const fd = await fs.open(file, 'wx');
    try {
      await fd.writeFile(content);
    } finally {
      await fd.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function makeHeld(file: string, token: string, tookOver: LockFile | undefined): HeldLock {
  return {
    token,
    tookOver,
    async assertHeld() {
      const found = await readLock(file);
      if (found?.lock?.token !== token) {
        throw new WorkspaceError(
          'conflict',
          'Another PolicyBench took over this workspace while a change was being saved; the change was not saved. Try again.',
        );
      }
    },
    async release() {
      const found = await readLock(file);
      if (found?.lock?.token === token) await fs.unlink(file).catch(() => undefined);
    },
  };
}
