// Recognition: where the messages are in a value of unknown origin (a provider request or
// response body, a framework's message list, a Langfuse field).
#include "detail.hpp"

namespace tracesift::messages {

using detail::Conversion;
using detail::member;
using detail::string_member;
using detail::type_is;

namespace {

const char* default_role_of(ChatSide side) {
  return side == ChatSide::input ? "user" : "assistant";
}

MessageConversion finished(Conversion&& c) {
  MessageConversion out;
  out.messages = std::move(c.messages);
  out.dropped = std::move(c.dropped);
  out.rest = std::move(c.rest);
  out.lossless = c.lossless;
  out.finish_reasons = std::move(c.finish_reasons);
  return out;
}

// `object` without `keys`: what a body holds besides its messages.
void put_rest(MessageConversion& conv, const Json& object, std::initializer_list<std::string_view> keys) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool skip = false;
    for (const auto key : keys) skip = skip || it.key() == key;
    if (!skip) conv.rest[it.key()] = *it;
  }
}

// A system message from a string or text blocks (Anthropic `system`, Gemini `system_instruction`).
bool push_system(const Json& system, Conversion& c) {
  bool lossless = true;
  auto msg = system_message(system, lossless);
  if (!msg) return false;
  if (!lossless) c.leftover(c.messages.size(), "system", system);
  c.messages.push_back(std::move(*msg));
  return true;
}

// Gemini request `contents` (a string, strings, or Content objects) after a system instruction.
std::optional<MessageConversion> gemini_contents(const Json& contents, const Json* system) {
  Conversion c;
  if (system && !system->is_null()) push_system(*system, c);
  const Json list = contents.is_array() ? contents : Json::array({contents});
  for (const Json& item : list) {
    if (item.is_string()) {
      c.messages.push_back(detail::make_message("user", item));
    } else if (item.is_object() && member(item, "parts")) {
      const std::string* role = string_member(item, "role");
      detail::convert_message({role ? canonical_role(*role) : "user", &item, false}, c);
    } else {
      return std::nullopt;
    }
  }
  return finished(std::move(c));
}

// A Gemini Content object ({"role": "model", "parts": [...]}) as one assistant turn.
std::optional<MessageConversion> gemini_content(const Json& content) {
  const Json* parts = member(content, "parts");
  if (!parts || !parts->is_array()) return std::nullopt;
  Conversion c;
  const std::string* role = string_member(content, "role");
  detail::convert_message({role ? canonical_role(*role) : "assistant", &content, false}, c);
  return finished(std::move(c));
}

// The first choice/candidate's part taken out; the rest of the list kept when it says more.
void put_other_choices(MessageConversion& conv, const Json& list, const char* list_key, const char* taken) {
  Json others = list;
  others[0].erase(taken);
  if (others.size() > 1 || !others[0].empty()) conv.rest[list_key] = std::move(others);
}

// Vercel AI SDK `ai.prompt`-like input: {"system"?, "prompt": string | messages, "messages"?}.
std::optional<MessageConversion> vercel_prompt(const Json& value) {
  const Json* prompt = member(value, "prompt");
  const Json* messages = member(value, "messages");
  if (!prompt && !messages) return std::nullopt;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it.key() != "system" && it.key() != "prompt" && it.key() != "messages") return std::nullopt;
  }
  Conversion c;
  if (const std::string* system = string_member(value, "system"))
    c.messages.push_back(detail::make_message("system", *system));
  for (const Json* part : {prompt, messages}) {
    if (!part || part->is_null()) continue;
    if (part->is_string()) {
      c.messages.push_back(detail::make_message("user", *part));
    } else if (!detail::convert_sequence(*part, false, "user", c)) {
      return std::nullopt;
    }
  }
  return finished(std::move(c));
}

// Agno's input: {"messages": [<Python repr of a message>, ...], "tools"?: [...]}.
std::optional<MessageConversion> python_repr_messages(const Json& value) {
  const Json* list = member(value, "messages");
  if (!list || !list->is_array() || list->empty()) return std::nullopt;
  Json messages = Json::array();
  for (const Json& m : *list) {
    auto parsed = m.is_string() ? detail::python_repr_message(m.get_ref<const std::string&>()) : std::nullopt;
    if (!parsed) return std::nullopt;
    messages.push_back(std::move(*parsed));
  }
  Conversion c;
  if (!detail::convert_sequence(messages, false, nullptr, c)) return std::nullopt;
  MessageConversion conv = finished(std::move(c));
  conv.lossless = false;  // the repr's other fields (metrics, ...) stay in the source
  put_rest(conv, value, {"messages"});
  return conv;
}

}  // namespace

std::optional<MessageConversion> chat_messages(const Json& messages, const Json* system) {
  Conversion c;
  if (system && !system->is_null() && !push_system(*system, c)) return std::nullopt;
  if (!detail::convert_sequence(messages, false, nullptr, c)) return std::nullopt;
  return finished(std::move(c));
}

std::optional<MessageConversion> assistant_message(const Json& content) {
  Conversion c;
  if (content.is_array()) {
    Json holder = Json::object();
    holder["content"] = content;
    detail::convert_message({"assistant", &holder, false}, c);
    return finished(std::move(c));
  }
  if (auto view = detail::message_view(content, nullptr)) {
    detail::convert_message(*view, c);
    return finished(std::move(c));
  }
  return std::nullopt;
}

