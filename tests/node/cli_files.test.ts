// The CLI and the files around it, for real: exports written whole or not at all (a full disk on a
// small tmpfs, a kill mid-export), never over the database, replacing only with --force; imports
// that stop or refuse a file say what was committed and exit 1; system errors are io_error with
// the user's path and never name the module's /host mount; a reader closing the output early ends
// the command quietly; csv cells that look like formulas are neutralised.
import { execFile, spawn } from 'node:child_process';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli, cliFails, cliJson, generateSpans, ROOT, spanLine, tempDir } from './helpers.js';

const PAUSE_AT_FIRST_TEMP_WRITE = join(ROOT, 'tests/node/fixtures/pause_at_first_temp_write.mjs');

/** What a shell script printed, and its exit status. */
interface ShellResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a sh script with `env` added; NODE and CLI name node and the built CLI. */
function sh(script: string, env: Record<string, string>, shell = 'sh'): Promise<ShellResult> {
  return new Promise((resolve) => {
    execFile(
      shell,
      ['-c', script],
      { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NODE: process.execPath, CLI, ...env } },
      (error, stdout, stderr) => {
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * Runs `script` in a mount namespace of its own where `$D` is a fresh tmpfs of `size` (a full
 * disk at hand, without root privileges); the tmpfs goes away with the namespace, so the script
 * itself prints what is left in it.
 */
function onSmallDisk(script: string, size: string, env: Record<string, string>): Promise<ShellResult> {
  return sh(`unshare -rm sh -c 'mount -t tmpfs -o size=${size} tmpfs "$D" && ${script.replace(/'/g, `'\\''`)}'`, env);
}

/** The lines of `text` after the line `marker` up to the next marker line (`::...`). */
function section(text: string, marker: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(marker);
  if (start < 0) throw new Error(`no ${marker} in ${text}`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l.startsWith('::'));
  return (end < 0 ? rest : rest.slice(0, end)).filter((l) => l !== '');
}

/** The one JSON error a failed CLI run printed on stderr. */
function errorOf(stderr: string): Record<string, unknown> & { code: string; message: string } {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!).error;
}

/** Whether process `pid` is stopped (SIGSTOP). */
function stopped(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('T');
  } catch {
    return false;
  }
}

describe('tracesift export writes whole files or nothing', () => {
  let dir: string;
  let db: string;
  /** Bytes of the complete jsonl export of "big". */
  let bigBytes: number;

  beforeAll(async () => {
    dir = tempDir();
    db = join(dir, 'big.db');
    await cliJson('import', generateSpans(12000, 7), '--db', db);
    const ev = await cliJson('datasets', 'create', '--db', db, '--type', 'eval', '--name', 'big', '--limit', '10000');
    expect(ev.rows).toBeGreaterThan(5000);
    await cliJson('datasets', 'create', '--db', db, '--type', 'eval', '--name', 'small', '--limit', '3');
    await cliJson(
      'datasets',
      'create',
      '--db',
      db,
      '--type',
      'training',
      '--name',
      'tr',
      '--exclude',
      'small',
      '--limit',
      '5',
    );
    const whole = join(dir, 'whole.jsonl');
    await cliJson('export', '--db', db, '--dataset', 'big', '--format', 'jsonl', '--out', whole);
    bigBytes = statSync(whole).size;
    expect(bigBytes).toBeGreaterThan(8 << 20); // more than one 4 MiB piece
  }, 240_000);

  it('leaves only the finished files, and refuses to replace them without --force', async () => {
    const out = join(dir, 'plain', 'small.jsonl');
    const printed = await cliJson('export', '--db', db, '--dataset', 'small', '--format', 'jsonl', '--out', out);
    expect(printed).toMatchObject({ files: [out, `${out}.recipe.json`], rows: 3 });
    expect(readdirSync(join(dir, 'plain')).sort()).toEqual(['small.jsonl', 'small.jsonl.recipe.json']);
    const before = readFileSync(out, 'utf8');
    writeFileSync(`${out}.recipe.json`, 'an older recipe');

    const args = ['export', '--db', db, '--dataset', 'big', '--format', 'jsonl', '--out', out];
    const refused = await cliFails(args, 1, 'conflict', '--out');
    expect(refused).toMatchObject({ file: out, message: `'${out}' exists; pass --force to replace it` });
    expect(readFileSync(out, 'utf8')).toBe(before);
    // Only the recipe left from before also counts as something to replace.
    const lone = join(dir, 'plain', 'lone.jsonl');
    writeFileSync(`${lone}.recipe.json`, 'kept');
    const alone = await cliFails(
      ['export', '--db', db, '--dataset', 'small', '--format', 'jsonl', '--out', lone],
      1,
      'conflict',
    );
    expect(alone.file).toBe(`${lone}.recipe.json`);
    expect(existsSync(lone)).toBe(false);

    await cliJson(...args, '--force');
    expect(statSync(out).size).toBe(bigBytes);
    expect(JSON.parse(readFileSync(`${out}.recipe.json`, 'utf8'))).toMatchObject({
      dataset: 'big',
      rows: expect.any(Number),
    });
    expect(readdirSync(join(dir, 'plain')).sort()).toEqual([
      'lone.jsonl.recipe.json',
      'small.jsonl',
      'small.jsonl.recipe.json',
    ]);
    // A folder where the file goes is an io_error, --force or not.
    mkdirSync(join(dir, 'plain', 'folder.jsonl'));
    const folder = await cliFails(
      [
        'export',
        '--db',
        db,
        '--dataset',
        'small',
        '--format',
        'csv',
        '--out',
        join(dir, 'plain', 'folder.jsonl'),
        '--force',
      ],
      1,
      'io_error',
    );
    expect(folder).toMatchObject({ os_code: 'EISDIR', file: join(dir, 'plain', 'folder.jsonl') });
  }, 120_000);

  it('refuses the database itself, its journal and lock files, a link to it, before writing anything', async () => {
    const count = await cliJson('count', '--db', db);
    const link = join(dir, 'link-to.db');
    symlinkSync(db, link);
    const hard = join(dir, 'hard-link.db');
    linkSync(db, hard);
    for (const out of [db, `${db}-journal`, `${db}-lock`, `${db}-wal`, link, hard]) {
      const e = await cliFails(
        ['export', '--db', db, '--dataset', 'small', '--format', 'jsonl', '--out', out, '--force'],
        2,
        'invalid_argument',
        '--out',
      );
      expect(e.message).toContain(`--out would replace the database '${db}'`);
      expect(existsSync(`${out}.recipe.json`)).toBe(false);
    }
    // The recipe beside --out counts too (a database named like one).
    const recipeDb = join(dir, 'r.jsonl.recipe.json');
    await cliJson('import', generateSpans(5, 1), '--db', recipeDb);
    await cliFails(
      ['export', '--db', recipeDb, '--dataset', 'x', '--format', 'jsonl', '--out', join(dir, 'r.jsonl')],
      2,
      'invalid_argument',
    );
    // Relative and absolute spellings of the same path are the same file.
    const r = await cli(
      'export',
      '--db',
      db,
      '--dataset',
      'small',
      '--format',
      'csv',
      '--out',
      relative(process.cwd(), db),
    );
    expect(r.status).toBe(2);
    expect(await cliJson('count', '--db', db)).toEqual(count);
  }, 60_000);

  it('writes an hf folder whole; a non-empty one only with --force, which drops splits of an older export', async () => {
    const hf = join(dir, 'hf');
    await cliJson('export', '--db', db, '--dataset', 'tr', '--format', 'hf', '--out', hf);
    expect(readdirSync(hf).sort()).toEqual(['README.md', 'recipe.json', 'train.jsonl', 'validation.jsonl']);
    writeFileSync(join(hf, 'notes.txt'), 'mine');
    const e = await cliFails(
      ['export', '--db', db, '--dataset', 'small', '--format', 'hf', '--out', hf],
      1,
      'conflict',
      '--out',
    );
    expect(e.message).toBe(`the folder '${hf}' is not empty; pass --force to write the export into it`);
    await cliJson('export', '--db', db, '--dataset', 'small', '--format', 'hf', '--out', hf, '--force');
    expect(readdirSync(hf).sort()).toEqual(['README.md', 'notes.txt', 'recipe.json', 'test.jsonl']);
    expect(JSON.parse(readFileSync(join(hf, 'recipe.json'), 'utf8')).dataset).toBe('small');
    // An empty folder is fine without --force; a file where the folder goes is not, even with it.
    mkdirSync(join(dir, 'empty-hf'));
    await cliJson('export', '--db', db, '--dataset', 'small', '--format', 'hf', '--out', join(dir, 'empty-hf'));
    writeFileSync(join(dir, 'file-hf'), 'x');
    const file = await cliFails(
      ['export', '--db', db, '--dataset', 'small', '--format', 'hf', '--out', join(dir, 'file-hf'), '--force'],
      1,
      'io_error',
    );
    expect(file.os_code).toBe('ENOTDIR');
  }, 60_000);

  it('on a full disk fails with io_error and leaves nothing, or the old file with --force', async () => {
    const env = { D: join(dir, 'full'), DB: db };
    mkdirSync(env.D);
    const r = await onSmallDisk(
      `"$NODE" "$CLI" export --db "$DB" --dataset big --format jsonl --out "$D/out.jsonl"; echo "::rc $?"; echo ::left; ls -A "$D"`,
      '200k',
      env,
    );
    expect(section(r.stdout, '::rc 1')).toEqual([]);
    expect(section(r.stdout, '::left')).toEqual([]);
    const e = errorOf(r.stderr);
    expect(e).toMatchObject({ code: 'io_error', os_code: 'ENOSPC', file: `${env.D}/out.jsonl` });
    expect(e.message).toBe(`cannot write '${env.D}/out.jsonl': no space left on device (ENOSPC)`);

    const forced = await onSmallDisk(
      `printf old > "$D/out.jsonl" && printf "old recipe" > "$D/out.jsonl.recipe.json" &&
       "$NODE" "$CLI" export --db "$DB" --dataset big --format jsonl --out "$D/out.jsonl" --force; echo "::rc $?";
       echo ::left; ls -A "$D"; echo ::old; cat "$D/out.jsonl"; echo; cat "$D/out.jsonl.recipe.json"; echo`,
      '200k',
      env,
    );
    expect(section(forced.stdout, '::rc 1')).toEqual([]);
    expect(section(forced.stdout, '::left')).toEqual(['out.jsonl', 'out.jsonl.recipe.json']);
    expect(section(forced.stdout, '::old')).toEqual(['old', 'old recipe']);
    expect(errorOf(forced.stderr)).toMatchObject({ code: 'io_error', os_code: 'ENOSPC' });

    // A new hf folder: nothing of it is left either.
    const hf = await onSmallDisk(
      `"$NODE" "$CLI" export --db "$DB" --dataset big --format hf --out "$D/hf"; echo "::rc $?"; echo ::left; ls -A "$D"`,
      '200k',
      env,
    );
    expect(section(hf.stdout, '::rc 1')).toEqual([]);
    expect(section(hf.stdout, '::left')).toEqual([]);
    expect(errorOf(hf.stderr)).toMatchObject({ code: 'io_error', os_code: 'ENOSPC', file: `${env.D}/hf/test.jsonl` });
  }, 120_000);

  it('killed mid-export, leaves no file at the target', async () => {
    const out = join(dir, 'killed', 'big.jsonl');
    mkdirSync(join(dir, 'killed'));
    const child = spawn(
      process.execPath,
      [
        '--import',
        PAUSE_AT_FIRST_TEMP_WRITE,
        CLI,
        'export',
        '--db',
        db,
        '--dataset',
        'big',
        '--format',
        'jsonl',
        '--out',
        out,
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    const temporary = () => readdirSync(join(dir, 'killed')).filter((f) => f.endsWith('.tmp'));
    // The process stops itself right after its first write to the temporary file.
    await expect.poll(() => stopped(child.pid!) && temporary().length === 1).toBe(true);
    const partial = statSync(join(dir, 'killed', temporary()[0]!)).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(bigBytes);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.recipe.json`)).toBe(false);
    expect(temporary()[0]).toMatch(/^\.big\.jsonl\.tracesift-\d+-[0-9a-f]{8}\.tmp$/);
  }, 60_000);

  it('ends quietly when the reader of its output goes away (| head -1)', async () => {
    for (const command of [
      'spans --db "$DB"',
      'datasets rows big --db "$DB"',
      'spans --db "$DB" --query kind:llm_call',
    ]) {
      const r = await sh(
        `set -o pipefail; "$NODE" "$CLI" ${command} 2>"$ERR" | head -1 > "$ERR.first"; echo "rc=$?"`,
        { DB: db, ERR: join(dir, 'pipe-stderr') },
        'bash',
      );
      expect({ command, out: r.stdout.trim(), stderr: readFileSync(join(dir, 'pipe-stderr'), 'utf8') }).toEqual({
        command,
        out: 'rc=0',
        stderr: '',
      });
      expect(JSON.parse(readFileSync(join(dir, 'pipe-stderr.first'), 'utf8'))).toBeTypeOf('object');
    }
  }, 60_000);
});

