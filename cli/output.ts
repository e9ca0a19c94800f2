// Results on stdout: JSON (one object a line) and raw JSONL bytes, waiting when the pipe is full.
// A reader that goes away early (`tracesift spans | head -1`) ends the command quietly.
import { fileError } from './files.js';

/**
 * Thrown by `write` once stdout has failed: closed by its reader (EPIPE), the process then ends
 * with exit code 0 and nothing on stderr; any other failure was reported already (exit code 1).
 * Either way the command stops and closes the database on its way out.
 */
export class StdoutClosed extends Error {
  constructor() {
    super('stdout was closed by its reader');
    this.name = 'StdoutClosed';
  }
}

let stdoutFailed = false;
/** Wakes a write waiting for 'drain' when stdout fails instead. */
const onFailure = new Set<() => void>();

// Design note: without a listener an EPIPE is an uncaught 'error' event, and the wasm module's
// handler rethrows it: exit code 7 and the module's minified source on stderr. A reader that left
// is no error; any other failure (a full disk under `> file`) is reported once, with exit code 1.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (stdoutFailed) return;
  stdoutFailed = true;
  if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') {
    const error = fileError(e, 'write', 'stdout');
    process.exitCode = 1;
    process.stderr.write(
      JSON.stringify({ error: { code: error.code, message: error.message, ...error.details } }) + '\n',
    );
  }
  for (const wake of onFailure) wake();
});

/** Writes text or bytes to stdout, waiting for the pipe to drain when it is full. */
export async function write(text: string | Uint8Array): Promise<void> {
  if (stdoutFailed) throw new StdoutClosed();
  if (process.stdout.write(text)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      onFailure.delete(done);
      process.stdout.off('drain', done);
      resolve();
    };
    onFailure.add(done);
    process.stdout.once('drain', done);
  });
  if (stdoutFailed) throw new StdoutClosed();
}

/** Writes one JSON value on one line. */
export function writeJson(value: unknown): Promise<void> {
  return write(JSON.stringify(value) + '\n');
}

/** Writes JSONL: one line per record. */
export async function writeJsonl(records: readonly unknown[]): Promise<void> {
  if (records.length === 0) return;
  await write(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** The number of lines (records) in JSONL bytes. */
export function lineCount(bytes: Uint8Array): number {
  let lines = 0;
  for (const b of bytes) if (b === 10) lines++;
  return lines;
}
