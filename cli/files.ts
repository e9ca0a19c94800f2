// Errors of the operating system as the CLI reports them: code "io_error" (or "not_found" for a
// file to read that is missing), the user's path and the system's reason.
import { TraceSiftError } from '../worker/src/errors.js';

/** The system's words for an error: "no space left on device" from "ENOSPC: no space left on device, write". */
export function osReason(e: unknown): string {
  const error = e as NodeJS.ErrnoException;
  const message = typeof error?.message === 'string' ? error.message : String(e);
  const m = /^([A-Z][A-Z0-9_]*): ([^,]+)/.exec(message);
  return m ? m[2]! : message;
}

/** The system's code of an error (`ENOSPC`), if it has one. */
export function osCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A TraceSiftError for a failed file operation: `io_error` with `file` (the path as the user gave
 * it) and `os_code`, or `not_found` for a file to read that does not exist. The message says
 * "cannot <action> '<file>': <the system's reason> (<code>)".
 */
export function fileError(e: unknown, action: 'read' | 'write' | 'replace', file: string): TraceSiftError {
  if (e instanceof TraceSiftError) return e;
  const code = osCode(e);
  const message = `cannot ${action} '${file}': ${osReason(e)}${code ? ` (${code})` : ''}`;
  const details = { file, ...(code ? { os_code: code } : {}) };
  return new TraceSiftError(code === 'ENOENT' && action === 'read' ? 'not_found' : 'io_error', message, details);
}