std::optional<MessageConversion> responses_input_messages(const Json& input, const Json* instructions) {
  Conversion c;
  if (instructions && instructions->is_string()) c.messages.push_back(detail::make_message("system", *instructions));
  if (input.is_string()) {
    c.messages.push_back(detail::make_message("user", input));
  } else if (!detail::convert_sequence(input, true, "user", c)) {
    return std::nullopt;
  }
  MessageConversion conv = finished(std::move(c));
  if (instructions && !instructions->is_null() && !instructions->is_string()) conv.rest["instructions"] = *instructions;
  return conv;
}

std::optional<MessageConversion> responses_output_messages(const Json& output) {
  Conversion c;
  if (!detail::convert_sequence(output, true, "assistant", c)) return std::nullopt;
  return finished(std::move(c));
}

std::optional<MessageConversion> recognize_messages(const Json& value, ChatSide side) {
  const char* default_role = default_role_of(side);
  if (value.is_array()) {
    Conversion c;
    if (!detail::convert_sequence(value, false, default_role, c)) return std::nullopt;
    return finished(std::move(c));
  }
  if (value.is_string()) {
    if (side != ChatSide::input) return std::nullopt;
    auto messages = detail::transcript_messages(value.get_ref<const std::string&>());
    if (!messages) return std::nullopt;
    MessageConversion conv;
    conv.messages = std::move(*messages);
    return conv;
  }
  if (!value.is_object()) return std::nullopt;
  if (const Json* content = member(value, "content");
      type_is(value, "message") && content && content->is_array() &&
      (value.contains("stop_reason") || value.contains("usage"))) {  // an Anthropic response
    if (auto conv = assistant_message(*content)) {
      put_rest(*conv, value, {"content", "role", "type"});
      return conv;
    }
  }
  if (detail::message_view(value, nullptr)) {
    Conversion c;
    if (!detail::convert_sequence(Json::array({value}), false, default_role, c)) return std::nullopt;
    return finished(std::move(c));
  }
  if (const Json* messages = member(value, "messages"); messages && messages->is_array()) {
    const Json* system = member(value, "system");
    if (auto conv =
            chat_messages(*messages, system && (system->is_string() || system->is_array()) ? system : nullptr)) {
      put_rest(*conv, value, {"messages", "system"});
      return conv;
    }
  }
  if (const Json* choices = member(value, "choices"); choices && choices->is_array() && !choices->empty()) {
    if (const Json* message = member((*choices)[0], "message"); message && detail::message_view(*message, nullptr)) {
      if (auto conv = assistant_message(*message)) {
        put_rest(*conv, value, {"choices"});
        put_other_choices(*conv, *choices, "choices", "message");
        return conv;
      }
    }
  }
  if (const Json* message = member(value, "message"); message && detail::message_view(*message, nullptr)) {
    if (auto conv = assistant_message(*message)) {  // one choice
      put_rest(*conv, value, {"message"});
      return conv;
    }
  }
  if (const std::string* object = string_member(value, "object"); object && *object == "response") {
    if (const Json* output = member(value, "output")) {
      if (auto conv = responses_output_messages(*output)) {
        put_rest(*conv, value, {"output"});
        return conv;
      }
    }
  }
  if (const Json* contents = member(value, "contents")) {  // Gemini request
    const Json* system = member(value, "system_instruction");
    const Json* config = member(value, "config");
    bool system_in_config = false;
    if (!system && config) {
      system = member(*config, "system_instruction");
      system_in_config = system != nullptr;
    }
    if (auto conv = gemini_contents(*contents, system)) {
      put_rest(*conv, value, {"contents", "system_instruction"});
      if (system_in_config) conv->rest["config"].erase("system_instruction");
      return conv;
    }
  }
  if (const Json* candidates = member(value, "candidates");
      candidates && candidates->is_array() && !candidates->empty()) {
    if (const Json* content = member((*candidates)[0], "content")) {
      if (auto conv = gemini_content(*content)) {
        put_rest(*conv, value, {"candidates"});
        put_other_choices(*conv, *candidates, "candidates", "content");
        return conv;
      }
    }
  }
  if (const Json* content = member(value, "content")) {  // a Gemini response turn
    if (auto conv = gemini_content(*content)) {
      put_rest(*conv, value, {"content"});
      return conv;
    }
  }
  if (const Json* input = member(value, "input"); input && input->is_array()) {  // Responses API request
    Conversion c;
    if (const std::string* instructions = string_member(value, "instructions"))
      c.messages.push_back(detail::make_message("system", *instructions));
    if (detail::convert_sequence(*input, false, "user", c)) {
      MessageConversion conv = finished(std::move(c));
      put_rest(conv, value, {"input", "instructions"});
      return conv;
    }
  }
  if (side == ChatSide::input) {
    if (auto conv = vercel_prompt(value)) return conv;
    if (auto conv = python_repr_messages(value)) return conv;
  }
  return std::nullopt;
}

}  // namespace tracesift::messages
