// Several processes on one database file (docs/STORAGE.md, "Several processes"): CLI commands of
// every kind at once, a held lock, a lock left by a killed process, an import killed midway, and
// two node `open({path})` handles. What must hold: SQLite's integrity check; every span an import
// reported as imported is stored; a command that failed left nothing half-done; a lock is waited
// for, or refused with code "locked" naming its holder, and never blocks forever once its holder
// is gone.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeThreadWorker } from '../../dist/web/src/node_thread.js';
import { open } from '../../dist/web/src/node.js';
import { newLockToken } from '../../dist/worker/src/file_lock.js';
import { CLI, cli, cliFails, cliJson, generateSpans, parseLines, tempDir } from './helpers.js';
import { batchBoundaries } from '../common/batch_boundaries.js';

/** Spans per CLI import transaction (ImportOptions::batch_size). */
const BATCH = 5000;

/** The distinct span ids of a native JSONL file, in order of first appearance. */
function spanIds(file: string): string[] {
  const seen = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() !== '') seen.add((JSON.parse(line) as { span_id: string }).span_id);
  }
  return [...seen];
}

/** SQLite's integrity check and the span count, through the package's node API. */
async function soundness(db: string): Promise<{ check: { ok: boolean; report: string }; count: number }> {
  const ts = await open({ path: db, waitForLock: true });
  try {
    return { check: await ts.checkDatabase(), count: await ts.count() };
  } finally {
    await ts.close();
  }
}

