// The package's node entry (the "node" export condition): open() runs the engine in a worker
// thread over a database file, which the CLI reads too; relative paths are the process's; a script
// that forgets close() still exits.
import { spawnSync } from 'node:child_process';
import { openAsBlob, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as browserEntry from '../../dist/web/src/index.js';
import * as nodeEntry from '../../dist/web/src/node.js';
import { cli, ROOT, spanLine, tempDir } from './helpers.js';

const NODE_ENTRY = pathToFileURL(join(ROOT, 'dist/web/src/node.js')).href;

function tracesFile(dir: string): string {
  const path = join(dir, 'traces.jsonl');
  const lines = [
    spanLine('a'),
    spanLine('b', { model: 'claude-sonnet-4-5', provider: 'anthropic', cost_usd: 0.09 }),
    spanLine('c', { status: 'failed', error: 'boom' }),
  ];
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('node entry', () => {
  it('exports what the browser entry exports', async () => {
    expect(Object.keys(nodeEntry).sort()).toEqual(Object.keys(browserEntry).sort());
    expect(nodeEntry.open).not.toBe(browserEntry.open);
    expect(nodeEntry.TraceSiftError).toBe(browserEntry.TraceSiftError);
  });

  it('refuses the browser-only workerUrl and wasmUrl', async () => {
    for (const field of ['workerUrl', 'wasmUrl'] as const) {
      await expect(nodeEntry.open({ [field]: 'http://localhost/x' })).rejects.toMatchObject({
        name: 'TraceSiftError',
        code: 'invalid_argument',
        details: { field },
      });
    }
  });

  it("speaks of importFile's options, not the CLI's flags, and of host paths, not /host", async () => {
    const dir = tempDir();
    const ts = await nodeEntry.open({ path: join(dir, 'a.db') });
    const mixed = join(dir, 'mixed.jsonl');
    writeFileSync(mixed, `${spanLine('a')}\n{"messages":[{"role":"user","content":"hi"}]}\n{"x":1}\n`);
    const report = await ts.importFile(await openAsBlob(mixed), { fileName: 'mixed.jsonl' });
    const messages = report.errors.map((e) => e.message);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toContain("importFile's `format` option");
    for (const m of messages) expect(m).not.toContain('--format');
    await ts.close();
    const missing = join(dir, 'no/such/dir/b.db');
    const error = await nodeEntry.open({ path: missing }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toContain(join(dir, 'no/such/dir'));
    expect(error?.message).not.toContain('/host/');
  });

  it('opens a database file in a worker thread, and the CLI reads the same file', async () => {
    const dir = tempDir();
    const db = join(dir, 'traces.db');
    const ts = await nodeEntry.open({ path: db });
    expect(ts.version).toMatch(/^\d+\.\d+\.\d+/);
    const report = await ts.importFile(await openAsBlob(tracesFile(dir)), { fileName: 'traces.jsonl' });
    expect(report).toMatchObject({ format: 'native', imported: 3, error_count: 0 });
    expect(await ts.count('provider:anthropic')).toBe(1);
    const saved = await ts.saveDataset({ name: 'ok', type: 'eval', filter: { model: 'gpt-4o' } });
    expect(saved.rows).toBe(1); // a and c are gpt-4o; only completed spans enter
    const files = await ts.exportDataset('ok', 'jsonl');
    expect(JSON.parse(await files[0]!.blob.text())).toMatchObject({ dataset: 'ok', span_id: 'a' });
    await ts.close();

    const again = await nodeEntry.open({ path: db });
    expect(await again.count()).toBe(3);
    expect((await again.showDataset('ok')).recipe?.rows_hash).toBe(saved.recipe.rows_hash);
    await again.close();
    const shown = await cli('datasets', 'show', 'ok', '--db', db);
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout).recipe.rows_hash).toBe(saved.recipe.rows_hash);
  });

  it('reads a relative path against the current directory, and exits without close()', async () => {
    const dir = tempDir();
    tracesFile(dir);
    // No close(): the worker thread must not keep the process alive once nothing is pending. The
    // process runs with V8 options, which node refuses in a worker thread's options: the engine's
    // thread starts without them.
    const script = `
      import { openAsBlob } from 'node:fs';
      import { open } from ${JSON.stringify(NODE_ENTRY)};
      const ts = await open({ path: 'rel.db' });
      await ts.importFile(await openAsBlob('traces.jsonl'), { fileName: 'traces.jsonl' });
      console.log(JSON.stringify({ count: await ts.count() }));`;
    const flags = ['--max-old-space-size=2048', '--wasm-tiering-budget=1000000000'];
    const run = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(run.error).toBeUndefined();
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ count: 3 });
    expect(JSON.parse((await cli('count', '--db', join(dir, 'rel.db'))).stdout)).toEqual({ count: 3 });
  });
});