describe('tracesift import says what it committed', () => {
  const lines = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => spanLine(`${prefix}${i}`)).join('\n') + '\n';

  it('stops at a file that cannot be read, listing what the files before it committed', async () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    writeFileSync(join(dir, 'a.jsonl'), lines('a', 3) + '{oops\n');
    writeFileSync(join(dir, 'c.jsonl'), lines('c', 2));
    const missing = join(dir, 'missing.jsonl');
    const e = await cliFails(
      ['import', join(dir, 'a.jsonl'), missing, join(dir, 'c.jsonl'), '--db', db],
      1,
      'not_found',
    );
    expect(e.file).toBe(missing);
    expect(e.committed).toEqual([
      { file: join(dir, 'a.jsonl'), imported: 3, updated: 0, skipped: 0, errors: 1 },
      {
        file: missing,
        imported: 0,
        updated: 0,
        skipped: 0,
        errors: 0,
        failed: { code: 'not_found', message: `cannot read '${missing}': no such file or directory (ENOENT)` },
      },
    ]);
    expect(await cliJson('count', '--db', db)).toEqual({ count: 3 });
    // A folder given as a file: io_error with the path as given and the system's reason.
    const folder = await cliFails(['import', dir, '--db', db], 1, 'io_error');
    expect(folder).toMatchObject({
      file: dir,
      os_code: 'EISDIR',
      message: `cannot read '${dir}': illegal operation on a directory (EISDIR)`,
    });
  });

  it('refuses files that give nothing in one error each, imports the others, and exits 1', async () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, lines('g', 2));
    // (a gzip file is decompressed: tests/node/cli_gzip.test.ts)
    const zst = join(dir, 'traces.jsonl.zst');
    writeFileSync(
      zst,
      Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x05, 0x29, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f]),
    );
    const bin = join(dir, 'blob.bin');
    writeFileSync(bin, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)));
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'first line\nsecond line\n');
    const more = join(dir, 'more.jsonl');
    writeFileSync(more, lines('m', 1) + '{"span_id": 1}\n');
    const r = await cli('import', good, zst, bin, empty, text, more, '--db', db);
    expect([r.status, r.stdout]).toEqual([1, '']);
    const e = errorOf(r.stderr);
    expect(e.code).toBe('parse_error');
    expect(e.message).toBe(
      `'${zst}' is a zstd-compressed file: compressed files are not supported yet: decompress it first (zstd -d) (and 3 more of the 6 files gave nothing)`,
    );
    expect(e).toMatchObject({ file: zst, detected: 'zstd' });
    const committed = e.committed as { file: string; imported: number; failed?: { code: string; message: string } }[];
    expect(committed.map((c) => [c.file, c.imported, c.failed?.code ?? null])).toEqual([
      [good, 2, null],
      [zst, 0, 'parse_error'],
      [bin, 0, 'parse_error'],
      [empty, 0, 'parse_error'],
      [text, 0, 'parse_error'],
      [more, 1, null],
    ]);
    expect(committed[2]!.failed!.message).toContain(`'${bin}' is not a text file: it holds a NUL byte at byte 0`);
    expect(committed[3]!.failed!.message).toBe(`'${empty}' is empty: there is nothing to import`);
    expect(committed[4]!.failed!.message).toContain(`no record of '${text}' is a recognised trace record`);
    expect(e.report).toMatchObject({ format: 'native', imported: 3, error_count: 1 });
    expect(await cliJson('count', '--db', db)).toEqual({ count: 3 });
    // One file whose records are all rejected: exit 1, the first reasons in the details.
    const rejected = join(dir, 'rejected.jsonl');
    writeFileSync(rejected, spanLine('r', { cost_usd: 'free' }) + '\n{oops\n');
    const one = await cliFails(['import', rejected, '--db', db], 1, 'parse_error');
    expect(one.message).toContain(
      `every record of '${rejected}' was rejected (2 records read, 2 rejected, read as native)`,
    );
    expect((one.errors as { line: number }[]).map((x) => x.line)).toEqual([1, 2]);
    expect(one.committed).toEqual([
      {
        file: rejected,
        imported: 0,
        updated: 0,
        skipped: 0,
        errors: 2,
        failed: { code: 'parse_error', message: one.message },
      },
    ]);
    // And a file that imports still exits 0 with the report alone.
    expect(await cliJson('import', good, '--db', db)).toMatchObject({ skipped: 2, error_count: 0 });
  });

  it('stops at a full disk, listing what was committed, which the database then holds', async () => {
    const dir = tempDir();
    const env = { D: join(dir, 'full'), SMALL: join(dir, 'small.jsonl'), BIG: generateSpans(6000, 3) };
    mkdirSync(env.D);
    writeFileSync(env.SMALL, lines('s', 4));
    const r = await onSmallDisk(
      `"$NODE" "$CLI" import "$SMALL" "$BIG" --db "$D/x.db"; echo "::rc $?"; echo ::count; "$NODE" "$CLI" count --db "$D/x.db"`,
      '1m',
      env,
    );
    expect(section(r.stdout, '::rc 1')).toEqual([]);
    const e = errorOf(r.stderr);
    expect(['storage', 'io_error']).toContain(e.code);
    expect(e.message).not.toContain('/host');
    const committed = e.committed as { file: string; imported: number; failed?: { code: string } }[];
    expect(committed).toHaveLength(2);
    expect(committed[0]).toEqual({ file: env.SMALL, imported: 4, updated: 0, skipped: 0, errors: 0 });
    expect(committed[1]).toMatchObject({ file: env.BIG, failed: { code: e.code } });
    expect(committed[1]!.imported).toBeLessThan(6000);
    const count = JSON.parse(section(r.stdout, '::count')[0]!).count;
    expect(count).toBe(4 + committed[1]!.imported);
  }, 120_000);

  it('never names the /host mount in an error', async () => {
    const dir = tempDir();
    for (const args of [
      ['count', '--db', join(dir, 'no-such-folder', 'x.db')],
      ['count', '--db', dir],
      ['import', join(dir, 'nothing-here.jsonl'), '--db', join(dir, 'x.db')],
    ]) {
      const r = await cli(...args);
      expect(r.status).toBe(1);
      expect(r.stderr).not.toContain('/host');
      expect(r.stderr).toContain(dir);
    }
  });
});

