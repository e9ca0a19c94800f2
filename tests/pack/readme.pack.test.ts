// The package's own README, as an adopter reads it on the registry: its Node and command-line quick
// starts saved as printed and run in a fresh project against the tarball (the Vite quick start runs
// in vite_app.pack.test.ts), and every link in it absolute and pointing at a file of this
// repository.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { REPOSITORY } from '../../scripts/package.mjs';
import { installedReadme, readmeFiles, writeReadmeFiles } from './readme.js';
import { ROOT, run, scratchProject } from './scratch.js';

const { workDir, tarball, traces, reference } = inject('pack');

const jsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the package README', () => {
  let dir = '';
  let readme = '';
  beforeAll(() => {
    dir = scratchProject(workDir, 'readme', [tarball]);
    readme = installedReadme(dir);
    copyFileSync(traces, join(dir, 'traces.jsonl'));
  });

  it('is the package README, not the repository one', () => {
    expect(readme).toBe(readFileSync(join(ROOT, 'package/README.md'), 'utf8'));
    expect(readme).not.toMatch(/scripts\/start\.sh|screenshots/);
    expect([...readmeFiles(readme).keys()].sort()).toEqual(
      ['cli.sh', 'index.html', 'main.js', 'quickstart.mjs', 'vite.config.js'].sort(),
    );
  });

  it('links only absolute URLs, and each link into the repository names a file that exists', () => {
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      expect(link).toMatch(/^https:\/\//);
      if (!link.startsWith(`${REPOSITORY}/blob/main/`)) continue;
      const path = link.slice(`${REPOSITORY}/blob/main/`.length).replace(/#.*$/, '');
      expect({ link, exists: existsSync(join(ROOT, path)) }).toEqual({ link, exists: true });
    }
  });

  it('runs the Node quick start as printed, twice on the same database', () => {
    writeReadmeFiles(readme, dir, ['quickstart.mjs']);
    const out = run(process.execPath, ['quickstart.mjs'], dir);
    const imported = /^imported (\d+) spans \((\w[\w-]*)\), (\d+) lines rejected$/m.exec(out);
    expect(imported?.slice(1)).toEqual([String(reference.imported), 'native', '0']);
    const db = ['--db', 'traces.db'];
    const cli = (...args: string[]) => run(process.execPath, [join(ROOT, 'dist/cli/tracesift.js'), ...args], dir);
    const count = (query: string) => JSON.parse(cli('count', ...db, '--query', query)).count as number;
    const matched = count('kind:llm_call provider:openai');
    const costly = count('kind:llm_call provider:openai cost>=0.0005');
    expect(matched).toBeGreaterThan(costly);
    expect(costly).toBeGreaterThan(0);
    expect(out).toContain(`\n${matched} spans match, ${costly} cost $0.0005 or more\n`);
    const sizes = /^eval: (\d+) rows, training: (\d+) rows$/m.exec(out);
    const shown = (name: string) => JSON.parse(cli('datasets', 'show', name, ...db)) as { rows: number };
    expect(sizes?.slice(1).map(Number)).toEqual([shown('eval-v1').rows, shown('train-v1').rows]);
    expect(Number(sizes![2])).toBeGreaterThan(0);
    expect(out).toContain('wrote train-v1.openai-chat.jsonl\n');
    expect(out).toContain('wrote train-v1.recipe.json\n');
    const rows = jsonl(join(dir, 'train-v1.openai-chat.jsonl'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Array.isArray(row['messages'])).toBe(true);
    // The note under the quick start: the command line reads the same file.
    const listed = run('npx', ['tracesift', 'datasets', 'list', ...db], dir);
    expect(listed).toContain('"eval-v1"');
    expect(listed).toContain('"train-v1"');
    // A second run finds its spans stored and replaces its datasets.
    const again = run(process.execPath, ['quickstart.mjs'], dir);
    expect(again).toMatch(/^imported 0 spans \(native\), 0 lines rejected$/m);
    expect(again).toContain(sizes![0]);
  });

  it('runs the command-line quick start as printed', () => {
    writeReadmeFiles(readme, dir, ['cli.sh']);
    run('bash', ['-e', 'cli.sh'], dir);
    const shown = JSON.parse(run('npx', ['tracesift', 'datasets', 'show', 'cli-eval', '--db', 'traces.db'], dir));
    expect(shown.rows).toBeGreaterThan(0);
    expect(jsonl(join(dir, 'cli-eval.jsonl'))).toHaveLength(shown.rows);
  });
});
