// A short CLI command's cost (docs/BENCHMARKS.md, "CLI start"): `tracesift count` on a 1,000-span
// database, with the CLI as built and with a copy without cli/wasm_tiering.ts (V8's default wasm
// tier-up budget), interleaved; the mean wall and CPU seconds (user + system) of each.
//
//   node bench/cli_start.mjs [--reps N]      (after scripts/build.sh; Linux: reads /proc)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/tracesift.js');
const i = process.argv.indexOf('--reps');
const reps = i > 0 ? Number(process.argv[i + 1]) : 6;

/** CPU seconds of this process's waited-for children (/proc/self/stat: cutime + cstime). */
function childCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks (USER_HZ = 100)
}

const dir = mkdtempSync(join(tmpdir(), 'tracesift-cli-start-'));
try {
  const spans = join(dir, 'spans.jsonl');
  const db = join(dir, 'bench.db');
  execFileSync(process.execPath, [join(ROOT, 'bench/generate.mjs'), '--spans', '1000', '--seed', '42', '--out', spans]);
  execFileSync(process.execPath, [CLI, 'import', spans, '--db', db]);
  // The same CLI without the line that imports wasm_tiering.js, beside it (relative imports hold).
  const defaultCli = join(ROOT, 'dist/cli/tracesift_default_budget.js');
  const source = readFileSync(CLI, 'utf8');
  if (!source.includes("import './wasm_tiering.js';")) throw new Error('dist/cli/tracesift.js sets no tier-up budget');
  writeFileSync(defaultCli, source.replace("import './wasm_tiering.js';", ''));
  const runs = { 'default budget': defaultCli, 'budget 1e9 (as built)': CLI };
  const sums = Object.fromEntries(Object.keys(runs).map((k) => [k, { wall: 0, cpu: 0 }]));
  try {
    for (let r = 0; r < reps; r++) {
      for (const [name, cli] of Object.entries(runs)) {
        const cpu0 = childCpu();
        const t0 = performance.now();
        execFileSync(process.execPath, [cli, 'count', '--db', db]);
        sums[name].wall += (performance.now() - t0) / 1000;
        sums[name].cpu += childCpu() - cpu0;
      }
    }
  } finally {
    rmSync(defaultCli, { force: true });
  }
  for (const [name, s] of Object.entries(sums))
    console.log(
      `${name}: count, mean of ${reps}: ${(s.wall / reps).toFixed(2)} s wall, ${(s.cpu / reps).toFixed(2)} CPU-s`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
