// The app's one reader of the canonical messages (web/app/src/common/messages/, pure): what the drawer,
// the dataset rows and the review desk show for each canonical shape (text, parts, tool calls,
// tool results, reasoning and redacted reasoning, images), for keys and parts that are not
// canonical, and for values that are not messages at all; and the one-line previews of rows, where
// a tool call shows as "assistant → name(arguments)" and nothing previews as an empty "role:".
import { describe, expect, it } from 'vitest';
import type { Json } from 'tracesift';
import { prettyJson, readMessages, type ChatMessage } from '../../web/app/src/common/messages/canonical.js';
import { PREVIEW_CHARS, cut, valueText } from '../../web/app/src/common/messages/preview.js';

/** The messages of a value that must read as messages. */
function messages(value: Json): ChatMessage[] {
  const read = readMessages(value);
  if (read.kind !== 'messages') throw new Error(`expected messages, got ${read.kind}`);
  return read.messages;
}

const WEATHER_CALL = {
  role: 'assistant',
  content: null,
  tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
};
const WEATHER_RESULT = { role: 'tool', content: '{"temperature":21,"unit":"C"}', tool_call_id: 'call_1' };

describe('canonical messages as the views show them', () => {
  it('shows text messages with their role and name, content as given (markup stays text)', () => {
    const html = '<img src=x onerror="alert(1)"> & <b>bold</b>';
    expect(
      messages([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: html, name: 'ada' },
        { role: 'assistant', content: 'line one\nline two' },
      ]),
    ).toEqual([
      { role: 'system', name: null, blocks: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', name: 'ada', blocks: [{ type: 'text', text: html }] },
      { role: 'assistant', name: null, blocks: [{ type: 'text', text: 'line one\nline two' }] },
    ]);
    expect(valueText([{ role: 'user', content: html }])).toBe(`user: ${html}`);
  });

  it('shows content parts in order: text, images as a label, other parts as labelled JSON', () => {
    const audio = { type: 'input_audio', input_audio: { data: 'UklGR...', format: 'wav' } };
    const unknown = { type: 'document', source: { media_type: 'application/pdf' } };
    const dataUrl = `data:image/png;base64,${'A'.repeat(4096)}`;
    const [m] = messages([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'image_url', image_url: { url: dataUrl } },
          audio,
          { type: 'file', file: { filename: 'report.pdf', file_data: 'JVBERi0...' } },
          unknown,
        ],
      },
    ]);
    expect(m!.blocks).toEqual([
      { type: 'text', text: 'What is in these?' },
      { type: 'media', label: 'image: https://example.com/cat.png' },
      { type: 'media', label: 'image (embedded, 3 KB)' },
      { type: 'media', label: 'audio (wav)' },
      { type: 'media', label: 'file: report.pdf' },
      { type: 'json', label: 'document', value: unknown },
    ]);
    // The data of an embedded image never reaches the text.
    const preview = valueText([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look:' },
          { type: 'image_url', image_url: { url: dataUrl } },
        ],
      },
    ]);
    expect(preview).toBe('user: Look: [image (embedded, 3 KB)]');
    expect(preview).not.toContain('AAAA');
  });

  it('shows tool calls with name, id and the arguments as the source wrote them', () => {
    const args = '{"city":"Paris","units":"metric","when":{"day":"today"}}';
    const [m] = messages([
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: args } },
          { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
    ]);
    expect(m!.blocks).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_call', name: 'get_weather', id: 'call_a', arguments: args },
      { type: 'tool_call', name: 'get_time', id: 'call_b', arguments: '{}' },
    ]);
    // Indented for reading, keys in the source's order (not sorted).
    expect(prettyJson(args)).toBe(
      '{\n  "city": "Paris",\n  "units": "metric",\n  "when": {\n    "day": "today"\n  }\n}',
    );
    // A call that is not in the canonical shape is shown as it is, not guessed at.
    const odd = { name: 'get_weather', input: { city: 'Paris' } };
    expect(messages([{ role: 'assistant', content: null, tool_calls: [odd] }])[0]!.blocks).toEqual([
      { type: 'json', label: 'tool call', value: odd },
    ]);
  });

  it('shows a tool message as the result of the call it answers', () => {
    expect(messages([WEATHER_CALL, WEATHER_RESULT])).toEqual([
      {
        role: 'assistant',
        name: null,
        blocks: [{ type: 'tool_call', name: 'get_weather', id: 'call_1', arguments: '{"city":"Paris"}' }],
      },
      {
        role: 'tool',
        name: null,
        blocks: [{ type: 'tool_result', id: 'call_1', text: '{"temperature":21,"unit":"C"}' }],
      },
    ]);
    // A result paired with no call (tool_call_id null), with parts, with a name.
    const [r] = messages([
      {
        role: 'tool',
        content: [
          { type: 'text', text: 'sunny' },
          { type: 'text', text: '21 C' },
          { type: 'image_url', image_url: { url: 'https://example.com/map.png' } },
        ],
        tool_call_id: null,
        name: 'get_weather',
      },
    ]);
    expect(r).toEqual({
      role: 'tool',
      name: 'get_weather',
      blocks: [
        { type: 'tool_result', id: null, text: 'sunny\n21 C' },
        { type: 'media', label: 'image: https://example.com/map.png' },
      ],
    });
  });

  it('keeps reasoning apart from the text; a redacted part has no text to show', () => {
    const [m] = messages([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'The user wants the weather; call the tool.' },
          { type: 'reasoning', text: '', redacted: true },
          { type: 'text', text: 'It is sunny.' },
        ],
      },
    ]);
    expect(m!.blocks).toEqual([
      { type: 'reasoning', text: 'The user wants the weather; call the tool.', redacted: false },
      { type: 'reasoning', text: '', redacted: true },
      { type: 'text', text: 'It is sunny.' },
    ]);
  });

  it('shows keys that are not canonical as JSON instead of dropping them', () => {
    const [m] = messages([{ role: 'user', content: 'hi', 'event.name': 'gen_ai.user.message', index: 0 }]);
    expect(m!.blocks).toEqual([
      { type: 'text', text: 'hi' },
      { type: 'extra', value: { 'event.name': 'gen_ai.user.message', index: 0 } },
    ]);
    // Not part of what is trained on: left out of the preview.
    expect(valueText([{ role: 'assistant', content: 'ok', finish_reason: 'stop' }])).toBe('assistant: ok');
    // Content that is neither a string, null nor parts.
    expect(messages([{ role: 'user', content: { q: 1 } }])[0]!.blocks).toEqual([
      { type: 'json', label: 'content', value: { q: 1 } },
    ]);
  });

  it('shows a value that is not a message list whole: a string as it is, JSON indented', () => {
    expect(readMessages(null)).toEqual({ kind: 'none' });
    expect(readMessages('What is 2+2? {"not": "parsed"}')).toEqual({
      kind: 'raw',
      text: 'What is 2+2? {"not": "parsed"}',
    });
    expect(readMessages({ city: 'Zürich', days: [1, 2] })).toEqual({
      kind: 'raw',
      text: '{\n  "city": "Zürich",\n  "days": [\n    1,\n    2\n  ]\n}',
    });
    // Empty arrays, arrays with a non-message, provider shapes the engine kept raw: not messages.
    expect(readMessages([]).kind).toBe('raw');
    expect(readMessages([{ role: 'user', content: 'a' }, 'b']).kind).toBe('raw');
    expect(readMessages({ messages: [{ role: 'user', content: 'a' }] }).kind).toBe('raw');
    expect(readMessages([{ type: 'function_call', name: 'f', arguments: '{}', call_id: 'c' }]).kind).toBe('raw');
    expect(readMessages(42)).toEqual({ kind: 'raw', text: '42' });
  });
});