describe('tracesift export --format csv', () => {
  it('neutralises cells that start like formulas, unless --csv-formulas raw', async () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    writeFileSync(
      join(dir, 'f.jsonl'),
      spanLine('f1', {
        status: 'completed',
        task: '@SUM(1+1)',
        input: [{ role: 'user', content: '=HYPERLINK("http://evil.example","click")' }],
        output: [{ role: 'assistant', content: '+cmd|calc' }],
      }) + '\n',
    );
    await cliJson('import', join(dir, 'f.jsonl'), '--db', db);
    await cliJson('datasets', 'create', '--db', db, '--type', 'eval', '--name', 'ev');
    await cliJson('export', '--db', db, '--dataset', 'ev', '--format', 'csv', '--out', join(dir, 'safe.csv'));
    const safe = readFileSync(join(dir, 'safe.csv'), 'utf8');
    expect(safe).toContain(`,'@SUM(1+1),`);
    expect(safe).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",'+cmd|calc,`);
    await cliJson(
      'export',
      '--db',
      db,
      '--dataset',
      'ev',
      '--format',
      'csv',
      '--out',
      join(dir, 'raw.csv'),
      '--csv-formulas',
      'raw',
    );
    const raw = readFileSync(join(dir, 'raw.csv'), 'utf8');
    expect(raw).toContain(`,@SUM(1+1),`);
    expect(raw).toContain(`,"=HYPERLINK(""http://evil.example"",""click"")",+cmd|calc,`);
    await cliFails(
      ['export', '--db', db, '--dataset', 'ev', '--format', 'csv', '--out', join(dir, 'x.csv'), '--csv-formulas', 'no'],
      2,
      'invalid_argument',
      '--csv-formulas',
    );
    await cliFails(
      [
        'export',
        '--db',
        db,
        '--dataset',
        'ev',
        '--format',
        'jsonl',
        '--out',
        join(dir, 'x.jsonl'),
        '--csv-formulas',
        'raw',
      ],
      2,
      'invalid_argument',
      '--csv-formulas',
    );
  });
});
