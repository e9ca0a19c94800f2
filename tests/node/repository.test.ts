// The repository stands alone: a clone has everything its tests, docs and builds use. Nothing
// tracked reads or links a path outside the clone (the fixtures and the product contract live in
// tests/fixtures/real and docs/CONTRACT.md), and every relative Markdown link names a file here.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** Tracked text files, by path relative to the root. */
function trackedTextFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return out
    .split('\0')
    .filter((f) => f !== '' && !/\.(png|jpg|gz|wasm|sqlite|db)$/.test(f))
    .filter((f) => existsSync(join(ROOT, f)));
}

describe('the repository stands alone', () => {
  const files = trackedTextFiles();

  it('tracks its files (run from a git clone)', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('tests/fixtures/real/PROVENANCE.md');
  });

  it('no tracked file refers to a folder beside the clone', () => {
    // Spelled in pieces so that this file does not match itself.
    const outside = new RegExp(['\\.\\./', 'shared', '\\b'].join('') + '|' + ['/work', '/shared'].join(''));
    const found = files.filter((f) => outside.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('every relative link in a Markdown file names a file of the repository', () => {
    const broken: string[] = [];
    for (const f of files.filter((name) => name.endsWith('.md'))) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!.replace(/#.*$/, '');
        if (target === '' || /^[a-z]+:/.test(target)) continue;
        const path = resolve(dirname(join(ROOT, f)), target);
        if (relative(ROOT, path).startsWith('..') || !existsSync(path)) broken.push(`${f}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('keeps a provenance and licence note for every real fixture folder', () => {
    const provenance = readFileSync(join(ROOT, 'tests/fixtures/real/PROVENANCE.md'), 'utf8');
    const folders = new Set(files.filter((f) => f.startsWith('tests/fixtures/real/')).map((f) => f.split('/')[3]!));
    folders.delete('PROVENANCE.md');
    for (const folder of folders)
      expect({ folder, noted: provenance.includes(`\`${folder}/`) }).toEqual({ folder, noted: true });
  });
});

describe('the engine keeps its layers', () => {
  const engineSources = trackedTextFiles().filter((f) => /^engine\/.*\.(cpp|hpp)$/.test(f));
  const text = (f: string) => readFileSync(join(ROOT, f), 'utf8');

  it('holds SQL only in the store layer (engine/store/ and the features’ *_store files)', () => {
    const storeLayer = (f: string) => f.startsWith('engine/store/') || /_store\.(cpp|hpp)$/.test(f);
    // A prepared or executed statement, or an SQL keyword opening a string literal.
    const sql = /\.(prepare|exec)\(|"(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|WITH) /;
    const outside = engineSources.filter((f) => !storeLayer(f) && sql.test(text(f)));
    expect(outside).toEqual([]);
    // The check sees SQL where it is: the stores hold statements.
    expect(engineSources.filter((f) => storeLayer(f) && sql.test(text(f))).length).toBeGreaterThan(5);
  });

  it('is portable C++: no emscripten header, no printing, no abort', () => {
    const banned = /#include\s*<emscripten|\b(printf|puts|std::cout|std::cerr|abort|exit)\s*\(/;
    const found = engineSources.filter((f) => banned.test(text(f).replace(/\/\/.*$/gm, '')));
    expect(found).toEqual([]);
  });
});
