// Adds up the results of every test stage (ctest JUnit XML, vitest JSON, stage exit codes) and
// prints the closing line "N passed, N failed". Exits non-zero when anything failed.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
const lines = [];

for (const file of readdirSync(dir).sort()) {
  const path = join(dir, file);
  if (file.endsWith('.xml')) {
    const xml = readFileSync(path, 'utf8');
    const cases = [...xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)];
    const bad = cases.filter((m) => /<failure|<error/.test(m[2] ?? '')).length;
    const skipped = cases.filter((m) => /<skipped/.test(m[2] ?? '')).length;
    passed += cases.length - bad - skipped;
    failed += bad;
    lines.push(`${file}: ${cases.length - bad - skipped} passed, ${bad} failed`);
  } else if (file.endsWith('.json')) {
    const report = JSON.parse(readFileSync(path, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    lines.push(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  }
}

// A stage that failed without producing results (a crash, a formatting error) counts as one failure.
const stagesFile = join(dir, 'stages.txt');
const stages = existsSync(stagesFile) ? readFileSync(stagesFile, 'utf8').trim().split('\n') : [];
for (const line of stages) {
  const [name, code] = line.split(' ');
  const hasResults = readdirSync(dir).some((f) => f.startsWith(name + '.'));
  if (code !== '0') {
    lines.push(`stage ${name} exited with ${code}`);
    if (!hasResults) failed += 1;
  } else if (!hasResults) {
    passed += 1;
    lines.push(`stage ${name}: ok`);
  }
}

console.log('\n' + lines.join('\n'));
const stageFailed = stages.some((l) => !l.endsWith(' 0'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || stageFailed ? 1 : 0);
