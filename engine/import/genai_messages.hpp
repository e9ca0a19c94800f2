// Chat messages of LLM traces (GenAI parts model, OpenAI, Anthropic, Vercel AI, Gemini shapes) in
// tracesift's canonical form.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tracesift::import {

/// JSON of canonical messages (insertion-ordered, so "role" comes first).
using ChatJson = nlohmann::ordered_json;

/// The canonical message form, the OpenAI chat shape:
///
///     [{"role": "system" | "user" | "assistant" | "tool",
///       "content": <string, or the parts array when a message has non-text parts, or null>,
///       "tool_calls"?: [{"id", "type": "function", "function": {"name", "arguments": <string>}}],
///       "tool_call_id"?: <string>,
///       "name"?: <string>}]
///
/// Text parts become the content string (several joined with "\n"); tool-call parts become
/// `tool_calls` (arguments as JSON text); tool results become their own "tool" messages with
/// `tool_call_id`, ahead of the rest of their message; other parts (images, files, reasoning, ...)
/// are kept as given in a content array, where text parts read {"type": "text", "text": ...}.
/// Roles are lower-cased; "model" and "ai" read "assistant", "human" reads "user".
struct ChatMessages {
  ChatJson messages = ChatJson::array();    ///< the canonical messages
  bool lossless = true;                     ///< false when a source detail has no place in the form
  std::vector<std::string> finish_reasons;  ///< per-message finish reasons, which the form leaves out
};

/// Which side of a call messages are on; decides the role of a message that names none.
enum class ChatSide { input, output };

/// Converts `source` (an array of messages, or one message object) in the GenAI parts model
/// ({"role", "parts": [...]}) or a chat shape ({"role", "content": string | parts, "tool_calls"?,
/// "tool_call_id"?}) and appends the result to `out`. Returns false, leaving `out` unchanged,
/// when `source` does not look like messages.
bool append_chat_messages(const nlohmann::json& source, ChatSide side, ChatMessages& out);

/// A system message from system instructions (a string, one part, or an array of parts); sets
/// `lossless` to false when a detail is left out. nullopt when `instructions` is none of these.
std::optional<ChatJson> system_message(const nlohmann::json& instructions, bool& lossless);

/// A canonical tool call; `arguments` may be JSON text or any JSON value (written as text).
ChatJson make_tool_call(const std::string* id, const std::string& name, const nlohmann::json* arguments);

/// The canonical role for a source role.
std::string canonical_role(std::string_view role);

/// Parses JSON text held in a string attribute; nullopt when it is not JSON or nests deeper than
/// kMaxJsonDepth.
std::optional<nlohmann::json> parse_json_text(std::string_view text);

/// True when `text`, after leading white space, starts like a JSON object or array.
bool looks_like_json_container(std::string_view text) noexcept;

}  // namespace tracesift::import
