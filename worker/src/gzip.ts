// Gzip-compressed trace files, shared by the client (DecompressionStream) and the CLI (node:zlib):
// how one is recognised, how much of it is handed to the decompressor at a time, and the one
// error a corrupt or truncated one gives.
import { TraceSiftError } from './errors.js';

/** Compressed bytes handed to the decompressor at a time (what a failure's position is known to). */
export const GZIP_PIECE_BYTES = 64 << 10;

/** Whether `head` (a file's first bytes) starts with the gzip magic bytes 1f 8b. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** A byte count as the messages print it: 1,234,567. */
const counted = (n: number) => n.toLocaleString('en-US');

/**
 * The decompressor's reason in the words the error uses: "unexpected end of file" for a file cut
 * short (zlib's words; browsers say "truncated"), else its own words without the browser's preamble
 * ("The compressed data was not valid: incorrect header check." -> "incorrect header check").
 */
export function gzipReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/unexpected end|truncated/i.test(message)) return 'unexpected end of file';
  if (/junk/i.test(message)) return 'data that is not gzip after the end of the compressed data';
  const reason = message
    .replace(/^.*compressed data (?:was|is) not valid:?\s*/i, '')
    .replace(/\.$/, '')
    .trim();
  return reason === '' ? 'the compressed data is not valid' : reason;
}

/**
 * The one error of a gzip file that does not decompress: code "parse_error", naming the file and
 * where it failed: at compressed byte `from` when that is exact (`to` equal to it, a file cut
 * short), else in the compressed bytes `from` to `to` (the piece the decompressor was given when it
 * failed). Details: `file`, `detected: "gzip"`, `offset` (`from`), and `extra` (what the import
 * committed before).
 */
export function gzipError(
  file: string,
  reason: string,
  from: number,
  to: number,
  extra: Record<string, unknown> = {},
): TraceSiftError {
  const where =
    to > from ? `in compressed bytes ${counted(from)} to ${counted(to)}` : `at compressed byte ${counted(from)}`;
  return new TraceSiftError('parse_error', `'${file}' is not a valid gzip file: ${reason} ${where}`, {
    ...extra,
    file,
    detected: 'gzip',
    offset: from,
  });
}