/** A process that runs until killed (its pid is alive). */
function sleeper(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

describe('one database file, several processes', () => {
  it('keeps every acknowledged row and a sound file under concurrent imports, counts, datasets, exports and backfills', async () => {
    const dir = tempDir();
    const db = join(dir, 'shared.db');
    const a = generateSpans(12_000, 21);
    const b = generateSpans(12_000, 22);
    const again = join(dir, 'a-again.jsonl'); // the same spans as a: imported once between them
    copyFileSync(a, again);
    await cliJson(
      'rules',
      'add',
      '--db',
      db,
      '--dataset',
      'cap',
      '--name',
      'all',
      '--filter',
      '{}',
      '--sample-rate',
      '1',
    );

    const imports = [a, b, again].map((file) => cli('import', file, '--db', db, '--wait'));
    const counts: number[] = [];
    const reader = (async () => {
      // Counts while the imports run: each is a consistent state, so they never go down.
      for (let i = 0; i < 12; i++) {
        const r = await cli('count', '--db', db, '--wait');
        expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
        counts.push(JSON.parse(r.stdout).count);
      }
    })();
    const datasets = [1, 2, 3, 4].map(async (n) => {
      const name = `eval-${n}`;
      // Saved while the imports run (once there are spans to save): whatever moment it is.
      while ((await cliJson('count', '--db', db, '--wait', '--query', 'kind:llm_call status:completed')).count === 0);
      const create = await cli(
        'datasets',
        'create',
        '--db',
        db,
        '--type',
        'eval',
        '--name',
        name,
        '--limit',
        '200',
        '--seed',
        String(n),
        '--query',
        'kind:llm_call',
        '--wait',
      );
      if (create.status !== 0) return { name, error: JSON.parse(create.stderr).error as { code: string } };
      const out = join(dir, `${name}.jsonl`);
      const exported = await cli('export', '--db', db, '--dataset', name, '--format', 'jsonl', '--out', out, '--wait');
      expect({ status: exported.status, stderr: exported.stderr }).toEqual({ status: 0, stderr: '' });
      return { name, report: JSON.parse(create.stdout) as { rows: number }, out };
    });
    const backfills = (async () => {
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await cliJson('rules', 'backfill', '--db', db, '--id', '1', '--wait'));
      return results;
    })();

    const reports = await Promise.all(imports);
    for (const r of reports) expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const imported = reports.map((r) => JSON.parse(r.stdout).imported as number);
    await reader;
    const made = await Promise.all(datasets);
    await backfills;

    const distinct = new Set([...spanIds(a), ...spanIds(b)]).size;
    expect(imported.reduce((s, n) => s + n, 0)).toBe(distinct); // every reported span, once
    const after = await soundness(db);
    expect(after).toEqual({ check: { ok: true, report: 'ok' }, count: distinct });
    expect(counts).toEqual([...counts].sort((x, y) => x - y));
    expect(counts.every((c) => c <= distinct)).toBe(true);

    // Each dataset saved whole, with its export; one that failed (an empty slice early on) left
    // nothing behind.
    const listed = parseLines<{ name: string; rows: number }>(
      await cli('datasets', 'list', '--db', db).then((r) => r.stdout),
    );
    for (const d of made) {
      if ('error' in d) {
        expect(listed.some((l) => l.name === d.name)).toBe(false);
        continue;
      }
      expect(listed.find((l) => l.name === d.name)?.rows).toBe(d.report.rows);
      expect(
        readFileSync(d.out!, 'utf8')
          .split('\n')
          .filter((l) => l !== ''),
      ).toHaveLength(d.report.rows);
    }
    expect(made.some((d) => !('error' in d))).toBe(true);
    // The capture rule saw every finished span exactly once (live captures and backfills alike).
    const finished =
      (await cliJson('count', '--db', db, '--query', 'status:completed')).count +
      (await cliJson('count', '--db', db, '--query', 'status:failed')).count;
    expect(listed.find((l) => l.name === 'cap')?.rows).toBe(finished);
  });

  it('waits for a lock held by a live process, then fails with code locked naming the holder', async () => {
    const db = join(tempDir(), 'held.db');
    await cliJson('count', '--db', db);
    const holder = sleeper();
    try {
      const since = new Date().toISOString();
      writeFileSync(
        `${db}-lock`,
        JSON.stringify({ pid: holder.pid, host: hostname(), token: 't', command: 'tracesift import big.jsonl', since }),
      );
      const error = await cliFails(['count', '--db', db, '--lock-timeout', '0.3'], 1, 'locked');
      expect(error.message).toContain(`pid ${holder.pid}, 'tracesift import big.jsonl', since ${since}`);
      expect(error.message).toMatch(/waited 0\.3 s/);
      expect(existsSync(`${db}-lock`)).toBe(true); // a live holder's lock is never taken over
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    const db = join(tempDir(), 'left.db');
    await cliJson('count', '--db', db);
    const gone = sleeper();
    const pid = gone.pid!;
    gone.kill('SIGKILL');
    await new Promise((resolve) => gone.once('exit', resolve));
    writeFileSync(
      `${db}-lock`,
      JSON.stringify({
        pid,
        host: hostname(),
        token: 't',
        command: 'tracesift import',
        since: new Date().toISOString(),
      }),
    );
    expect(await cliJson('count', '--db', db, '--lock-timeout', '0')).toEqual({ count: 0 });
    expect(existsSync(`${db}-lock`)).toBe(false);
  });

  it('an import killed midway leaves a sound database with whole batches, and its lock does not block', async () => {
    const db = join(tempDir(), 'killed.db');
    const file = generateSpans(30_000, 23);
    const boundaries = batchBoundaries(file, BATCH);
    const child = spawn(process.execPath, [CLI, 'import', file, '--db', db], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Kill it once a batch has committed (whenever that is: any moment is a valid one to stop).
    for (;;) {
      const r = await cli('count', '--db', db, '--wait');
      if (JSON.parse(r.stdout).count > 0) break;
    }
    child.kill('SIGKILL');
    await exited;
    const after = await soundness(db);
    expect(after.check).toEqual({ ok: true, report: 'ok' });
    expect(boundaries).toContain(after.count);
    expect(after.count).toBeGreaterThan(0);
    // The rest imports afterwards, into the same file.
    expect((await cliJson('import', file, '--db', db, '--lock-timeout', '0')).imported).toBe(
      boundaries[boundaries.length - 1]! - after.count,
    );
  });

  it('two open({path}) handles in one process share the file; a worker ended midway leaves no lock behind', async () => {
    const db = join(tempDir(), 'handles.db');
    const [fa, fb] = [generateSpans(3000, 24), generateSpans(3000, 25)];
    const one = await open({ path: db });
    const two = await open({ path: db });
    const blob = async (p: string) => new Blob([readFileSync(p)]);
    const [ra, rb] = await Promise.all([one.importFile(await blob(fa)), two.importFile(await blob(fb))]);
    const total = new Set([...spanIds(fa), ...spanIds(fb)]).size;
    expect(ra.imported + rb.imported).toBe(total);
    expect(await one.count()).toBe(total); // the other handle's rows, seen without reopening
    expect(await two.count()).toBe(total);
    await Promise.all([one.close(), two.close()]);

    // A worker thread that dies while it imports (terminated under the client, as a crash would
    // end it): the next open neither waits for its lock nor finds the file damaged.
    let thread: NodeThreadWorker | undefined;
    const entry = new URL('../../dist/worker/src/node_worker.js', import.meta.url);
    const doomed = await open({
      path: db,
      worker: () =>
        (thread = new NodeThreadWorker(entry, { database: db, lockToken: newLockToken() })) as unknown as Worker,
    });
    const big = generateSpans(20_000, 26);
    const importing = doomed.importFile(await blob(big), {
      onProgress: (p) => {
        if (p.imported > 0) void (thread as unknown as { thread: { terminate(): Promise<number> } }).thread.terminate();
      },
    });
    await expect(importing).rejects.toMatchObject({ name: 'TraceSiftError' });
    const after = await open({ path: db, lockTimeoutMs: 0 });
    expect((await after.checkDatabase()).ok).toBe(true);
    expect(await after.count()).toBeGreaterThan(total);
    await after.close();
  });
});
