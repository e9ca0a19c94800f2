// Every import format through the real CLI path, on the published fixtures in
// tests/fixtures/real (auto-detected), asserting mapped fields rather than "it parsed".
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliFails, ROOT, tempDir } from './helpers.js';

const FIXTURES = join(ROOT, 'tests/fixtures/real');

async function importInto(db: string, file: string, ...extra: string[]) {
  const r = await cli('import', file, '--db', db, ...extra);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

async function spans(db: string, filter: object = {}) {
  const out = (await cli('spans', '--db', db, '--filter', JSON.stringify(filter))).stdout.trim();
  return out ? out.split('\n').map((l) => JSON.parse(l)) : [];
}

describe('import formats through the CLI', () => {
  it('OTLP JSON: the OpenTelemetry reference export', async () => {
    const db = join(tempDir(), 't.db');
    const report = await importInto(db, join(FIXTURES, 'opentelemetry-proto/trace.json'));
    expect(report).toMatchObject({ format: 'otlp', imported: 1, errors: [] });
    const [span] = await spans(db);
    expect(span.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(span.parent_span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(span.model).toBeNull();
    expect(span.input_tokens).toBeNull();
  });

  it('OTel-JS spans from the Vercel AI SDK (OpenInference fixture), auto-detected', async () => {
    const db = join(tempDir(), 't.db');
    const report = await importInto(db, join(FIXTURES, 'openinference-vercel-v6-spans/all-spans.json'));
    expect(report).toMatchObject({ format: 'otlp', imported: 10, errors: [] });
    const llm = await spans(db, { kind: 'llm_call', model: 'gpt-4o-mini-2024-07-18' });
    expect(llm.length).toBeGreaterThan(0);
    expect(llm.some((s) => s.input_tokens === 14 && s.output_tokens === 20)).toBe(true);
    expect((await spans(db, { kind: 'embedding' })).some((s) => s.model === 'text-embedding-3-small')).toBe(true);
  });

  it('Langfuse exports: every observation, with the observation model, usage and provided cost', async () => {
    const db = join(tempDir(), 't.db');
    const file = join(FIXTURES, 'langfuse-framework-traces/autogen-2025-06-06.trace.json');
    const report = await importInto(db, file);
    expect(report).toMatchObject({ format: 'langfuse', imported: 2, errors: [] });
    const source = JSON.parse(readFileSync(file, 'utf8'));
    const generation = source.observations.find((o: { type: string }) => o.type === 'GENERATION');
    const [span] = await spans(db, { kind: 'llm_call' });
    expect(span.span_id).toBe(generation.id);
    expect(span.model).toBe(generation.model);
    expect(span.input_tokens).toBe(generation.usageDetails.input);
    expect(span.output_tokens).toBe(generation.usageDetails.output);
    expect(span.cost_usd).toBeCloseTo(2.5e-5, 12);
    expect(await importInto(db, file)).toMatchObject({ imported: 0, updated: 0, skipped: 2 });
  });

  it('OpenAI chat JSONL: the cookbook file, idempotent on re-import', async () => {
    const db = join(tempDir(), 't.db');
    const file = join(FIXTURES, 'openai-cookbook/toy_chat_fine_tuning.jsonl');
    expect(await importInto(db, file)).toMatchObject({ format: 'openai-chat', read: 5, imported: 5, errors: [] });
    const all = await spans(db);
    expect(all.every((s) => s.kind === 'llm_call' && s.status === 'completed')).toBe(true);
    expect(all.every((s) => s.output?.[0]?.role === 'assistant')).toBe(true);
    expect(await importInto(db, file)).toMatchObject({ imported: 0, skipped: 5 });
  });

  it('request/response JSONL of OpenAI and Anthropic bodies', async () => {
    const dir = tempDir();
    const db = join(dir, 't.db');
    const file = join(dir, 'rr.jsonl');
    const openai = {
      request: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hi' }], temperature: 0 },
      response: {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1735689600,
        model: 'gpt-4o-2024-08-06',
        choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
      },
    };
    const anthropic = {
      request: {
        model: 'claude-sonnet-4-5',
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'Hi' }],
        max_tokens: 50,
      },
      response: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content: [{ type: 'text', text: 'Hello.' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 12, output_tokens: 3 },
      },
    };
    writeFileSync(file, JSON.stringify(openai) + '\n' + JSON.stringify(anthropic) + '\n');
    expect(await importInto(db, file)).toMatchObject({ format: 'request-response', imported: 2, errors: [] });
    const [oa] = await spans(db, { provider: 'openai' });
    expect(oa).toMatchObject({ span_id: 'chatcmpl-1', model: 'gpt-4o-2024-08-06', input_tokens: 9, output_tokens: 1 });
    expect(oa.started_at).toBe('2025-01-01T00:00:00Z');
    const [an] = await spans(db, { provider: 'anthropic' });
    expect(an).toMatchObject({ span_id: 'msg_1', input_tokens: 12, output_tokens: 3 });
    expect(an.input[0]).toMatchObject({ role: 'system', content: 'Be brief.' });
    expect(an.output[0]).toMatchObject({ role: 'assistant', content: 'Hello.' });
  });

  it('--format forces a reader; records of another format are reported, not guessed', async () => {
    const dir = tempDir();
    const db = join(dir, 't.db');
    const file = join(FIXTURES, 'openai-cookbook/toy_chat_fine_tuning.jsonl');
    // Every record is of another format: the file gives nothing and is refused, with the reasons.
    const error = await cliFails(['import', file, '--db', db, '--format', 'native'], 1, 'parse_error');
    expect(error.format).toBe('native');
    expect(error.message).toMatch(
      /^every record of '.*' was rejected .*; first: line 1: this record looks like openai-chat/,
    );
    expect(error.errors[0].message).toMatch(/looks like openai-chat/);
    expect(error.committed).toMatchObject([{ file, imported: 0 }]);
  });
});
