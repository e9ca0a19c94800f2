// The input and output messages of an OpenTelemetry span, from whichever convention carries them.
#pragma once

#include "../span.hpp"
#include "otel_attributes.hpp"

namespace tracesift::import {

/// Fills `span.input_json` and `span.output_json` (canonical messages, see ChatMessages, or the
/// raw value when it is not recognisable as messages) from the span's attributes, taking the
/// first source present, in this order:
///   1. `gen_ai.input.messages` / `gen_ai.output.messages` (GenAI parts model; JSON text or value),
///      with `gen_ai.system_instructions` as a leading system message;
///   2. `llm.input_messages.N.message.*` / `llm.output_messages.N.message.*` (OpenInference);
///   3. `gen_ai.prompt.N.*` / `gen_ai.completion.N.*` (older GenAI, OpenLLMetry);
///   4. `gen_ai.prompt` / `gen_ai.completion` (deprecated JSON text);
///   5. Vercel AI SDK `ai.prompt.messages`, `ai.prompt` / `ai.response.text`, `ai.response.toolCalls`,
///      `ai.response.object`;
///   6. `input.value` / `output.value` (parsed when `*.mime_type` is application/json or the text is
///      a JSON object or array).
/// An attribute is consumed only when the result holds all it says; otherwise it stays.
void map_otel_messages(OtelAttributes& attributes, Span& span);

}  // namespace tracesift::import
