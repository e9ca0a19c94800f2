// The input and output messages of an OpenTelemetry span, from whichever convention carries them.
#pragma once

#include <string>
#include <vector>

#include "../span.hpp"
#include "otel_attributes.hpp"

namespace tracesift::import {

struct OtelEventMessages;

/// Fills `span.input_json` and `span.output_json` (canonical messages, see ChatMessages, or the
/// raw value when it is not recognisable as messages) from the span's attributes and the messages
/// its events carried (`events`, may be null), taking the first source present, in this order:
///   1. `gen_ai.input.messages` / `gen_ai.output.messages` span attributes (GenAI parts model; JSON
///      text or value), with `gen_ai.system_instructions` as a leading system message;
///   2. a `gen_ai.client.inference.operation.details` event or linked log record carrying the same
///      three keys;
///   3. the per-message events `gen_ai.system.message`, `gen_ai.user.message`,
///      `gen_ai.assistant.message`, `gen_ai.tool.message` (input) and `gen_ai.choice` (output);
///   4. `llm.input_messages.N.message.*` / `llm.output_messages.N.message.*` (OpenInference);
///   5. `gen_ai.prompt.N.*` / `gen_ai.completion.N.*` (older GenAI, OpenLLMetry);
///   6. `gen_ai.prompt` / `gen_ai.completion` (deprecated JSON text);
///   7. Vercel AI SDK `ai.prompt.messages`, `ai.prompt` / `ai.response.text`, `ai.response.toolCalls`,
///      `ai.response.object`;
///   8. Google ADK `gcp.vertex.agent.llm_request` (config.system_instruction, contents) /
///      `gcp.vertex.agent.llm_response` (content), Gemini shapes, never consumed (they hold more);
///   9. `input.value` / `output.value` (parsed when `*.mime_type` is application/json or the text is
///      a JSON object or array).
/// An attribute is consumed only when the result holds all it says; otherwise it stays.
void map_otel_messages(OtelAttributes& attributes, Span& span, OtelEventMessages* events = nullptr);

/// True when every one of `reasons` (per-message finish reasons, which canonical messages leave
/// out) is also in the attribute gen_ai.response.finish_reasons of `attributes`.
bool otel_finish_reasons_kept(const OtelAttributes& attributes, const std::vector<std::string>& reasons);

}  // namespace tracesift::import
