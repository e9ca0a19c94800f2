// Assembles the npm package in dist/npm from the build: what `npm pack dist/npm` (or publish)
// ships. Run by scripts/build.sh after tsc and the wasm build.
//
// Design note: npm always packs the README.md of the folder it packs, and the repository's README
// is about the repository (start.sh, the app, screenshots). The package gets its own README
// (package/README.md), the docs a library user needs, the licence, and a package.json derived
// from the repository's (no scripts, no devDependencies) with its registry metadata.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist/npm');

/** Where the project lives: the registry page's links and the docs' absolute links point here. */
export const REPOSITORY = 'https://github.com/tracesift/tracesift';

/** The built folders the package ships (paths in the repository and in the package alike). */
const BUILT = ['dist/web/src', 'dist/worker', 'dist/cli', 'dist/wasm'];
/** The references a library user needs, shipped under docs/. */
export const SHIPPED_DOCS = [
  'API.md',
  'CONTRACT.md',
  'QUERY.md',
  'FORMAT.md',
  'EXPORT.md',
  'DATASETS.md',
  'STORAGE.md',
  'REVIEW.md',
  'examples',
];

function manifest() {
  const repo = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const keep = ['name', 'version', 'description', 'type', 'license', 'keywords'];
  const pkg = Object.fromEntries(keep.map((k) => [k, repo[k]]));
  Object.assign(pkg, {
    homepage: `${REPOSITORY}#readme`,
    repository: { type: 'git', url: `git+${REPOSITORY}.git` },
    bugs: { url: `${REPOSITORY}/issues` },
    bin: repo.bin,
    exports: repo.exports,
    types: repo.types,
    sideEffects: repo.sideEffects,
    files: [...BUILT, 'docs'],
    engines: repo.engines,
  });
  return pkg;
}

/** Writes dist/npm afresh. */
export function assemble() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const dir of BUILT) cpSync(join(ROOT, dir), join(OUT, dir), { recursive: true });
  for (const doc of SHIPPED_DOCS) cpSync(join(ROOT, 'docs', doc), join(OUT, 'docs', doc), { recursive: true });
  cpSync(join(ROOT, 'package/README.md'), join(OUT, 'README.md'));
  cpSync(join(ROOT, 'LICENSE'), join(OUT, 'LICENSE'));
  writeFileSync(join(OUT, 'package.json'), JSON.stringify(manifest(), null, 2) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) assemble();
