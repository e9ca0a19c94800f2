// The tarball installed (npm --prefer-offline) into a fresh node project: what it holds, how its entries and types
// resolve, docs/examples/node.mjs through the node API and docs/examples/cli.sh through
// `npx tracesift`, each agreeing with the repository's CLI on the same traces.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { REPOSITORY, SHIPPED_DOCS } from '../../scripts/package.mjs';
import { copyExample, ROOT, run, scratchProject } from './scratch.js';

const { workDir, tarball, files, traces, reference } = inject('pack');

/** The fields of an example's summary that the reference has. */
const summaryOf = (out: Record<string, unknown>) =>
  Object.fromEntries(Object.keys(reference).map((k) => [k, out[k]])) as unknown as typeof reference;

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe('the package in a fresh node project', () => {
  let dir = '';
  beforeAll(() => {
    dir = scratchProject(workDir, 'node-project', [tarball]);
    copyExample(dir, 'node.mjs');
    copyExample(dir, 'cli.sh');
    copyExample(dir, 'browser/main.js');
  });

  it('packs the built package, its types, the wasm, the CLI, its README, licence and references, nothing else', () => {
    for (const f of [
      'package.json',
      'README.md',
      'LICENSE',
      ...SHIPPED_DOCS.filter((d) => d.endsWith('.md')).map((d) => `docs/${d}`),
      'docs/examples/node.mjs',
      'dist/web/src/index.js',
      'dist/web/src/index.d.ts',
      'dist/web/src/node.js',
      'dist/web/src/node.d.ts',
      'dist/worker/src/worker.js',
      'dist/worker/src/node_worker.js',
      'dist/worker/src/generated/constants.js',
      'dist/wasm/tracesift_engine.mjs',
      'dist/wasm/tracesift_engine.wasm',
      'dist/cli/tracesift.js',
    ]) {
      expect(files).toContain(f);
    }
    const unexpected = files.filter(
      (f) =>
        !/^(dist\/(web\/src|worker\/src|cli|wasm)\/[^/]+|dist\/worker\/src\/generated\/[^/]+|README\.md|LICENSE|package\.json|docs\/[A-Z]+\.md|docs\/examples\/.+)$/.test(
          f,
        ),
    );
    expect(unexpected).toEqual([]);
  });

  it('installs with no dependencies, and an executable bin', () => {
    const installed = JSON.parse(readFileSync(join(dir, 'node_modules/tracesift/package.json'), 'utf8'));
    expect(installed.dependencies ?? {}).toEqual({});
    // The registry page needs these for its links; a user needs the licence.
    expect(installed).toMatchObject({
      license: 'MIT',
      repository: { type: 'git', url: `git+${REPOSITORY}.git` },
      homepage: `${REPOSITORY}#readme`,
      bugs: { url: `${REPOSITORY}/issues` },
    });
    expect(installed.private).toBeUndefined(); // the repository's package.json is private; this one is published
    expect(installed.scripts).toBeUndefined();
    expect(installed.devDependencies).toBeUndefined();
    expect(readdirSync(join(dir, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['tracesift']);
    const bin = join(dir, 'node_modules/tracesift/dist/cli/tracesift.js');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    expect(statSync(join(dir, 'node_modules/.bin/tracesift')).isFile()).toBe(true);
  });

  it('resolves the node entry under node, the browser entry for bundlers, and the types of both', () => {
    const resolve = (specifier: string) =>
      run(process.execPath, ['--input-type=module', '-e', `console.log(import.meta.resolve('${specifier}'))`], dir)
        .trim()
        .replace(/^.*\/node_modules\/tracesift\//, '');
    expect(resolve('tracesift')).toBe('dist/web/src/node.js');
    expect(resolve('tracesift/worker')).toBe('dist/worker/src/worker.js');
    expect(resolve('tracesift/wasm')).toBe('dist/wasm/tracesift_engine.wasm');
    expect(resolve('tracesift/package.json')).toBe('package.json');
    // The examples type-check against the installed .d.ts files: node.mjs as a node program
    // (the "node" condition), main.js as a bundled page (the default condition).
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const common = { allowJs: true, checkJs: true, noEmit: true, strict: true, skipLibCheck: true, target: 'es2022' };
    writeFileSync(
      join(dir, 'tsconfig.node.json'),
      JSON.stringify({
        compilerOptions: {
          ...common,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['es2023'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
          types: ['node'],
        },
        files: ['node.mjs'],
      }),
    );
    writeFileSync(
      join(dir, 'tsconfig.browser.json'),
      JSON.stringify({
        compilerOptions: {
          ...common,
          module: 'esnext',
          moduleResolution: 'bundler',
          lib: ['es2023', 'dom'],
          types: [],
        },
        files: ['main.js'],
      }),
    );
    for (const config of ['tsconfig.node.json', 'tsconfig.browser.json']) {
      const r = spawnSync(process.execPath, [tsc, '-p', config], { cwd: dir, encoding: 'utf8' });
      expect({ config, status: r.status, out: r.stdout + r.stderr }).toEqual({ config, status: 0, out: '' });
    }
  });

  it('runs docs/examples/node.mjs: import, filter, dataset and export through open()', () => {
    const out = JSON.parse(run(process.execPath, ['node.mjs', traces, 'api.db', 'export'], dir));
    expect(summaryOf(out)).toEqual(reference);
    expect(out.files.map((f: { name: string }) => f.name)).toEqual(['openai-eval.jsonl', 'openai-eval.recipe.json']);
    expect(lines(join(dir, 'export/openai-eval.jsonl'))).toHaveLength(reference.rows);
    expect(JSON.parse(readFileSync(join(dir, 'export/openai-eval.recipe.json'), 'utf8')).recipe.rows_hash).toBe(
      reference.rows_hash,
    );
    // Again on the same database file: the spans are already there, the dataset comes out the same.
    const again = JSON.parse(run(process.execPath, ['node.mjs', traces, 'api.db', 'export'], dir));
    expect(summaryOf(again)).toEqual({ ...reference, imported: 0 });
  });

  it('runs docs/examples/cli.sh through npx tracesift, with JSON errors and exit codes', () => {
    const report = JSON.parse(run('bash', ['cli.sh', traces, 'cli.db', 'cli.jsonl'], dir));
    expect({ rows: report.rows, rows_hash: report.recipe.rows_hash }).toEqual({
      rows: reference.rows,
      rows_hash: reference.rows_hash,
    });
    expect(lines(join(dir, 'cli.jsonl'))).toHaveLength(reference.rows);
    expect(JSON.parse(readFileSync(join(dir, 'cli.jsonl.recipe.json'), 'utf8')).recipe.rows_hash).toBe(
      reference.rows_hash,
    );
    // The database the node API wrote is the CLI's too.
    const shown = JSON.parse(
      run('npx', ['--offline', 'tracesift', 'datasets', 'show', 'openai-eval', '--db', 'api.db'], dir),
    );
    expect(shown.recipe.rows_hash).toBe(reference.rows_hash);

    // The bin itself (npx adds npm's own warnings to stderr): its shebang runs it.
    const bin = (...args: string[]) =>
      spawnSync(join(dir, 'node_modules/.bin/tracesift'), args, { cwd: dir, encoding: 'utf8' });
    const bad = bin('count', '--db', 'cli.db', '--filter', '{"modle":"x"}');
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stderr).error).toMatchObject({ code: 'invalid_filter', field: 'modle' });
    const usage = bin('datasets', 'frobnicate');
    expect(usage.status).toBe(2);
    expect(JSON.parse(usage.stderr).error.code).toBe('invalid_argument');
    const help = bin('export', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: tracesift export');
  });
});
