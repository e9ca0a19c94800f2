// The OpenTelemetry entry points: message attributes (GenAI parts model, chat shapes) and system
// instructions.
#include "detail.hpp"

namespace tracesift::messages {

using detail::Conversion;

bool append_chat_messages(const Json& source, ChatSide side, ChatMessages& out) {
  const char* default_role = side == ChatSide::input ? "user" : "assistant";
  Conversion c;
  if (source.is_object()) {
    if (!detail::message_view(source, default_role)) return false;
    if (!detail::convert_sequence(Json::array({source}), false, default_role, c)) return false;
  } else if (source.is_array()) {
    // Strict: an element that is no message fails the whole array (`c` is then dropped).
    if (!detail::convert_sequence(source, false, default_role, c) && !source.empty()) return false;
  } else {
    return false;
  }
  for (auto& m : c.messages) out.messages.push_back(std::move(m));
  out.lossless = out.lossless && c.lossless && c.rest.empty();
  for (auto& r : c.finish_reasons) out.finish_reasons.push_back(std::move(r));
  return true;
}

std::optional<ChatJson> system_message(const Json& instructions, bool& lossless) {
  if (instructions.is_string()) return detail::make_message("system", instructions);
  const Json* parts = &instructions;
  if (const Json* gemini = detail::member(instructions, "parts")) parts = gemini;  // Gemini {"parts": [...]}
  if (!parts->is_array() && !parts->is_object()) return std::nullopt;
  Json holder = Json::object();
  holder["content"] = parts->is_array() ? *parts : Json::array({*parts});
  Conversion c;
  detail::convert_message({"system", &holder, false}, c);
  if (c.messages.size() != 1 || c.messages[0].contains("tool_calls")) return std::nullopt;  // not instructions
  if (!c.lossless) lossless = false;
  return std::move(c.messages[0]);
}

}  // namespace tracesift::messages
