// The rules of the canonical form, checked on a message array (a reviewer's edited output).
#include "detail.hpp"

namespace tracesift::messages {

using detail::member;

namespace {

std::optional<std::string> call_problem(const Json& call, const std::string& at) {
  if (!call.is_object()) return at + " is not an object";
  for (auto it = call.begin(); it != call.end(); ++it) {
    if (it.key() != "id" && it.key() != "type" && it.key() != "function")
      return at + " has the key \"" + it.key() + "\" (a tool call has id, type, function)";
  }
  const Json* id = member(call, "id");
  if (!id || !id->is_string() || id->get_ref<const std::string&>().empty())
    return at + ".id must be a non-empty string";
  if (!detail::type_is(call, "function")) return at + ".type must be \"function\"";
  const Json* fn = member(call, "function");
  if (!fn || !fn->is_object()) return at + ".function must be an object {\"name\", \"arguments\"}";
  for (auto it = fn->begin(); it != fn->end(); ++it) {
    if (it.key() != "name" && it.key() != "arguments") return at + ".function has the key \"" + it.key() + "\"";
  }
  const std::string* name = detail::string_member(*fn, "name");
  if (!name || name->empty()) return at + ".function.name must be a non-empty string";
  if (!detail::string_member(*fn, "arguments")) return at + ".function.arguments must be a string (JSON text)";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> canonical_messages_problem(const Json& messages) {
  if (!messages.is_array() || messages.empty())
    return "must be a non-empty array of messages [{\"role\": ..., \"content\": ...}]";
  for (size_t i = 0; i < messages.size(); ++i) {
    const Json& m = messages[i];
    const std::string at = "message " + std::to_string(i);
    if (!m.is_object()) return at + " is not an object";
    for (auto it = m.begin(); it != m.end(); ++it) {
      const auto& k = it.key();
      if (k != "role" && k != "content" && k != "tool_calls" && k != "tool_call_id" && k != "name")
        return at + " has the key \"" + k + "\" (messages have role, content, tool_calls, tool_call_id, name)";
    }
    const std::string* role = detail::string_member(m, "role");
    if (!role || !detail::is_canonical_role(*role)) return at + " needs a \"role\" of system, user, assistant or tool";
    const Json* content = member(m, "content");
    const bool has_content = content && !content->is_null();
    if (has_content && !content->is_string() && !content->is_array())
      return at + ": \"content\" must be a string, an array of parts or null";
    if (has_content && content->is_array()) {
      for (size_t k = 0; k < content->size(); ++k) {
        if (!detail::string_member((*content)[k], "type"))
          return at + ": content[" + std::to_string(k) + "] must be a part {\"type\": ...}";
      }
    }
    const Json* calls = member(m, "tool_calls");
    if (calls) {
      if (*role != "assistant") return at + ": only assistant messages have \"tool_calls\"";
      if (!calls->is_array() || calls->empty()) return at + ": \"tool_calls\" must be a non-empty array";
      for (size_t k = 0; k < calls->size(); ++k) {
        if (auto p = call_problem((*calls)[k], at + ".tool_calls[" + std::to_string(k) + "]")) return p;
      }
    }
    if (const Json* id = member(m, "tool_call_id")) {
      if (*role != "tool") return at + ": only tool messages have a \"tool_call_id\"";
      if (!id->is_null() && !(id->is_string() && !id->get_ref<const std::string&>().empty()))
        return at + ": \"tool_call_id\" must be a non-empty string or null";
    }
    if (const Json* name = member(m, "name"); name && !name->is_string()) return at + ": \"name\" must be a string";
    if (!has_content && !calls) return at + " has neither \"content\" nor \"tool_calls\"";
  }
  return std::nullopt;
}

}  // namespace tracesift::messages
