// Chat messages carried by a span's events or linked log records (see otel_event_messages.hpp).
#include "otel_event_messages.hpp"

#include "otel_messages.hpp"

namespace tracesift::import {

using messages::append_chat_messages;
using messages::ChatMessages;
using messages::ChatSide;
using messages::looks_like_json_container;
using messages::system_message;

namespace {

// Where an event keeps its fields: its log body, the JSON text of its gen_ai.event.content
// attribute (Semantic Kernel), or its attributes (looked up when the object lacks a field). Fields
// the messages hold are consumed: an attribute is marked, a body member is left out of `rest`.
// A string body is the message content when `string_is_content`.
class EventFields {
 public:
  EventFields(OtelAttributes& attributes, const Json* body, bool string_is_content) : attributes_(attributes) {
    if (body && body->is_object()) {
      object_ = body;
      rest_ = *body;
    } else if (body && body->is_string() && string_is_content) {
      rest_ = Json::object({{"content", *body}});  // a body that is only the content
      object_ = &rest_;
      body_is_content_ = true;
    } else if (OtelAttribute* a = attributes.find("gen_ai.event.content"); a && !a->consumed) {
      if (auto parsed =
              a->value().is_string() ? attribute_json_text(a->value().get_ref<const std::string&>()) : std::nullopt;
          parsed && parsed->is_object()) {
        holder_ = a;
        parsed_ = std::move(*parsed);
        object_ = &parsed_;
        rest_ = parsed_;
      }
    }
  }

  // The field `key`, or nullptr.
  const Json* get(const char* key) const {
    if (const Json* v = in_object(key)) return v;
    const OtelAttribute* a = attributes_.find(key);
    return a && !a->consumed ? &a->value() : nullptr;
  }

  // The field `key` as a value: JSON text parsed (keeping its key order); nullopt when absent or
  // text that is not JSON.
  std::optional<Json> value(const char* key) const {
    const Json* v = get(key);
    if (!v) return std::nullopt;
    if (v->is_string()) return messages::parse_json_text(v->get_ref<const std::string&>());
    return *v;
  }

  // Marks `key` as held by the messages.
  void consume(const char* key) {
    used_ = true;
    if (in_object(key)) {
      rest_.erase(key);
    } else {
      attributes_.consume(key);
    }
  }

  // Marks every field read as held (after the messages were built losslessly).
  void commit() {
    if (holder_ && rest_.empty()) holder_->consumed = true;
  }

  // True when the messages hold a field of the event.
  bool used() const noexcept { return used_; }

  // The member `key` of the body or parsed gen_ai.event.content, or nullptr.
  const Json* in_object(const char* key) const {
    if (!object_) return nullptr;
    const auto it = object_->find(key);
    return it == object_->end() ? nullptr : &*it;
  }

  // What is left of the log body (null when none is left or there was no body).
  Json rest_of_body(const Json* body) const {
    if (!body) return nullptr;
    if (body_is_content_) return rest_.contains("content") ? *body : Json();
    if (!body->is_object()) return *body;
    return rest_.empty() ? Json() : rest_;
  }