describe('one-line previews of rows', () => {
  it('previews a tool call as "assistant → name(arguments)", never as an empty "assistant:"', () => {
    expect(valueText([WEATHER_CALL])).toBe('assistant → get_weather({"city":"Paris"})');
    expect(valueText([{ role: 'user', content: 'Weather in Paris?' }, WEATHER_CALL, WEATHER_RESULT])).toBe(
      'user: Weather in Paris? · assistant → get_weather({"city":"Paris"}) · tool: {"temperature":21,"unit":"C"}',
    );
    // Text and calls together, several calls, arguments written over several lines.
    expect(
      valueText([
        {
          role: 'assistant',
          content: 'Checking both.',
          tool_calls: [
            { id: 'a', type: 'function', function: { name: 'get_weather', arguments: '{\n  "city": "Paris"\n}' } },
            { id: 'b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
          ],
        },
      ]),
    ).toBe('assistant: Checking both. → get_weather({ "city": "Paris" }), get_time({})');
  });

  it('previews the text of a message with reasoning; reasoning alone is named, not empty', () => {
    const thinking = { type: 'reasoning', text: 'secret chain of thought' };
    expect(valueText([{ role: 'assistant', content: [thinking, { type: 'text', text: 'Paris.' }] }])).toBe(
      'assistant: Paris.',
    );
    expect(valueText([{ role: 'assistant', content: [thinking] }])).toBe('assistant: [reasoning]');
    expect(valueText([{ role: 'assistant', content: [{ type: 'reasoning', text: '', redacted: true }] }])).toBe(
      'assistant: [reasoning, encrypted]',
    );
    expect(
      valueText([
        { role: 'assistant', content: [{ type: 'reasoning', text: 'hmm' }], tool_calls: WEATHER_CALL.tool_calls },
      ]),
    ).toBe('assistant → get_weather({"city":"Paris"})');
    expect(valueText([{ role: 'assistant', content: null }])).toBe('assistant: (no content)');
  });

  it('previews other values as a string or compact JSON, null as nothing', () => {
    expect(valueText(null)).toBe('');
    expect(valueText('plain prompt')).toBe('plain prompt');
    expect(valueText({ city: 'Paris' })).toBe('{"city":"Paris"}');
    expect(valueText([{ role: 'user', content: [{ type: 'document', id: 7 }] }])).toBe(
      'user: {"type":"document","id":7}',
    );
  });

  it('cuts a long preview at a code point, marking the cut', () => {
    const long = valueText([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'c',
            type: 'function',
            function: { name: 'search', arguments: JSON.stringify({ q: '😀'.repeat(400) }) },
          },
        ],
      },
    ]);
    const shown = cut(long);
    expect([...shown]).toHaveLength(PREVIEW_CHARS);
    expect(shown.startsWith('assistant → search({"q":"😀😀')).toBe(true);
    expect(shown.endsWith('😀…')).toBe(true);
    expect(cut('short')).toBe('short');
  });
});
