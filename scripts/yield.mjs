// Measures what a user gets out of each real trace file in tests/fixtures/real: the completed LLM
// generations it holds, how many carry messages on both sides, and how many become valid
// `openai-chat` rows — with the reasons for the rest. Prints a Markdown table (the yield table of
// docs/FORMAT.md); `--json` prints the rows as JSON for tests.
//
//   node scripts/yield.mjs [--json] [FILE...]     (after scripts/build.sh)
import { openAsBlob } from 'node:fs';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { open } from '../dist/web/src/node.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'tests/fixtures/real');
/** Files that are not traces: Langfuse's ChatML reading of a trace (the oracle), JSON schemas, prices, capture summaries. */
const NOT_TRACES = [/\.chatml\.json$/, /semconv-genai-schemas\//, /langfuse-model-prices\//, /capture-results\.json$/, /spans-by-operation\.json$/, /PROVENANCE\.md$/];

function traceFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!NOT_TRACES.some((re) => re.test(relative(FIXTURES, path)))) out.push(path);
    }
  };
  walk(FIXTURES);
  return out;
}

/** A rejection reason without the row's own names and numbers, so equal reasons group. */
function reasonClass(reason) {
  return reason
    .replace(/'[^']*'/g, "'…'")
    .replace(/\[\d+\]/g, '[n]')
    .replace(/\d+/g, 'n');
}

/** The yield of one file. */
async function measure(path) {
  const ts = await open();
  const row = { file: relative(FIXTURES, path), format: '', generations: 0, with_messages: 0, rows: 0, reasons: {} };
  try {
    const report = await ts.importFile(await openAsBlob(path), { fileName: relative(FIXTURES, path) });
    row.format = report.format;
    row.generations = await ts.count({ kind: "llm_call", status: "completed" });
    if (row.generations === 0) return row;
    await ts.saveDataset({ name: 'y', type: 'eval', filter: { kind: 'llm_call' } });
    for (const d of await ts.datasetRows('y', { limit: 10000 })) {
      if (d.input !== null && d.output !== null) row.with_messages += 1;
    }
    const files = await ts.exportDataset('y', 'openai-chat');
    const data = files.find((f) => f.name.endsWith('.jsonl'));
    const recipe = JSON.parse(await files.find((f) => f.name.endsWith('.recipe.json')).blob.text());
    row.rows = (await data.blob.text()).split('\n').filter((l) => l !== '').length;
    for (const r of recipe.rejected?.rows ?? []) {
      const key = reasonClass(r.reason);
      row.reasons[key] = (row.reasons[key] ?? 0) + 1;
    }
  } catch (e) {
    row.format = `refused: ${e.code ?? ''} ${String(e.message).slice(0, 80)}`;
  } finally {
    await ts.close();
  }
  return row;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const files = args.filter((a) => a !== '--json');
const rows = [];
for (const path of files.length ? files : traceFiles()) rows.push(await measure(path));
if (json) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const pct = (a, b) => (b === 0 ? '–' : `${Math.round((100 * a) / b)}%`);
  console.log('| file | format | completed generations | with messages | openai-chat rows | yield | why not |');
  console.log('|---|---|---|---|---|---|---|');
  let g = 0;
  let r = 0;
  for (const x of rows) {
    g += x.generations;
    r += x.rows;
    const why = Object.entries(x.reasons)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${n}× ${k}`)
      .join('; ');
    console.log(`| ${x.file} | ${x.format} | ${x.generations} | ${x.with_messages} | ${x.rows} | ${pct(x.rows, x.generations)} | ${why} |`);
  }
  console.log(`| **all** | | **${g}** | | **${r}** | **${pct(r, g)}** | |`);
}
