// What the app shows after an export (web/app/src/features/datasets/exportReport.ts, pure) read from the recipe file
// of a real export through the client: the crafted probe's openai-chat export gives its known rows,
// rejections grouped by reason, reasoning dropped and tool calls without tools, the same totals as
// the client's last progress call; a jsonl export carries no conversion notes.
import { describe, expect, it } from 'vitest';
import { exportReportOf, isRecipeFile } from '../../web/app/src/features/datasets/exportReport.js';
import type { ExportProgress } from '../../dist/worker/src/types.js';
import { PROBE_EXPECTED, PROBE_JSONL, PROBE_TASK } from './export_probe.js';
import { openInProcess } from './in_process_worker.js';

describe("the app's export report", () => {
  it('reads rows, rejections by reason and the conversion notes from the recipe file', async () => {
    const { ts } = await openInProcess();
    try {
      await ts.importFile(new Blob([PROBE_JSONL]), { fileName: 'probe.jsonl' });
      await ts.saveDataset({ name: 'probe', type: 'eval', filter: `task:${PROBE_TASK}` });
      let last: ExportProgress | undefined;
      const files = await ts.exportDataset('probe', 'openai-chat', { onProgress: (p) => (last = p) });
      const recipe = files.filter((f) => isRecipeFile(f.name));
      expect(recipe.map((f) => f.name)).toEqual(['probe.recipe.json']);
      const report = exportReportOf(await recipe[0]!.blob.text());
      const reason = 'the OpenAI chat fine-tuning format has no place for reasoning';
      expect(report).toEqual({
        rows: PROBE_EXPECTED.rows,
        rejected: PROBE_EXPECTED.rejected,
        reasons: PROBE_EXPECTED.reasons,
        listed: PROBE_EXPECTED.rejected,
        reasoningDropped: { rows: PROBE_EXPECTED.reasoningDropped, reason },
        toolCallsWithoutTools: {
          rows: PROBE_EXPECTED.toolCallsWithoutTools,
          reason: 'tool calls but no tool definitions in the span',
        },
      });
      // The client's pieces carry the same totals.
      expect(last).toMatchObject({
        rows: PROBE_EXPECTED.rows,
        rejected: PROBE_EXPECTED.rejected,
        reasoningDropped: PROBE_EXPECTED.reasoningDropped,
        toolCallsWithoutTools: PROBE_EXPECTED.toolCallsWithoutTools,
      });
      const written = (await files.find((f) => f.name === 'probe.openai-chat.jsonl')!.blob.text()).trim().split('\n');
      expect(written).toHaveLength(PROBE_EXPECTED.rows);

      // jsonl writes every row and converts nothing: no notes.
      const jsonl = await ts.exportDataset('probe', 'jsonl');
      const plain = exportReportOf(await jsonl.find((f) => isRecipeFile(f.name))!.blob.text());
      expect(plain).toEqual({ rows: 7, rejected: 0, reasons: [], listed: 0 });
      // hf's recipe.json is recognised too, with the same notes.
      const hf = await ts.exportDataset('probe', 'hf');
      const hfReport = exportReportOf(await hf.find((f) => isRecipeFile(f.name))!.blob.text());
      expect(hfReport.reasoningDropped?.rows).toBe(PROBE_EXPECTED.reasoningDropped);
      expect(hfReport.toolCallsWithoutTools?.rows).toBe(PROBE_EXPECTED.toolCallsWithoutTools);
    } finally {
      await ts.close();
    }
  });

  it('refuses a recipe without the counts', () => {
    expect(() => exportReportOf('{"rows": 3}')).toThrow('"rejected"');
    expect(() => exportReportOf('{"rows": 1, "rejected": {"count": 0, "rows": []}, "reasoning_dropped": 2}')).toThrow(
      '"reasoning_dropped"',
    );
    expect(isRecipeFile('recipe.json')).toBe(true);
    expect(isRecipeFile('support.recipe.json')).toBe(true);
    expect(isRecipeFile('support.jsonl')).toBe(false);
  });
});
