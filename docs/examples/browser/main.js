// tracesift in a page: pick a trace file, and the page imports it, filters it, saves an eval
// dataset and offers its export as downloads. The same file runs as a plain <script type="module">
// (plain.html, with an import map) and in a Vite app (index.html + vite.config.js).
import { open, TraceSiftError } from 'tracesift';

const QUERY = 'kind:llm_call provider:openai';
const DATASET = 'openai-eval';

const input = /** @type {HTMLInputElement} */ (document.getElementById('file'));
const progress = /** @type {HTMLProgressElement} */ (document.getElementById('progress'));
const result = /** @type {HTMLElement} */ (document.getElementById('result'));
const downloads = /** @type {HTMLElement} */ (document.getElementById('downloads'));

// The engine starts in a module Web Worker; the database lives in the worker's memory.
const opened = open();
void opened.then(() => {
  input.disabled = false;
});

input.addEventListener('change', async () => {
  const file = input.files?.[0];
  if (!file) return;
  input.disabled = true;
  try {
    const ts = await opened;
    const report = await ts.importFile(file, {
      onProgress: (p) => {
        progress.value = p.totalBytes ? p.bytes / p.totalBytes : 1;
      },
    });
    const matched = await ts.count(QUERY);
    const { spans } = await ts.spans(QUERY, { limit: 3, sort: 'cost', order: 'desc' });
    if ((await ts.listDatasets()).some((d) => d.name === DATASET)) await ts.deleteDataset(DATASET);
    const saved = await ts.saveDataset({ name: DATASET, type: 'eval', filter: QUERY, limit: 100, seed: 1 });
    const files = await ts.exportDataset(DATASET, 'jsonl');
    downloads.replaceChildren(
      ...files.map((f) => {
        const link = document.createElement('a');
        link.href = URL.createObjectURL(f.blob);
        link.download = f.name;
        link.textContent = `${f.name} (${f.blob.size} bytes) `;
        return link;
      }),
    );
    const exported = await files[0].blob.text();
    result.textContent = JSON.stringify({
      imported: report.imported,
      matched,
      costliest: spans.map((s) => s.span_id),
      rows: saved.rows,
      rows_hash: saved.recipe.rows_hash,
      files: files.map((f) => ({ name: f.name, bytes: f.blob.size })),
      exported_lines: exported.split('\n').filter((line) => line !== '').length,
    });
  } catch (e) {
    // Every failure is a TraceSiftError with a stable code (docs/API.md#errors).
    if (!(e instanceof TraceSiftError)) throw e;
    result.textContent = JSON.stringify({ error: { code: e.code, message: e.message } });
  } finally {
    result.dataset.done = 'true';
    input.disabled = false;
  }
});
