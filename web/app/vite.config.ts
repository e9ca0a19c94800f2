// Builds the UI app (web/app) against the built npm package in dist/, exactly as a consumer's
// Vite app would: the worker and the .wasm become same-origin assets.
import { createHash } from 'node:crypto';
import { basename, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The page's policy (index.html has it as a meta tag) sent as a header by `vite preview`, so the
// engine worker, which takes its policy from its own script's response, is held to it too.
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
const dist = fileURLToPath(new URL('../../dist', import.meta.url));

/**
 * The class names of the CSS modules (`*.module.css`). In development `<file>_<class>_<hash>`, e.g.
 * `review_approve_Xk3Q9`, so DevTools stay readable; in the production build only `c<hash>`: the
 * readable names cost ~7.6 kB of CSS and ~4 kB of JS (measured, 266 classes). The hash (of the
 * file's path and the class) keeps two files' classes apart and is deterministic: the same source
 * builds the same names.
 */
function scopedName(readable: boolean) {
  return (name: string, filename: string): string => {
    const file = filename.replace(/[?#].*$/, '');
    const hash = createHash('sha256')
      .update(`${relative(root, file)}:${name}`)
      .digest('base64url');
    if (!readable) return `c${hash.slice(0, 6)}`;
    return `${basename(file).replace(/\.module\.css$/, '')}_${name}_${hash.slice(0, 5)}`;
  };
}

export default defineConfig(({ command }) => ({
  root,
  base: './',
  resolve: { alias: { tracesift: `${dist}/web/src/index.js` } },
  // Classes are written kebab-case in the CSS and read camelCase in the code (`styles.dropZone`).
  css: { modules: { localsConvention: 'camelCaseOnly', generateScopedName: scopedName(command !== 'build') } },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['tracesift'] },
  build: { outDir: `${dist}/app`, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2048 },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false, headers: { 'Content-Security-Policy': CSP } },
}));
