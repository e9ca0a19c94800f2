// What becomes a training row: every real trace file in tests/fixtures/real through import, an eval
// dataset of its completed LLM generations and the openai-chat export (scripts/yield.mjs), against
// the per-file numbers reached, and docs/FORMAT.md's table against the measured one.
import { describe, expect, it } from 'vitest';
import { markdown, measureAll, tableInDocs, totals } from '../../scripts/yield.mjs';

interface YieldRow {
  file: string;
  format: string;
  generations: number;
  with_messages: number;
  rows: number;
  reasoning_rejected: number;
  reasons: Record<string, number>;
}

// file -> [completed generations, with messages on both sides, openai-chat rows]
const EXPECTED: Record<string, [number, number, number]> = {
  'agentevals-adk-otlp/v1_event_stable/S1.json': [2, 2, 2],
  'agentevals-adk-otlp/v1_event_stable_contrib/S1.json': [2, 2, 2],
  'agentevals-adk-otlp/v2_event_only/S1.json': [2, 2, 2],
  'agentevals-adk-otlp/v2_event_only/S2.json': [6, 6, 6],
  'langfuse-framework-traces/agno-2025-06-11.trace.json': [4, 4, 3],
  'langfuse-framework-traces/autogen-2025-06-06.trace.json': [1, 1, 1],
  'langfuse-framework-traces/beeai-2025-08-01.trace.json': [5, 0, 0],
  'langfuse-framework-traces/crewai-2025-07-11.trace.json': [1, 1, 1],
  'langfuse-framework-traces/google-adk-2025-08-28.trace.json': [2, 2, 2],
  'langfuse-framework-traces/google-gemini-2025-08-01.trace.json': [1, 1, 1],
  'langfuse-framework-traces/koog-2025-08-26.trace.json': [2, 2, 2],
  'langfuse-framework-traces/langgraph-js-2025-10-30.trace.json': [2, 2, 2],
  'langfuse-framework-traces/langgraph-python-2025-08-22.trace.json': [2, 2, 2],
  'langfuse-framework-traces/llamaindex-2025-06-05.trace.json': [1, 1, 1],
  'langfuse-framework-traces/microsoft-agent-2025-12-17.trace.json': [2, 2, 1],
  'langfuse-framework-traces/openai-agents-2025-09-30.trace.json': [2, 2, 2],
  'langfuse-framework-traces/pydantic-ai-2025-06-06.trace.json': [1, 1, 1],
  'langfuse-framework-traces/pydantic-ai-tools-2025-06-06.trace.json': [1, 1, 1],
  'langfuse-framework-traces/pydantic-ai-tools-2025-12-04.trace.json': [4, 4, 4],
  'langfuse-framework-traces/pydantic-ai-with-gemini-2025-12-24.trace.json': [1, 1, 1],
  'langfuse-framework-traces/vercel-aisdk-2025-11-17.trace.json': [2, 2, 2],
  'langfuse-framework-traces/vertex-ai-2025-08-01.trace.json': [1, 1, 1],
  'langwatch-coding-agent-spans/codex-B.session_task_turn.json': [0, 0, 0],
  'langwatch-coding-agent-spans/gemini-B.llm_call.json': [0, 0, 0],
  'openai-cookbook/toy_chat_fine_tuning.jsonl': [5, 5, 5],
  'openinference-console-exporter/out.json': [2, 2, 2],
  'openinference-genai/openinference_client_span_input_output_only.json': [0, 0, 0],
  'openinference-genai/openinference_client_span_tool_calls.json': [0, 0, 0],
  'openinference-genai/otel_genai_client_span_tool_calls.json': [0, 0, 0],
  'openinference-genai/otel_genai_deprecated_client_span_tool_calls.json': [0, 0, 0],
  'openinference-genai/otel_genai_tool_execution_span.json': [0, 0, 0],
  'openinference-vercel-v6-spans/ai-embed-doEmbed.json': [0, 0, 0],
  'openinference-vercel-v6-spans/ai-embed.json': [0, 0, 0],
  'openinference-vercel-v6-spans/ai-generateObject-doGenerate.json': [1, 1, 1],
  'openinference-vercel-v6-spans/ai-generateObject.json': [0, 0, 0],
  'openinference-vercel-v6-spans/ai-generateText-doGenerate.json': [2, 2, 2],
  'openinference-vercel-v6-spans/ai-generateText.json': [0, 0, 0],
  'openinference-vercel-v6-spans/ai-streamText-doStream.json': [1, 1, 1],
  'openinference-vercel-v6-spans/ai-streamText.json': [0, 0, 0],
  'openinference-vercel-v6-spans/all-spans.json': [4, 4, 4],
  'opentelemetry-proto/trace.json': [0, 0, 0],
  'phoenix-docs-llamaindex-spans/spans.json': [1, 1, 1],
  'promptflow-sample-trace/sample_trace.json': [0, 0, 0],
};

// The generations with messages that cannot be rows, because the trace does not hold what a row
// needs (docs/FORMAT.md "What becomes a training row"):
//  - agno "chat gpt-4o-mini": the Langfuse SDK wrote the conversation as text and the assistant's
//    tool call as "None", so the tool result answers nothing (the parent OpenAIChat.invoke
//    observation holds the whole conversation and is a row);
//  - microsoft-agent's second call: its input is only the tool result; the call it answers lives
//    in the previous response on the server (Responses API previous_response_id).
// (Google ADK S2 labels the result of its call get_weather_1 as get_weather_0: the one pending call
// answers it, docs/FORMAT.md "Ids", so its last two generate_content calls are rows.)
const DATA_LIMITS: Record<string, Record<string, number>> = {
  'langfuse-framework-traces/agno-2025-06-11.trace.json': {
    'input[n] is an assistant message with neither content nor tool calls': 1,
  },
  'langfuse-framework-traces/microsoft-agent-2025-12-17.trace.json': {
    "input[n] answers tool call '…', which no assistant message just before it made (or which was answered already)": 1,
  },
};

describe('openai-chat yield over the real trace fixtures', () => {
  it('gives the rows measured; every generation with messages that is not a row is a documented data limit', async () => {
    const rows: YieldRow[] = await measureAll();
    const measured = Object.fromEntries(rows.map((r) => [r.file, [r.generations, r.with_messages, r.rows]]));
    expect(measured).toEqual(EXPECTED);
    for (const r of rows) {
      // Rows lost although both sides hold messages: only the documented data limits.
      const lost = Object.fromEntries(
        Object.entries(r.reasons).filter(([reason]) => !/^the row has no (input|output)/.test(reason)),
      );
      expect({ file: r.file, lost }).toEqual({ file: r.file, lost: DATA_LIMITS[r.file] ?? {} });
    }
    for (const r of rows.filter((r) => r.file.startsWith('langfuse-framework-traces/')))
      expect(r.format).toBe('langfuse');
    const all = totals(rows);
    const limits = Object.values(DATA_LIMITS).flatMap((m) => Object.values(m));
    expect(all.rows + limits.reduce((a, b) => a + b, 0)).toBe(all.with_messages);
    // At least 95% of the generations with messages are rows.
    expect(all.rows / all.with_messages).toBeGreaterThanOrEqual(0.95);
    // Every generation with messages that is not a row has a reason in the recipe.
    for (const r of rows) {
      const rejected = Object.values(r.reasons).reduce((a, b) => a + b, 0);
      expect(r.rows + rejected).toBe(r.generations);
    }
    expect(tableInDocs()).toBe(markdown(rows));
  });
});
