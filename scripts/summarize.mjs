// Adds up the results of every test stage (ctest JUnit XML, vitest JSON, stage exit codes) and
// prints the closing line "N passed, N failed". Exits non-zero exactly when that line counts a
// failure.
//
// What counts as a failure:
// - a failed test case (ctest or vitest);
// - a test file whose suite failed without a failed test in it (an error in beforeAll, an import
//   that throws, a file that collected nothing): one failure per such file;
// - a stage whose command exited non-zero while its results show no failure (a build error, a
//   formatting check, a crash, vitest's own "Timeout calling onTaskUpdate"): one failure.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Counts of one results file. */
function countJunit(xml) {
  const cases = [...xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)];
  const failed = cases.filter((m) => /<failure|<error/.test(m[2] ?? '')).length;
  const skipped = cases.filter((m) => /<skipped/.test(m[2] ?? '')).length;
  return { passed: cases.length - failed - skipped, failed, notes: [] };
}

function countVitest(report, root) {
  let passed = 0;
  let failed = 0;
  const notes = [];
  for (const file of report.testResults ?? []) {
    const results = file.assertionResults ?? [];
    const bad = results.filter((r) => r.status === 'failed').length;
    passed += results.filter((r) => r.status === 'passed').length;
    failed += bad;
    const name = root ? relative(root, file.name) : file.name;
    if (file.status !== 'passed' && bad === 0) {
      // The file failed outside its tests (beforeAll, an import, a collect error): its tests were
      // skipped or never collected, so the file itself is the failure.
      failed += 1;
      const why = String(file.message ?? 'failed outside its tests').split('\n')[0];
      notes.push(`  suite failed: ${name}: ${why}`);
    }
    for (const r of results.filter((r) => r.status === 'failed')) notes.push(`  failed: ${name} > ${r.fullName}`);
  }
  // A run that found no test file at all is a failure too (a wrong include pattern, say).
  if ((report.testResults ?? []).length === 0) {
    failed += 1;
    notes.push('  no test file ran');
  }
  return { passed, failed, notes };
}

/** Sums a results folder; returns the closing counts and the lines to print. */
export function summarize(dir, root) {
  let passed = 0;
  let failed = 0;
  const lines = [];
  const byStage = new Map();
  for (const file of readdirSync(dir).sort()) {
    const path = join(dir, file);
    let counts;
    if (file.endsWith('.xml')) counts = countJunit(readFileSync(path, 'utf8'));
    else if (file.endsWith('.json')) counts = countVitest(JSON.parse(readFileSync(path, 'utf8')), root);
    else continue;
    passed += counts.passed;
    failed += counts.failed;
    // Results belong to the stage named before the first dot (engine-asan.0.xml: engine-asan).
    const stage = file.slice(0, file.indexOf('.'));
    const sum = byStage.get(stage) ?? { passed: 0, failed: 0 };
    byStage.set(stage, { passed: sum.passed + counts.passed, failed: sum.failed + counts.failed });
    lines.push(`${file}: ${counts.passed} passed, ${counts.failed} failed`, ...counts.notes);
  }

  const stagesFile = join(dir, 'stages.txt');
  const stages = existsSync(stagesFile) ? readFileSync(stagesFile, 'utf8').trim().split('\n').filter(Boolean) : [];
  for (const line of stages) {
    const [name, code, seconds, cpu] = line.split(' ');
    const results = byStage.get(name);
    const took = seconds ? ` (${seconds} s${cpu ? `, ${cpu} CPU-s` : ''})` : '';
    if (code !== '0') {
      lines.push(`stage ${name} exited with ${code}${took}`);
      // The stage failed: unless its results already count a failure, the stage is one.
      if (!results || results.failed === 0) failed += 1;
    } else if (!results) {
      passed += 1;
      lines.push(`stage ${name}: ok${took}`);
    } else if (took) {
      lines.push(`stage ${name}: done${took}`);
    }
  }
  return { passed, failed, lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  const { passed, failed, lines } = summarize(dir, process.cwd());
  console.log('\n' + lines.join('\n'));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
