// Internals shared by the files of engine/messages/ (not for use outside the module).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages.hpp"

namespace tracesift::messages::detail {

/// The member `key` of an object, or nullptr (also when `o` is not an object).
const Json* member(const Json& o, std::string_view key);
/// The string member `key`, or nullptr.
const std::string* string_member(const Json& o, std::string_view key);
/// The string member `key` when it is non-empty, or nullptr.
const std::string* id_member(const Json& o, std::string_view key);
/// True when `o` has the string member "type" equal to `type`.
bool type_is(const Json& o, std::string_view type);
/// True for null, "", [] and {}: values that say nothing.
bool is_empty(const Json& v) noexcept;

/// What one conversion collects besides the messages.
struct Conversion {
  Json messages = Json::array();
  Json dropped = Json::array();
  Json rest = Json::object();  ///< keys of a wrapping body that were not messages; "tools" offered as messages
  bool lossless = true;
  std::vector<std::string> finish_reasons;
  /// Records a non-empty source detail that has no canonical place, at message `index`.
  void leftover(size_t index, std::string_view key, const Json& value);
};

/// A message object read as {role, the object holding its fields}: a role message, a LangChain
/// dict ({"type": "human", "content"}) or serialised message ({"lc": 1, "id": [..., "AIMessage"],
/// "kwargs"}), or (when `default_role` is given) a GenAI/Gemini {"parts": [...]} without a role.
struct MessageView {
  std::string role;
  const Json* fields = nullptr;
  bool langchain = false;  ///< `type` names the role and is consumed
};
std::optional<MessageView> message_view(const Json& m, const char* default_role);

/// The role of a LangChain message class ("HumanMessage", "AIMessageChunk", ...) or dict type.
std::optional<std::string> langchain_role(std::string_view type);
/// True for the four canonical roles.
bool is_canonical_role(std::string_view role) noexcept;

/// The converter of one message: appends its canonical message(s) to `c.messages` (a message whose
/// parts hold tool results becomes several, in order).
void convert_message(const MessageView& view, Conversion& c);

/// Converts a sequence of messages/items. Strict: an element that is no message fails the whole
/// sequence. Lenient: such elements go to `dropped`.
bool convert_sequence(const Json& items, bool lenient, const char* default_role, Conversion& c);

// --- parts -----------------------------------------------------------------------------------------

/// One content part as the converter sorts it.
struct PartKind {
  enum Kind { text, reasoning, other } kind = other;
  Json part;          ///< the canonical part (for text: {"type": "text", "text"})
  bool exact = true;  ///< false when the source part held details the canonical part leaves out
};
/// Classifies one content part that is not a tool call or tool result.
PartKind classify_part(const Json& p);
/// A reasoning item/part as {"type": "reasoning", "text", "redacted"?}, or nullopt.
std::optional<Json> reasoning_part(const Json& p, bool& exact);
/// True for a reasoning part with no text that is not redacted (the source said only that there
/// was reasoning).
bool is_empty_reasoning(const Json& part);
/// Canonical content from parts (moved from): null when none, the joined text when all are text,
/// else the parts.
Json content_from_parts(std::vector<Json>& parts);

// --- tool calls ----------------------------------------------------------------------------------

/// A tool call given as a content part or sequence item (Anthropic tool_use, GenAI/LangChain
/// tool_call, Responses function_call, Vercel tool-call, Koog's OpenAI call in content, Gemini
/// function_call), or nullopt.
std::optional<Json> part_tool_call(const Json& p, bool& exact);
/// A tool result part (Anthropic tool_result, GenAI tool_call_response, Vercel tool-result,
/// Responses function_call_output, Gemini function_response) as a canonical tool message.
std::optional<Json> part_tool_result(const Json& p, bool& exact);
/// OpenAI tool calls written as the JSON text of a message's content (Koog), or nullopt.
std::optional<Json> tool_calls_in_text(const std::string& text);
/// Tool result content as text: strings as they are, text parts joined, other JSON as its text.
Json result_text(const Json* result);
/// A canonical message with its keys in canonical order (absent values are skipped).
Json make_message(std::string role, Json content, Json tool_calls = Json(), const Json* tool_call_id = nullptr,
                  const Json* name = nullptr);
/// `m` rebuilt with its keys in canonical order (role, content, tool_calls, tool_call_id, name).
Json in_canonical_order(const Json& m);

/// One message written as a Python repr ("role='user' content='Hi' tool_calls=None ..."; Agno),
/// as a message object with the keys a message has; nullopt when `text` is not one.
std::optional<Json> python_repr_message(const std::string& text);

/// A "role: text" transcript (one message per line starting with a known role) as messages.
std::optional<Json> transcript_messages(const std::string& text);

}  // namespace tracesift::messages::detail
