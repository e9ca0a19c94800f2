// Under node the wasm module sees the host's files below /host (load_node.ts), so what it says
// about a file (SQLite's "opening database '/host/home/me/traces.db'") names that mount. These map
// such paths back to the host's own before anyone sees them: the CLI's errors and the node
// worker's answers.
import { TraceSiftError } from './errors.js';
import { HOST_MOUNT } from './load_node.js';
import { mapStrings } from './map_strings.js';

/** A mounted path's prefix: HOST_MOUNT followed by '/', not inside a longer path or word. */
const MOUNTED = new RegExp(`(?<![\\w./-])${HOST_MOUNT}(?=/)`, 'g');

/** `text` with every module path of a host file (`/host/a/b`) written as the host path (`/a/b`). */
export function hostPathsIn(text: string): string {
  return text.includes(HOST_MOUNT) ? text.replace(MOUNTED, '') : text;
}

/** A copy of a JSON-like value with hostPathsIn applied to every string in it. */
export function withHostPaths<T>(value: T): T {
  return mapStrings(value, hostPathsIn);
}

/** The error with host paths in its message and details. */
export function errorWithHostPaths(error: TraceSiftError): TraceSiftError {
  return new TraceSiftError(error.code, hostPathsIn(error.message), withHostPaths(error.details));
}
