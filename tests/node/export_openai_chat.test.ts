// The openai-chat export through the CLI on real agent traces with tools (Langfuse exports of
// openai-agents and pydantic-ai): every completed call a valid row with its tools, the schema with
// the source's bytes, parallel_tool_calls from the request, and what was left out counted in the
// printed summary and the recipe file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliJson, ROOT, spanLine, tempDir } from './helpers.js';

const TRACES = join(ROOT, 'tests/fixtures/real/langfuse-framework-traces');
const TOP_LEVEL = new Set(['messages', 'tools', 'parallel_tool_calls']);
const MESSAGE_KEYS = new Set(['role', 'content', 'tool_calls', 'tool_call_id', 'name', 'weight']);

interface ChatLine {
  messages: { role: string; content?: string | null; tool_calls?: { id: string }[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; parameters?: object } }[];
  parallel_tool_calls?: boolean;
}

/** The lines of an openai-chat file, with the format's shape checked on each. */
function chatLines(path: string): { text: string; lines: ChatLine[] } {
  const text = readFileSync(path, 'utf8');
  const lines = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as ChatLine);
  for (const line of lines) {
    expect(Object.keys(line).every((k) => TOP_LEVEL.has(k))).toBe(true);
    for (const m of line.messages) {
      expect(Object.keys(m).every((k) => MESSAGE_KEYS.has(k))).toBe(true);
      expect(['system', 'user', 'assistant', 'tool']).toContain(m.role);
      expect(m.content === undefined || m.content === null || typeof m.content === 'string').toBe(true);
    }
    expect(line.messages.at(-1)!.role).toBe('assistant');
  }
  return { text, lines };
}

describe('openai-chat export through the CLI', () => {
  it('turns real agent traces with tools into rows with their tools, as the source wrote them', async () => {
    const dir = tempDir();
    const db = join(dir, 't.db');
    const agents = join(TRACES, 'openai-agents-2025-09-30.trace.json');
    for (const file of [agents, join(TRACES, 'pydantic-ai-tools-2025-12-04.trace.json')]) {
      await cliJson('import', file, '--db', db);
    }
    await cliJson('datasets', 'create', '--db', db, '--type', 'eval', '--name', 'calls', '--query', 'kind:llm_call');
    const out = join(dir, 'calls.jsonl');
    const summary = await cliJson('export', '--db', db, '--dataset', 'calls', '--format', 'openai-chat', '--out', out);
    expect(summary).toMatchObject({
      format: 'openai-chat',
      rows: 6,
      rejected: 0,
      reasoning_dropped: 0,
      tool_calls_without_tools: 0,
    });
    const { text, lines } = chatLines(out);
    expect(lines).toHaveLength(6);
    expect(lines.every((l) => (l.tools?.length ?? 0) > 0)).toBe(true);
    // openai-agents: parallel_tool_calls as the request said it (Langfuse's modelParameters).
    const weather = lines.filter((l) => l.tools![0]!.function.name === 'get_weather');
    expect(weather).toHaveLength(2);
    expect(weather.every((l) => l.parallel_tool_calls === true)).toBe(true);
    // The schema's tokens in the source's order (additionalProperties last, not sorted).
    const source = JSON.parse(readFileSync(agents, 'utf8'));
    const generation = source.observations.find((o: { type: string }) => o.type === 'GENERATION');
    const schemaText: string = JSON.parse(generation.metadata).attributes['llm.tools.0.tool.json_schema'];
    const parameters = JSON.stringify(JSON.parse(schemaText).function.parameters);
    expect(parameters.endsWith('"additionalProperties":false}')).toBe(true);
    expect(text).toContain(
      `{"type":"function","function":{"name":"get_weather","parameters":${parameters},"strict":true}}`,
    );
    // pydantic-ai: its function tools, and the output tool of the structured-output call.
    const names = lines.map((l) => l.tools!.map((t) => t.function.name).join(','));
    expect(names.filter((n) => n.startsWith('get_pun_suggestion'))).toHaveLength(3);
    expect(names).toContain('final_result');
    const recipe = JSON.parse(readFileSync(`${out}.recipe.json`, 'utf8'));
    expect(recipe.reasoning_dropped).toEqual({
      count: 0,
      reason: 'the OpenAI chat fine-tuning format has no place for reasoning',
      rows: [],
    });
    expect(recipe.tool_calls_without_tools).toMatchObject({ count: 0 });
  });

  it('leaves reasoning out and flags tool calls without tools, counted in the summary and the recipe', async () => {
    const dir = tempDir();
    const db = join(dir, 't.db');
    const user = [{ role: 'user', content: 'What is 17 times 3?' }];
    const file = join(dir, 'spans.jsonl');
    writeFileSync(
      file,
      [
        spanLine('r', {
          status: 'completed',
          input: user,
          output: [
            {
              role: 'assistant',
              content: [
                { type: 'reasoning', text: '10*3 + 7*3' },
                { type: 'reasoning', text: '', redacted: true },
                { type: 'text', text: '51' },
              ],
            },
          ],
        }),
        spanLine('c', {
          status: 'completed',
          input: user,
          output: [
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'multiply', arguments: '{"a":17}' } }],
            },
          ],
        }),
      ].join('\n') + '\n',
    );
    await cliJson('import', file, '--db', db);
    await cliJson('datasets', 'create', '--db', db, '--type', 'eval', '--name', 'd');
    const out = join(dir, 'd.jsonl');
    const summary = await cliJson('export', '--db', db, '--dataset', 'd', '--format', 'openai-chat', '--out', out);
    expect(summary).toMatchObject({ rows: 2, rejected: 0, reasoning_dropped: 1, tool_calls_without_tools: 1 });
    const { text, lines } = chatLines(out);
    expect(text).not.toContain('10*3');
    expect(lines.map((l) => l.messages.at(-1)!.content ?? null)).toContain('51');
    const recipe = JSON.parse(readFileSync(`${out}.recipe.json`, 'utf8'));
    expect(recipe.reasoning_dropped.count).toBe(1);
    expect(recipe.tool_calls_without_tools).toMatchObject({
      count: 1,
      reason: 'tool calls but no tool definitions in the span',
    });
    // jsonl keeps the reasoning parts as stored.
    const plain = join(dir, 'd.all.jsonl');
    expect(await cliJson('export', '--db', db, '--dataset', 'd', '--format', 'jsonl', '--out', plain)).toMatchObject({
      rows: 2,
      reasoning_dropped: 0,
    });
    expect(readFileSync(plain, 'utf8')).toContain('10*3 + 7*3');
  });
});
