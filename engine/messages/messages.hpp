// The canonical message module: every provider and framework message shape found in traces, in
// one canonical chat form (docs/FORMAT.md "Canonical messages"):
//
//     [{"role": "system" | "user" | "assistant" | "tool",
//       "content": <string> | null | [<part>, ...],
//       "tool_calls"?: [{"id", "type": "function", "function": {"name", "arguments": <JSON text>}}],
//       "tool_call_id"?: <string> | null,
//       "name"?: <string>}]
//
// with keys in that order and no others. Every importer, the review checker and the tests go
// through this header; what a dialect looks like and what it becomes is listed in README.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../json_value.hpp"

namespace tracesift::messages {

/// Canonical messages (insertion-ordered, so "role" comes first).
using ChatJson = Json;

/// Which side of a call messages are on; decides the role of a message that names none.
enum class ChatSide { input, output };

/// Canonical messages, and what of the source they do not hold (so a reader can keep it).
struct MessageConversion {
  Json messages = Json::array();            ///< canonical messages
  Json dropped = Json::array();             ///< source items, message fields and parts with no canonical place
  Json rest = Json::object();               ///< keys of a wrapping body that were not messages (model, config, ...)
  bool lossless = true;                     ///< false when a non-empty source detail has no place in the messages
  std::vector<std::string> finish_reasons;  ///< per-message finish reasons (also in `dropped`)
};

/// Canonical messages converted from OpenTelemetry attributes (see append_chat_messages).
struct ChatMessages {
  ChatJson messages = ChatJson::array();    ///< the canonical messages
  bool lossless = true;                     ///< false when a source detail has no place in the form
  std::vector<std::string> finish_reasons;  ///< per-message finish reasons, which the form leaves out
};

// --- Recognition: values of unknown origin -------------------------------------------------------

/// Finds messages in a value of unknown origin (a Langfuse input/output, an `input.value`): an
/// array of messages in any supported dialect (role messages, GenAI parts, LangChain, Responses
/// items, Vercel tool calls), one message, a request/response body holding them (`messages`,
/// `choices`, Responses `output`/`input`, Anthropic `content`, Gemini `contents`/`candidates`,
/// Vercel `{"system"?, "prompt"}`), or on the input side a "role: text" transcript. Nullopt when it
/// holds none, so the caller keeps the raw value. Tool-call ids are not assigned here: see
/// assign_tool_call_ids.
std::optional<MessageConversion> recognize_messages(const Json& value, ChatSide side = ChatSide::input);

/// Chat Completions request messages (also Anthropic-style content blocks); nullopt unless
/// `messages` is an array of messages. `system` (a string or text blocks; may be null) becomes a
/// leading system message.
std::optional<MessageConversion> chat_messages(const Json& messages, const Json* system = nullptr);

/// One assistant turn from response content: Anthropic content blocks, or a Chat Completions
/// `choices[i].message`. Nullopt when `content` has another shape.
std::optional<MessageConversion> assistant_message(const Json& content);

/// Responses API `input` (a string, or message / function_call / function_call_output / reasoning
/// items) after `instructions` (may be null) as a system message. Unknown items go to `dropped`.
std::optional<MessageConversion> responses_input_messages(const Json& input, const Json* instructions);

/// Responses API `output` items as assistant (and tool) messages; reasoning items become reasoning
/// parts of the assistant turn they precede. Unknown items go to `dropped`.
std::optional<MessageConversion> responses_output_messages(const Json& output);

/// A canonical tool call from any supported dialect (OpenAI, LangChain, Anthropic tool_use, GenAI
/// tool_call, Responses function_call, Vercel, Gemini function_call), or nullopt. A call without an
/// id has no "id" until assign_tool_call_ids gives it one.
std::optional<Json> canonical_tool_call(const Json& call);

// --- OpenTelemetry attribute values ------------------------------------------------------------

/// Converts `source` (an array of messages, or one message object) in the GenAI parts model
/// ({"role", "parts": [...]}) or a chat shape and appends the result to `out`. Returns false,
/// leaving `out` unchanged, when `source` does not look like messages.
bool append_chat_messages(const Json& source, ChatSide side, ChatMessages& out);

/// A system message from system instructions (a string, one part, an array of parts, or a Gemini
/// {"parts"} object); sets `lossless` to false when a detail is left out. Nullopt when
/// `instructions` is none of these.
std::optional<ChatJson> system_message(const Json& instructions, bool& lossless);

/// A canonical tool call; `arguments` may be JSON text or any JSON value (written compactly in its
/// own key order). A null or empty `id` leaves the call without one (assign_tool_call_ids).
ChatJson make_tool_call(const std::string* id, const std::string& name, const Json* arguments);

/// The canonical role for a source role: lower-cased; "model"/"ai" -> assistant, "human" -> user,
/// "developer" -> system, "function" -> tool. Other roles are returned lower-cased.
std::string canonical_role(std::string_view role);

// --- One conversation -----------------------------------------------------------------------------

/// Finishes the tool calls of one conversation (a span's input, then its output; either may be
/// null or not an array): a call without an id gets "call_" + 16 hex digits of FNV-1a 64 over
/// "<function name>\n<n>" (n counts the id-less calls in order); a tool result without an id
/// answers the earliest call not answered yet with the same function name (any name when the
/// result names none), else its tool_call_id is null; a result whose id names no call of the
/// conversation answers the one call not answered yet (with its function name, when it gives one)
/// when there is exactly one (Google ADK mislabelling ids), else keeps its id; a message whose role
/// is the name of a pending call (LangGraph JS) becomes that call's tool message.
void assign_tool_call_ids(Json& input, Json& output);

/// The id given to the n-th id-less call (counting from 0) of `name` in a conversation.
std::string generated_call_id(std::string_view name, size_t n);

/// Why `messages` is not a canonical message array (the first broken rule, naming the message),
/// or nullopt when it is one.
std::optional<std::string> canonical_messages_problem(const Json& messages);

// --- JSON text ------------------------------------------------------------------------------------

/// Parses JSON text held in a string (an attribute, a Langfuse field), keeping key order; nullopt
/// when it is not JSON or nests deeper than kMaxJsonDepth.
std::optional<Json> parse_json_text(std::string_view text);

/// True when `text`, after leading white space, starts like a JSON object or array.
bool looks_like_json_container(std::string_view text) noexcept;

/// Compact JSON text of `value` (invalid UTF-8 replaced, never thrown).
std::string compact_text(const Json& value);

}  // namespace tracesift::messages
