// Capture-rule previews through EngineApi, the client and `tracesift rules preview`: the exact
// count a backfill of the same rule then captures, add/update's validation errors, nothing saved.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { RulePreview } from '../../dist/worker/src/types.js';
import { cli, generateSpans, tempDir } from './helpers.js';
import { SURFACES, type Surface } from './surfaces.js';

function spansJsonl(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      JSON.stringify({
        span_id: `s${i}`,
        trace_id: `t${i % 40}`,
        name: 'chat',
        kind: 'llm_call',
        status: i % 10 === 0 ? 'running' : i % 7 === 0 ? 'failed' : 'completed',
        model: i % 3 === 0 ? 'gpt-4o' : 'claude-sonnet-4-5',
        started_at: '2025-05-01T12:00:00Z',
      }),
    );
  }
  return lines.join('\n') + '\n';
}

describe.each(SURFACES)('rule preview: $name', (kind) => {
  let api: Surface;
  beforeEach(async () => {
    api = await kind.open();
  });
  afterEach(async () => {
    await api.close();
  });

  it('counts exactly what a backfill of the rule then captures, saving nothing', async () => {
    await api.importText(spansJsonl(500));
    const draft = { dataset: 'c', name: 'r', filter: 'model:gpt-4o', sample_rate: 0.3 };
    const preview: RulePreview = await api.previewRule(draft);
    expect(preview).toMatchObject({ spans: 500, sample_rate: 0.3 });
    expect(preview.matched + preview.running).toBe(await api.count('model:gpt-4o'));
    expect(preview.sampled).toBeGreaterThan(0);
    expect(preview.sampled).toBeLessThan(preview.matched);
    expect(await api.listDatasets()).toEqual([]);
    const rule = await api.addRule(draft);
    expect(rule.seed).toBe(preview.seed);
    expect(await api.backfillRule(rule.id)).toEqual({
      rule_id: rule.id,
      matched: preview.matched,
      sampled: preview.sampled,
      captured: preview.sampled,
    });

    const wider = await api.previewRuleUpdate(rule.id, { filter: {}, sample_rate: 1 });
    expect(wider.sampled).toBe(wider.matched);
    expect(wider.matched).toBe(450); // every finished span
    expect((await api.listRules('c'))[0]).toMatchObject({ sample_rate: 0.3, filter: 'model:gpt-4o' });
  });

  it('rejects a draft as addRule would, and a patch as updateRule would', async () => {
    await api.importText(spansJsonl(20));
    await expect(api.previewRule({ dataset: 'c', name: 'r', filter: {}, sample_rate: 2 })).rejects.toMatchObject({
      code: 'invalid_argument',
      details: { field: 'sample_rate' },
    });
    await expect(
      api.previewRule({ dataset: 'c', name: 'r', filter: { min_cost: -1 }, sample_rate: 1 }),
    ).rejects.toMatchObject({ code: 'invalid_filter', details: { field: 'min_cost' } });
    const rule = await api.addRule({ dataset: 'c', name: 'r', filter: {}, sample_rate: 1 });
    await expect(api.previewRule({ dataset: 'c', name: 'r', filter: {}, sample_rate: 1 })).rejects.toMatchObject({
      code: 'conflict',
      details: { field: 'name' },
    });
    await expect(api.previewRuleUpdate(rule.id, { sample_rate: -1 })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(api.previewRuleUpdate(rule.id + 100, {})).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('tracesift rules preview (CLI)', () => {
  it('previews a draft and a changed rule; backfill captures what the preview said', async () => {
    const db = join(tempDir(), 'd.db');
    expect((await cli('import', generateSpans(1200, 6), '--db', db)).status).toBe(0);
    const draft = ['--dataset', 'c', '--name', 'r', '--query', 'env:production', '--sample-rate', '0.25'];
    const dry = await cli('rules', 'preview', '--db', db, ...draft);
    expect(dry.stderr).toBe('');
    const preview = JSON.parse(dry.stdout) as RulePreview;
    expect(preview.spans).toBe(1200);
    const rule = JSON.parse((await cli('rules', 'add', '--db', db, ...draft)).stdout) as { id: number };
    const changed = await cli('rules', 'preview', '--db', db, '--id', String(rule.id), '--sample-rate', '1');
    expect(JSON.parse(changed.stdout)).toMatchObject({ matched: preview.matched, sampled: preview.matched });
    const backfill = JSON.parse((await cli('rules', 'backfill', '--db', db, '--id', String(rule.id))).stdout);
    expect(backfill).toMatchObject({ matched: preview.matched, sampled: preview.sampled, captured: preview.sampled });
    const bad = await cli('rules', 'preview', '--db', db, ...draft.slice(0, 6), '--sample-rate', '7');
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stderr).error).toMatchObject({ code: 'invalid_argument', field: 'sample_rate' });
  });
});