 private:
  OtelAttributes& attributes_;
  const Json* object_ = nullptr;  // the body or the parsed gen_ai.event.content, when fields live there
  Json parsed_;
  Json rest_;
  OtelAttribute* holder_ = nullptr;  // gen_ai.event.content, consumed when all of it is used
  bool body_is_content_ = false;
  bool used_ = false;
};

}  // namespace

Json gemini_api_part(const Json& part) {
  if (!part.is_object()) return part;
  Json out = Json::object();
  for (auto it = part.begin(); it != part.end(); ++it) {
    if (it->is_null()) continue;
    std::string key = it.key();
    if (key == "function_call") key = "functionCall";
    if (key == "function_response") key = "functionResponse";
    Json value = *it;
    if ((key == "functionCall" || key == "functionResponse") && value.is_object()) {
      for (auto m = value.begin(); m != value.end();) m = m->is_null() ? value.erase(m) : std::next(m);
    }
    out[key] = std::move(value);
  }
  return out;
}

Json gemini_api_content(const Json& content) {
  const auto parts = content.is_object() ? content.find("parts") : content.end();
  if (parts == content.end() || !parts->is_array()) return content;
  Json out = content;
  for (Json& p : out["parts"]) p = gemini_api_part(p);
  return out;
}

namespace {

// The message of one per-message event, in a shape append_chat_messages reads, from `content`
// (a string, parts, or a Gemini Content {"parts", "role"}), `tool_calls` and a tool call `id`.
Json event_message(std::string_view role, const Json* content, const Json* tool_calls, const Json* id,
                   const Json* source_role) {
  Json msg = Json::object();
  msg["role"] = source_role && source_role->is_string() ? *source_role : Json(std::string(role));
  if (content && content->is_object() && content->contains("parts") && (*content)["parts"].is_array()) {
    const Json& gemini = *content;
    if (const auto r = gemini.find("role"); r != gemini.end() && r->is_string()) msg["role"] = *r;
    Json parts = Json::array();
    for (const Json& p : gemini["parts"]) parts.push_back(gemini_api_part(p));
    msg["parts"] = std::move(parts);
  } else if (content && role == "tool" && !content->is_string() && !content->is_null()) {
    msg["content"] = content->dump(-1, ' ', false, Json::error_handler_t::replace);  // a tool result is text
  } else if (content) {
    msg["content"] = *content;
  }
  if (tool_calls && !tool_calls->is_null()) msg["tool_calls"] = *tool_calls;
  if (id && id->is_string()) msg["tool_call_id"] = *id;
  return msg;
}

// The role a per-message event's name gives its message, or "" when it is no such event.
std::string_view event_role(std::string_view name) {
  if (name == "gen_ai.system.message") return "system";
  if (name == "gen_ai.user.message") return "user";
  if (name == "gen_ai.assistant.message") return "assistant";
  if (name == "gen_ai.tool.message") return "tool";
  if (name == "gen_ai.choice") return "assistant";
  return {};
}

// True when each finish reason is kept in the event's or the span's gen_ai.response.finish_reasons.
bool event_reasons_kept(const OtelAttributes& event, const OtelAttributes& span, const std::vector<std::string>& r) {
  return otel_finish_reasons_kept(event, r) || otel_finish_reasons_kept(span, r);
}

void take_details(EventFields& fields, const OtelAttributes& event_attributes, const OtelAttributes& span_attributes,
                  OtelEventMessages& out) {
  if (!out.span_has_input && !out.has_details_input) {
    bool lossless = true;
    bool any = false;
    ChatMessages messages;
    if (const auto value = fields.value("gen_ai.input.messages")) {
      if (append_chat_messages(*value, ChatSide::input, messages)) {
        any = true;
        lossless = messages.lossless && event_reasons_kept(event_attributes, span_attributes, messages.finish_reasons);
        if (lossless) fields.consume("gen_ai.input.messages");
      }
    }
    if (const auto value = fields.value("gen_ai.system_instructions")) {
      bool sys_lossless = true;
      if (auto msg = system_message(*value, sys_lossless)) {
        messages.messages.insert(messages.messages.begin(), std::move(*msg));
        any = true;
        if (sys_lossless) fields.consume("gen_ai.system_instructions");
      }
    }
    if (any) {
      out.details_input = std::move(messages);
      out.has_details_input = true;
    }
  }
  if (!out.span_has_output && !out.has_details_output) {
    if (const auto value = fields.value("gen_ai.output.messages")) {
      ChatMessages messages;
      if (append_chat_messages(*value, ChatSide::output, messages)) {
        if (messages.lossless && event_reasons_kept(event_attributes, span_attributes, messages.finish_reasons)) {
          fields.consume("gen_ai.output.messages");
        }
        out.details_output = std::move(messages);
        out.has_details_output = true;
      }
    }
  }
  fields.commit();
}

void take_message_event(std::string_view name, EventFields& fields, OtelEventMessages& out) {
  const bool choice = name == "gen_ai.choice";
  if (choice ? out.span_has_output : out.span_has_input) return;
  const std::string_view role = event_role(name);
  const Json* message = choice ? fields.get("message") : nullptr;
  Json msg;
  if (message && message->is_object()) {  // {"index", "finish_reason", "message": {...}}
    const auto at = [&](const char* k) {
      const auto it = message->find(k);
      return it == message->end() ? nullptr : &*it;
    };
    msg = event_message(role, at("content"), at("tool_calls"), nullptr, at("role"));
  } else {
    msg = event_message(role, fields.get("content"), fields.get("tool_calls"),
                        role == "tool" ? fields.get("id") : nullptr, fields.get("role"));
  }
  if (msg.size() == 1) return;  // only a role: the event says nothing to map (content not captured)
  ChatMessages converted;
  if (!append_chat_messages(msg, choice ? ChatSide::output : ChatSide::input, converted)) return;
  ChatMessages& side = choice ? out.output : out.input;
  for (auto& m : converted.messages) side.messages.push_back(std::move(m));
  side.lossless = side.lossless && converted.lossless;
  (choice ? out.has_output : out.has_input) = true;
  if (!converted.lossless) return;  // shown as messages, but the event keeps all it said
  for (const char* k : {"role", "content", "tool_calls", "message"}) fields.consume(k);
  if (role == "tool") fields.consume("id");
  if (choice) fields.consume("index");  // the order of the choices
  fields.commit();
}

}  // namespace

void OtelEventMessages::clear() {
  // Design note: called for every span; the message arrays are rebuilt only when an event used them.
  if (has_details_input || has_details_output || has_input || has_output) *this = OtelEventMessages{};
  span_has_input = span_has_output = details_present = false;
}

bool is_message_event(std::string_view name) noexcept {
  return name == kOperationDetailsEvent || !event_role(name).empty();
}

bool take_event_messages(std::string_view name, OtelAttributes& attributes, const Json* body,
                         const OtelAttributes& span_attributes, OtelEventMessages& out, Json& rest) {
  if (!is_message_event(name)) {
    rest = body ? *body : Json();
    return false;
  }
  const bool details = name == kOperationDetailsEvent;
  EventFields fields(attributes, body, !details);
  if (details) {
    take_details(fields, attributes, span_attributes, out);
  } else if (!out.details_present) {
    take_message_event(name, fields, out);
  }
  rest = fields.rest_of_body(body);
  return fields.used();
}

}  // namespace tracesift::import
