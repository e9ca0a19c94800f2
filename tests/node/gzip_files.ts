// Gzip files for the tests of compressed imports, made at test time: a real fixture compressed,
// members joined as `cat a.gz b.gz` makes them, a file cut short, a file with a broken checksum.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './helpers.js';

/** A real Langfuse export (one JSON document, 334 KB: several pieces of the decompressor). */
export const REAL_DOCUMENT = join(ROOT, 'tests/fixtures/real/langfuse-framework-traces/beeai-2025-08-01.trace.json');
/** Real OpenInference spans of the Vercel AI SDK (one JSON document). */
export const REAL_SPANS = join(ROOT, 'tests/fixtures/real/openinference-vercel-v6-spans/all-spans.json');

/** `text` (JSONL) as two gzip members joined, split at the line boundary nearest its middle. */
export function twoMembers(text: Buffer): Uint8Array<ArrayBuffer> {
  const cut = text.indexOf(0x0a, text.length >> 1) + 1;
  return new Uint8Array(Buffer.concat([gzipSync(text.subarray(0, cut)), gzipSync(text.subarray(cut))]));
}

/** The first `keep` bytes of `gz`: a download that stopped early. */
export function cutShort(gz: Uint8Array, keep: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(gz.subarray(0, keep));
}

/** `gz` whose trailer's CRC-32 no longer matches what it holds (every byte of it flipped). */
export function badChecksum(gz: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(gz);
  for (let i = out.length - 8; i < out.length - 4; i++) out[i] = out[i]! ^ 0xff;
  return out;
}

/** `gz` with a compression method that is not deflate (its third byte), so nothing of it decompresses. */
export function unknownMethod(gz: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(gz);
  out[2] = 7;
  return out;
}
