// A gzip Blob decompressed as it is read, with the web's DecompressionStream (browsers, and node,
// where it runs on node:zlib): compressed pieces of GZIP_PIECE_BYTES go in, decompressed chunks of
// about a chunk's size come out with how much of the file has been read, and a file that does not
// decompress fails with the one gzip error (worker/src/gzip.ts).
import { TraceSiftError } from '../../worker/src/errors.js';
import { GZIP_PIECE_BYTES, gzipError, gzipReason } from '../../worker/src/gzip.js';

/** Decompressed bytes of a gzip file and how many compressed bytes had been read for them. */
export interface GunzipChunk {
  /** Own buffer (it can be transferred). */
  bytes: Uint8Array;
  /** Compressed bytes read so far: the file's size with the last chunk. */
  read: number;
}

/** Compressed bytes of the file from `offset`; `boundary` when a gzip member may start there. */
interface Piece {
  bytes: Uint8Array<ArrayBuffer>;
  offset: number;
  boundary: boolean;
}

/** One gzip member's decompressor. */
interface Member {
  writer: WritableStreamDefaultWriter<BufferSource>;
  reader: ReadableStreamDefaultReader<Uint8Array>;
  /** The number of the read waiting on it, 0 when none. */
  reading: number;
  /** Once it failed: the member after it (it ended where that one starts), or the error to throw. */
  after: Promise<Member>;
  next: (m: Member) => void;
  fail: (e: unknown) => void;
}

function member(): Member {
  const stream = new DecompressionStream('gzip');
  let next: (m: Member) => void = () => undefined;
  let fail: (e: unknown) => void = () => undefined;
  const after = new Promise<Member>((resolve, reject) => ((next = resolve), (fail = reject)));
  after.catch(() => undefined); // read only when the member failed
  return { writer: stream.writable.getWriter(), reader: stream.readable.getReader(), reading: 0, after, next, fail };
}

/** Whether a gzip member may start at `i`: 1f 8b, method 8 (deflate), no reserved flag. */
function memberStart(b: Uint8Array, i: number): boolean {
  return i + 3 < b.length && b[i] === 0x1f && b[i + 1] === 0x8b && b[i + 2] === 8 && (b[i + 3]! & 0xe0) === 0;
}

/** The compressed file in pieces of GZIP_PIECE_BYTES at most, also cut where a member may start. */
async function* pieces(blob: Blob): AsyncGenerator<Piece> {
  for (let pos = 0; pos < blob.size;) {
    // 3 bytes more than the piece, to tell a member start in its last bytes.
    const b = new Uint8Array(await blob.slice(pos, pos + GZIP_PIECE_BYTES + 3).arrayBuffer());
    const owned = Math.min(GZIP_PIECE_BYTES, b.length);
    let start = 0;
    for (let i = b.indexOf(0x1f, 1); i > 0 && i < owned; i = b.indexOf(0x1f, i + 1)) {
      if (!memberStart(b, i)) continue;
      yield { bytes: b.subarray(start, i), offset: pos + start, boundary: pos + start > 0 && memberStart(b, start) };
      start = i;
    }
    yield { bytes: b.subarray(start, owned), offset: pos + start, boundary: pos + start > 0 && memberStart(b, start) };
    pos += owned;
  }
}

/** The parts as one Uint8Array of its own. */
function joined(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** After the tasks queued now (a read that a queued chunk can answer is answered by then). */
const tasksDone = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Decompresses `blob` (named `file` in errors), yielding chunks of at least `chunkBytes` (the last
 * one smaller). Memory stays bounded whatever the file's size: a piece is read only when the
 * decompressor has room. A corrupt or truncated file throws gzipError; a file that cannot be read,
 * its error.
 *
 * Design note: members joined one after another (`cat a.gz b.gz`) decompress as one text, as gzip
 * does. Node's DecompressionStream reads on into the next member; the browsers' stop at the end of
 * the first one and fail on the bytes after it ("junk"), dropping the output not yet read. So the
 * file is also cut where a member may start (1f 8b 08), and before such a piece is written every
 * output is read first (the reader waits on an empty stream); if the decompressor then fails on
 * that piece, its member ended there and a new decompressor starts with it.
 */
export async function* gunzipBlob(blob: Blob, file: string, chunkBytes: number): AsyncGenerator<GunzipChunk> {
  if (typeof DecompressionStream !== 'function') {
    throw new TraceSiftError(
      'parse_error',
      `'${file}' is a gzip-compressed file, and this browser cannot decompress it (no DecompressionStream): decompress it first (gunzip)`,
      { file, detected: 'gzip' },
    );
  }
  let current = member(); // the member being read
  let latest = current; // the member being written
  let handed = 0; // compressed bytes the decompressors have taken
  let stopped = false;
  let waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  /** Until the reader waits on `m` with nothing left to read (or the import stopped). */
  const drained = async (m: Member) => {
    while (!stopped) {
      const read = m.reading;
      if (read === 0) {
        await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      await tasksDone();
      if (m.reading === read) return;
    }
  };
  const feeding = (async () => {
    let start = 0; // where the member being written started
    const fail = (e: unknown, from: number, to: number) => {
      latest.fail(gzipError(file, gzipReason(e), from, to));
      void latest.writer.abort(e).catch(() => undefined);
    };
    const source = pieces(blob);
    for (;;) {
      let piece: IteratorResult<Piece>;
      try {
        piece = await source.next();
      } catch (e) {
        latest.fail(e); // the file could not be read: its own error
        void latest.writer.abort(e).catch(() => undefined);
        return;
      }
      if (piece.done) break;
      const { bytes, offset, boundary } = piece.value;
      const end = offset + bytes.byteLength;
      if (boundary && offset > start) await drained(latest);
      try {
        await latest.writer.write(bytes);
      } catch (e) {
        if (!boundary || offset === start || stopped) return fail(e, offset, end);
        // The member ended where this piece starts: the next one begins with it.
        const next = member();
        latest.next(next);
        latest = next;
        start = offset;
        try {
          await latest.writer.write(bytes);
        } catch (e2) {
          return fail(e2, offset, end);
        }
      }
      handed = end;
    }
    await latest.writer.close().catch((e: unknown) => fail(e, blob.size, blob.size));
  })();
  let finished = false;
  let reads = 0;
  try {
    const parts: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const m = current;
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        m.reading = ++reads;
        wake();
        result = await m.reader.read();
      } catch (e) {
        // The next member, or the one error (the feeding side knows which, and where).
        const ended = feeding.then(() => Promise.reject(gzipError(file, gzipReason(e), handed, handed)));
        ended.catch(() => undefined); // wanted only if the feeding side said nothing
        current = await Promise.race([m.after, ended]);
        continue;
      } finally {
        m.reading = 0;
      }
      if (result.done) break;
      parts.push(result.value);
      size += result.value.byteLength;
      if (size >= chunkBytes) {
        yield { bytes: joined(parts.splice(0), size), read: handed };
        size = 0;
      }
    }
    await feeding;
    finished = true;
    if (size > 0) yield { bytes: joined(parts, size), read: blob.size };
  } finally {
    if (!finished) {
      // Stopped early (cancelled, or failed): release the decompressors and the piece being read.
      stopped = true;
      wake();
      await Promise.all([current, latest].map((m) => m.reader.cancel().catch(() => undefined)));
      await feeding;
    }
    waiters = [];
  }
}
