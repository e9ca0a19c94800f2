// The local server of the Chromium benchmarks: the bench page at "/", the spans file at
// "/data.jsonl", fixed texts at given paths (e.g. a peer's worker script), folders mounted at
// prefixes, and everything else from dist/ (the npm package as built). 127.0.0.1 only.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const TYPES = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html',
};

/**
 * Starts the server on a free port; resolves to {port, close}.
 * @param {{page: string, file: string, texts?: Record<string, string>, mounts?: Record<string, string>}} options
 *   page: the HTML at "/"; file: the spans file served at "/data.jsonl"; texts: path -> JavaScript
 *   text; mounts: URL prefix -> folder.
 */
export async function serveBench({ page, file, texts = {}, mounts = {} }) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (url.pathname === '/data.jsonl') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(file).size });
      createReadStream(file).pipe(res);
      return;
    }
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
    if (url.pathname in texts)
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(texts[url.pathname]);
    const mount = Object.keys(mounts).find((m) => url.pathname.startsWith(m));
    const root = mount ? mounts[mount] : DIST;
    const path = normalize(join(root, mount ? url.pathname.slice(mount.length) : url.pathname));
    if (!path.startsWith(root)) return res.writeHead(403).end();
    try {
      statSync(path);
    } catch {
      return res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => server.close() };
}
