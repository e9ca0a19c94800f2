// A crafted trace file whose openai-chat export leaves out known things: rows rejected for two
// reasons, rows written without their reasoning parts, and a row with tool calls but no tool
// definitions. Used by the node test of the app's export report and by the Datasets e2e test.
import { spanLine } from './helpers.js';

/** The task of every probe span (`task:export-probe` selects them). */
export const PROBE_TASK = 'export-probe';

const user = (text: string) => [{ role: 'user', content: text }];
/** A native span line of the probe task. */
const probe = (id: string, fields: Record<string, unknown>) => spanLine(id, { task: PROBE_TASK, ...fields });

/** The probe spans as one native JSONL file's text. */
export const PROBE_JSONL =
  [
    probe('probe-plain', { input: user('Capital of France?'), output: [{ role: 'assistant', content: 'Paris.' }] }),
    probe('probe-reasoning', {
      input: user('2 + 2?'),
      output: [
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Two and two make four.' },
            { type: 'text', text: '4' },
          ],
        },
      ],
    }),
    probe('probe-redacted', {
      input: user('3 + 3?'),
      output: [
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: '', redacted: true },
            { type: 'text', text: '6' },
          ],
        },
      ],
    }),
    probe('probe-calls', {
      input: user('Weather in Oslo?'),
      output: [
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
          ],
        },
      ],
    }),
    probe('probe-no-input', { input: null, output: [{ role: 'assistant', content: 'Hello.' }] }),
    probe('probe-no-output-1', { input: user('Still there?'), output: null }),
    probe('probe-no-output-2', { input: user('Anyone?'), output: null }),
  ].join('\n') + '\n';

/** What the openai-chat export of a dataset of every probe span reports. */
export const PROBE_EXPECTED = {
  rows: 4,
  rejected: 3,
  reasons: [
    { reason: 'the row has no output (no assistant reply to train on)', rows: 2 },
    { reason: 'the row has no input', rows: 1 },
  ],
  reasoningDropped: 2,
  toolCallsWithoutTools: 1,
};
