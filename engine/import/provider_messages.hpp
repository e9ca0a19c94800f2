// Converts the message shapes of LLM providers and frameworks (OpenAI Chat Completions and
// Responses, Anthropic Messages, Gemini, OTel GenAI `parts`, LangChain, Vercel AI SDK) to the
// canonical messages of docs/CONTRACT.md: the OpenAI chat shape
// [{"role", "content", "tool_calls"?: [{"id", "type": "function", "function": {"name", "arguments"}}],
//   "tool_call_id"?, "name"?}].
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

namespace tracesift::import {

/// Canonical messages, and what of the source they do not hold (so a reader can keep it).
struct MessageConversion {
  nlohmann::json messages = nlohmann::json::array();  ///< canonical messages
  nlohmann::json dropped = nlohmann::json::array();   ///< source parts/items with no canonical form (reasoning, ...)
  nlohmann::json rest = nlohmann::json::object();     ///< keys of a wrapping object that were not messages
};

/// Finds messages in a value of unknown origin (a Langfuse input/output): an array of messages
/// (role messages in any supported dialect, Responses API items, LangChain messages, Vercel tool
/// calls), one message, or a request/response body holding them (`messages`, `choices`,
/// Responses `output`, Anthropic `content`, Gemini `contents`/`candidates`). Nullopt when it
/// holds none, so the caller keeps the raw value.
std::optional<MessageConversion> recognize_messages(const nlohmann::json& value);

/// Chat Completions request messages (also Anthropic-style content blocks) in canonical form;
/// nullopt unless `messages` is an array of role messages. `system` (a string or text blocks,
/// may be null) becomes a leading system message.
std::optional<MessageConversion> chat_messages(const nlohmann::json& messages, const nlohmann::json* system = nullptr);

/// One assistant message from response content: Anthropic content blocks, or a Chat Completions
/// `choices[i].message`. Nullopt when `content` has another shape.
std::optional<MessageConversion> assistant_message(const nlohmann::json& content);

/// Responses API `input` (a string, or message / function_call / function_call_output items)
/// after `instructions` (may be null) as a system message. Unknown items go to `dropped`.
std::optional<MessageConversion> responses_input_messages(const nlohmann::json& input,
                                                          const nlohmann::json* instructions);

/// Responses API `output` items as assistant (and tool) messages. Unknown items go to `dropped`.
std::optional<MessageConversion> responses_output_messages(const nlohmann::json& output);

/// A canonical tool call {"id", "type": "function", "function": {"name", "arguments": <string>}}
/// from any supported dialect, or nullopt.
std::optional<nlohmann::json> canonical_tool_call(const nlohmann::json& call);

}  // namespace tracesift::import
