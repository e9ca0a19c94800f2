// Opens the database a command names with --db, and closes it when the command is done. Several
// processes may use one database file (docs/STORAGE.md): a command waits for another process's
// lock up to --lock-timeout seconds (default 10; --wait: as long as it takes), then fails with
// code "locked" saying who holds it.
import { EngineApi } from '../worker/src/engine_api.js';
import { TraceSiftError } from '../worker/src/errors.js';
import { hostPath, loadNodeModule } from '../worker/src/load_node.js';
import { UsageError } from './usage.js';

/** How long a command waits for another process's lock by default, in seconds. */
export const DEFAULT_LOCK_TIMEOUT_S = 10;
/** "As long as it takes" (SQLite's busy timeout is a 32-bit count of milliseconds). */
const FOREVER_MS = 2_000_000_000;

/** The lock settings of this run and what other processes are told this one is doing. */
const run = { lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_S * 1000, command: 'tracesift' };

/** The help lines of the options every command that opens --db takes. */
export const LOCK_HELP = `--wait waits for another process that holds the database as long as it takes; --lock-timeout
SECONDS waits that long (default ${DEFAULT_LOCK_TIMEOUT_S}), then fails with code "locked" naming the holder.`;

/**
 * Takes --wait and --lock-timeout SECONDS (or --lock-timeout=SECONDS) out of the command line,
 * wherever they are, and remembers them (and the command, which other processes are shown).
 */
export function takeLockOptions(argv: string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--wait') {
      run.lockTimeoutMs = FOREVER_MS;
    } else if (arg === '--lock-timeout' || arg.startsWith('--lock-timeout=')) {
      const text = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const seconds = text === undefined || text.trim() === '' ? NaN : Number(text);
      if (!Number.isFinite(seconds) || seconds < 0) {
        throw new UsageError(`--lock-timeout takes a number of seconds >= 0, got '${text ?? ''}'`, {
          field: '--lock-timeout',
        });
      }
      run.lockTimeoutMs = Math.min(Math.round(seconds * 1000), FOREVER_MS);
    } else {
      rest.push(arg);
    }
  }
  run.command = ['tracesift', ...rest].join(' ').slice(0, 200);
  return rest;
}

/** Runs `body` on the database at `db` (created if missing), closing it afterwards. */
export async function withDb<T>(
  db: string | undefined,
  command: string,
  body: (api: EngineApi) => Promise<T>,
): Promise<T> {
  if (!db) throw new UsageError(`${command} needs --db PATH`, { field: '--db' });
  const module = await loadNodeModule({ command: run.command });
  let api: EngineApi;
  try {
    api = new EngineApi(module, hostPath(db), { vfs: module.installHostLock(), lock_timeout_ms: run.lockTimeoutMs });
  } catch (e) {
    throw withLockHint(e);
  }
  try {
    return await body(api);
  } catch (e) {
    throw withLockHint(e);
  } finally {
    api.close();
  }
}

/** A "locked" error says how long this command waited and how to wait longer. */
function withLockHint(e: unknown): unknown {
  if (!(e instanceof TraceSiftError) || e.code !== 'locked' || run.lockTimeoutMs >= FOREVER_MS) return e;
  const waited = run.lockTimeoutMs / 1000;
  return new TraceSiftError(
    'locked',
    `${e.message}; waited ${waited} s (--wait waits until it is free, --lock-timeout SECONDS sets how long)`,
    e.details,
  );
}
