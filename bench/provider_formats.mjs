// Rewrites the LLM calls of a native JSONL file (bench/generate.mjs) in three provider formats, for
// import benchmarks of their readers: OpenAI chat fine-tuning JSONL (with a tools list),
// request/response JSONL (Chat Completions bodies) and Langfuse observations (GENERATION).
// Usage: node bench/provider_formats.mjs NATIVE.jsonl OUT_DIR
//   writes OUT_DIR/openai-chat.jsonl, OUT_DIR/request-response.jsonl, OUT_DIR/langfuse.jsonl
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [input, outDir] = process.argv.slice(2);
if (!input || !outDir) {
  console.error('usage: node bench/provider_formats.mjs NATIVE.jsonl OUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const out = {
  chat: createWriteStream(join(outDir, 'openai-chat.jsonl')),
  exchange: createWriteStream(join(outDir, 'request-response.jsonl')),
  langfuse: createWriteStream(join(outDir, 'langfuse.jsonl')),
};
// One tool schema, its keys in no alphabetical order (as real schemas are).
const tools = [
  {
    type: 'function',
    function: {
      name: 'search_code',
      description: 'Search the code',
      parameters: {
        type: 'object',
        properties: { query: { type: 'string' }, path: { type: 'string' } },
        required: ['query'],
      },
    },
  },
];
let calls = 0;
for await (const line of createInterface({ input: createReadStream(input) })) {
  if (!line) continue;
  const s = JSON.parse(line);
  if (s.kind !== 'llm_call' || !Array.isArray(s.input) || !Array.isArray(s.output)) continue;
  ++calls;
  const usage = { prompt_tokens: s.input_tokens ?? 0, completion_tokens: s.output_tokens ?? 0 };
  out.chat.write(
    JSON.stringify({ messages: [...s.input, ...s.output], tools, parallel_tool_calls: false, model: s.model }) + '\n',
  );
  out.exchange.write(
    JSON.stringify({
      request: { model: s.model, messages: s.input, tools, temperature: 0.3 },
      response: {
        id: `chatcmpl-${s.span_id}`,
        object: 'chat.completion',
        model: s.model,
        choices: [{ index: 0, message: s.output[0], finish_reason: 'stop' }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      },
      timestamp: s.started_at,
      latency_ms: 700,
      session_id: s.session_id,
    }) + '\n',
  );
  out.langfuse.write(
    JSON.stringify({
      id: s.span_id,
      traceId: s.trace_id,
      parentObservationId: s.parent_span_id,
      type: 'GENERATION',
      name: s.name,
      startTime: s.started_at,
      endTime: s.ended_at,
      model: s.model,
      input: s.input,
      output: s.output[0],
      usage: { input: s.input_tokens, output: s.output_tokens, unit: 'TOKENS' },
      calculatedTotalCost: s.cost_usd,
      metadata: { attributes: s.attributes, environment: s.environment },
      level: 'DEFAULT',
    }) + '\n',
  );
}
await Promise.all(Object.values(out).map((s) => new Promise((done) => s.end(done))));
console.log(JSON.stringify({ calls, out: outDir }));
