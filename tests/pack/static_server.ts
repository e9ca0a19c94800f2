// A static file server on 127.0.0.1 for the pack tests: one folder, JavaScript and wasm sent with
// their types (a module script must come as JavaScript), nothing else.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.jsonl': 'application/octet-stream',
  '.css': 'text/css',
};

/** A running server. */
export interface StaticServer {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** Paths that were asked for and not found. */
  missing: string[];
  close(): Promise<void>;
}

/** Serves `root` (a folder) on a free port; "/" is `root/index.html`. */
export async function serveFolder(root: string): Promise<StaticServer> {
  const missing: string[] = [];
  const base = normalize(root + sep);
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (pathname === '/favicon.ico') return res.writeHead(204).end(); // asked for by every page
    const path = normalize(join(base, decodeURIComponent(pathname === '/' ? '/index.html' : pathname)));
    if (!path.startsWith(base)) return res.writeHead(403).end();
    try {
      if (!statSync(path).isFile()) throw new Error('not a file');
    } catch {
      missing.push(pathname);
      return res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    missing,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
