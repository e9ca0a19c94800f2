// The lock on a database file that every tracesift process on this machine sees (docs/STORAGE.md,
// "Several processes"): a lock file beside the database, created exclusively, holding who took
// it. The engine's locking VFS (engine/store/locking_vfs.hpp) takes it for each transaction
// through Module.tsHostLock; SQLite's busy handler waits for it. Node only.
//
// Design note: SQLite's own POSIX locks do nothing on emscripten's NODEFS, and node has no flock.
// An exclusively created file is atomic on a local file system, and the pid in it lets a lock
// left by a killed process be taken over instead of blocking forever.
import { closeSync, openSync, readFileSync, realpathSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import type { HostLockHooks } from '../../wasm/tracesift_engine.mjs';

/** Who holds a lock: what the lock file says. */
export interface LockOwner {
  /** Process id. */
  pid: number;
  /** Host name (a pid means nothing on another machine). */
  host: string;
  /** Unique per engine: tells two engines of one process apart. */
  token: string;
  /** What the holder is doing, for a person ("tracesift import traces.jsonl"). */
  command: string;
  /** When it took the lock (RFC 3339). */
  since: string;
}

/** How long a lock file with no readable owner may be "being written" before it counts as left over. */
const UNREADABLE_GRACE_MS = 5000;
/** How long a takeover may take before another process may remove its marker. */
const TAKEOVER_GRACE_MS = 10_000;

/** The lock file of the database at `dbPath` (a host path). */
export function lockFileOf(dbPath: string): string {
  let real = dbPath;
  try {
    real = realpathSync(dbPath); // one lock file per database, whatever path names it
  } catch {
    // not created yet: the path as given
  }
  return `${real}-lock`;
}

/** A new random token. */
export function newLockToken(): string {
  return `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The owner a lock file names: undefined when there is no file, null when it cannot be read. */
function readOwner(lockPath: string): LockOwner | null | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.token === 'string' ? owner : null;
  } catch {
    return null;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** True when process `pid` of this machine still runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates `path` exclusively with `text`; false when it exists. */
function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function removeIfExists(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Describes an owner for a person. */
export function describeOwner(owner: LockOwner): string {
  const where = owner.host === hostname() ? '' : ` on ${owner.host}`;
  return `pid ${owner.pid}${where}, '${owner.command}', since ${owner.since}`;
}

/**
 * The host locks of one engine's process or thread: what Module.tsHostLock calls. Paths arrive
 * as the module sees them; `toHostPath` turns them into the host's.
 */
export class FileLocks implements HostLockHooks {
  lastError = '';
  private readonly owner: Omit<LockOwner, 'since'>;
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly toHostPath: (modulePath: string) => string,
    command: string,
    readonly token: string = newLockToken(),
  ) {
    this.owner = { pid: process.pid, host: hostname(), token, command };
  }

  tryLock(path: string): boolean {
    const lockPath = lockFileOf(this.toHostPath(path));
    for (let attempt = 0; attempt < 3; attempt++) {
      if (createExclusive(lockPath, JSON.stringify({ ...this.owner, since: new Date().toISOString() }))) return true;
      const owner = readOwner(lockPath);
      if (owner?.token === this.token) return true; // ours already (a lock this engine did not let go of)
      if (!this.takeOverIfLeft(lockPath, owner)) return false;
    }
    return false;
  }

  unlock(path: string): void {
    const lockPath = lockFileOf(this.toHostPath(path));
    // Only our own lock: one taken over from us (we were thought gone) is not ours to remove.
    if (readOwner(lockPath)?.token === this.token) removeIfExists(lockPath);
  }

  holder(path: string): string {
    const owner = readOwner(lockFileOf(this.toHostPath(path)));
    return owner ? describeOwner(owner) : '';
  }

  sleep(ms: number): void {
    Atomics.wait(this.sleeper, 0, 0, ms);
  }

  /**
   * Removes the lock at `lockPath` when its holder is gone (a process of this machine that no
   * longer runs, or a file nobody finished writing); true when the caller may try again.
   * Design note: two processes may find the same lock left over; a takeover marker, itself created
   * exclusively, lets one of them look again and remove it, so a fresh lock is never removed.
   */
  private takeOverIfLeft(lockPath: string, seen: LockOwner | null | undefined): boolean {
    if (seen === undefined) return true; // let go of meanwhile
    if (!this.leftOver(lockPath, seen)) return false;
    const marker = `${lockPath}.takeover`;
    if (!createExclusive(marker, String(process.pid))) {
      if (ageMs(marker) > TAKEOVER_GRACE_MS) removeIfExists(marker); // its taker died midway
      return false;
    }
    try {
      const now = readOwner(lockPath);
      if (now === undefined) return true;
      if (!this.leftOver(lockPath, now)) return false;
      removeIfExists(lockPath);
      return true;
    } finally {
      removeIfExists(marker);
    }
  }

  private leftOver(lockPath: string, owner: LockOwner | null): boolean {
    if (owner === null) return ageMs(lockPath) > UNREADABLE_GRACE_MS;
    // Another machine's pid cannot be checked; an engine of this process is alive unless its
    // thread ended, and the thread's owner removes its locks then (releaseLocksOf).
    if (owner.host !== hostname() || owner.pid === process.pid) return false;
    return !alive(owner.pid);
  }
}

/**
 * Removes the lock on the database at `dbPath` if the engine with `token` holds it: for the
 * thread that ran that engine when it ended without letting go (a terminated worker).
 */
export function releaseLockOf(dbPath: string, token: string): void {
  const lockPath = lockFileOf(dbPath);
  if (readOwner(lockPath)?.token === token) removeIfExists(lockPath);
}
