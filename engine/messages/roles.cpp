// Roles: the canonical four, and the names dialects give them.
#include "detail.hpp"

namespace tracesift::messages {

std::string canonical_role(std::string_view role) {
  std::string r(role);
  for (auto& c : r) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (r == "model" || r == "ai") return "assistant";
  if (r == "human") return "user";
  if (r == "developer") return "system";
  if (r == "function") return "tool";
  return r;
}

namespace detail {

bool is_canonical_role(std::string_view role) noexcept {
  return role == "system" || role == "user" || role == "assistant" || role == "tool";
}

std::optional<std::string> langchain_role(std::string_view type) {
  if (type.size() > 5 && type.substr(type.size() - 5) == "Chunk") type.remove_suffix(5);
  if (type == "human" || type == "HumanMessage") return "user";
  if (type == "ai" || type == "AIMessage") return "assistant";
  if (type == "system" || type == "SystemMessage") return "system";
  if (type == "tool" || type == "ToolMessage" || type == "function" || type == "FunctionMessage") return "tool";
  return std::nullopt;
}

std::optional<MessageView> message_view(const Json& m, const char* default_role) {
  if (!m.is_object()) return std::nullopt;
  if (const std::string* role = string_member(m, "role")) return MessageView{canonical_role(*role), &m, false};
  if (const std::string* type = string_member(m, "type"); type && m.contains("content")) {
    if (auto role = langchain_role(*type)) return MessageView{*role, &m, true};
  }
  const Json* id = member(m, "id");
  const Json* kwargs = member(m, "kwargs");
  if (member(m, "lc") && id && id->is_array() && !id->empty() && id->back().is_string() && kwargs &&
      kwargs->is_object()) {
    const auto& cls = id->back().get_ref<const std::string&>();
    if (const std::string* role = string_member(*kwargs, "role"); cls == "ChatMessage" && role) {
      return MessageView{canonical_role(*role), kwargs, false};
    }
    if (auto role = langchain_role(cls)) return MessageView{*role, kwargs, true};
  }
  if (default_role && !m.contains("role")) {
    if (const Json* parts = member(m, "parts"); parts && parts->is_array()) return MessageView{default_role, &m, false};
  }
  return std::nullopt;
}

}  // namespace detail
}  // namespace tracesift::messages
