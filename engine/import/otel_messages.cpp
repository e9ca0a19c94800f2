// The input and output messages of an OpenTelemetry span, from whichever convention carries them.
#include "otel_messages.hpp"

#include <charconv>
#include <map>

#include "../messages/messages.hpp"
#include "otel_event_messages.hpp"

namespace tracesift::import {

using messages::append_chat_messages;
using messages::canonical_role;
using messages::ChatJson;
using messages::ChatMessages;
using messages::ChatSide;
using messages::looks_like_json_container;
using messages::make_tool_call;
using messages::parse_json_text;
using messages::system_message;

namespace {

// A span's input or output as found: canonical messages, or a raw value.
struct Found {
  bool found = false;
  ChatJson value;
  bool is_messages = false;
};

// The value of an attribute that may hold JSON text: the parsed value, or the value as given.
std::optional<ChatJson> embedded(const Json& value) {
  if (value.is_string()) return parse_json_text(value.get_ref<const std::string&>());
  return ChatJson(value);
}

}  // namespace

bool otel_finish_reasons_kept(const OtelAttributes& attributes, const std::vector<std::string>& reasons) {
  if (reasons.empty()) return true;
  const Json* kept = attributes.get("gen_ai.response.finish_reasons");
  if (!kept) return false;
  for (const auto& r : reasons) {
    bool found = kept->is_string() && kept->get_ref<const std::string&>() == r;
    if (kept->is_array()) {
      for (const Json& k : *kept) found = found || (k.is_string() && k.get_ref<const std::string&>() == r);
    }
    if (!found) return false;
  }
  return true;
}

namespace {

// Messages from one attribute holding a message array (JSON text or value).
bool from_message_attribute(OtelAttributes& attributes, std::string_view key, ChatSide side, Found& out) {
  OtelAttribute* a = attributes.find(key);
  if (!a || a->consumed) return false;
  const auto value = embedded(a->value());
  if (!value) return false;
  ChatMessages messages;
  if (!append_chat_messages(*value, side, messages)) return false;
  if (messages.lossless && otel_finish_reasons_kept(attributes, messages.finish_reasons)) a->consumed = true;
  out = {true, std::move(messages.messages), true};
  return true;
}

// --- flattened messages: llm.input_messages.N.message.* and gen_ai.prompt.N.* -----------------

struct FlatToolCall {
  const std::string* id = nullptr;
  const std::string* name = nullptr;
  const Json* arguments = nullptr;
  std::vector<OtelAttribute*> keys;
};

struct FlatContent {
  const std::string* type = nullptr;
  const std::string* text = nullptr;
  const std::string* image_url = nullptr;
  std::vector<OtelAttribute*> keys;
};

struct FlatMessage {
  const std::string* role = nullptr;
  const std::string* content = nullptr;
  const std::string* tool_call_id = nullptr;
  const std::string* name = nullptr;
  std::map<int, FlatContent> contents;
  std::map<int, FlatToolCall> tool_calls;
  std::vector<OtelAttribute*> keys;
};

// Reads "N." off the front of `rest`.
bool take_index(std::string_view& rest, int& n) {
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
  if (ec != std::errc() || end == rest.data() || end == rest.data() + rest.size() || *end != '.' || n < 0) {
    return false;
  }
  rest.remove_prefix(static_cast<size_t>(end - rest.data()) + 1);
  return true;
}

bool take_prefix(std::string_view& rest, std::string_view prefix) {
  if (rest.substr(0, prefix.size()) != prefix) return false;
  rest.remove_prefix(prefix.size());
  return true;
}

const std::string* as_string(const OtelAttribute& a) {
  const Json& v = a.value();
  return v.is_string() ? &v.get_ref<const std::string&>() : nullptr;
}

// Files one flattened key under its message; unknown keys are left alone (they stay attributes).
void file_flat_key(OtelAttribute& a, std::string_view rest, bool openinference, FlatMessage& m) {
  const std::string* s = as_string(a);
  const auto take = [&](const std::string*& slot) {
    if (!s) return;
    slot = s;
    m.keys.push_back(&a);
  };
  if (rest == "role") return take(m.role);
  if (rest == "content") return take(m.content);
  if (rest == "tool_call_id") return take(m.tool_call_id);
  if (rest == "name") return take(m.name);
  int n = 0;
  if (openinference && take_prefix(rest, "contents.") && take_index(rest, n) && take_prefix(rest, "message_content.")) {
    FlatContent& c = m.contents[n];
    const std::string** slot = rest == "type"              ? &c.type
                               : rest == "text"            ? &c.text
                               : rest == "image.image.url" ? &c.image_url
                                                           : nullptr;
    if (slot && s) {
      *slot = s;
      c.keys.push_back(&a);
    }
    return;
  }
  if (take_prefix(rest, "tool_calls.") && take_index(rest, n) && (!openinference || take_prefix(rest, "tool_call."))) {
    FlatToolCall& t = m.tool_calls[n];
    const std::string_view id_key = "id";
    const std::string_view name_key = openinference ? "function.name" : "name";
    const std::string_view args_key = openinference ? "function.arguments" : "arguments";
    if (rest == id_key && s) {
      t.id = s;
    } else if (rest == name_key && s) {
      t.name = s;
    } else if (rest == args_key) {
      t.arguments = &a.value();
    } else {
      return;
    }
    t.keys.push_back(&a);
  }
}

void consume_all(const std::vector<OtelAttribute*>& keys) {
  for (OtelAttribute* a : keys) a->consumed = true;
}

// Messages from flattened keys `prefix` N . [message.] field.
bool from_flat_messages(OtelAttributes& attributes, std::string_view prefix, bool openinference, ChatSide side,
                        Found& out) {
  std::map<int, FlatMessage> messages;
  attributes.for_prefix(prefix, [&](OtelAttribute& a) {
    if (a.consumed) return;
    std::string_view rest = a.key.substr(prefix.size());
    int n = 0;
    if (!take_index(rest, n)) return;
    if (openinference && !take_prefix(rest, "message.")) return;
    file_flat_key(a, rest, openinference, messages[n]);
  });
  ChatJson result = ChatJson::array();
  for (auto& [n, m] : messages) {
    ChatJson msg = ChatJson::object();
    msg["role"] = m.role ? canonical_role(*m.role) : (side == ChatSide::input ? "user" : "assistant");
    if (m.content) {
      msg["content"] = *m.content;
    } else if (!m.contents.empty()) {
      ChatJson parts = ChatJson::array();
      std::string joined;
      bool only_text = true, first = true;
      for (auto& [i, c] : m.contents) {
        const bool is_text = c.text && (!c.type || *c.type == "text") && !c.image_url;
        const bool is_image = c.image_url && (!c.type || *c.type == "image") && !c.text;
        if (is_text) {
          parts.push_back(ChatJson{{"type", "text"}, {"text", *c.text}});
          if (!first) joined += '\n';
          joined += *c.text;
          first = false;
        } else if (is_image) {
          parts.push_back(ChatJson{{"type", "image_url"}, {"image_url", ChatJson{{"url", *c.image_url}}}});
          only_text = false;
        } else {
          continue;  // a content of another kind: its keys stay attributes
        }
        consume_all(c.keys);
      }
      if (parts.empty()) {
        msg["content"] = nullptr;
      } else if (only_text) {
        msg["content"] = std::move(joined);
      } else {
        msg["content"] = std::move(parts);
      }
    } else {
      msg["content"] = nullptr;
    }
    ChatJson calls = ChatJson::array();
    for (auto& [i, t] : m.tool_calls) {
      if (!t.name) continue;  // without a name it is no call: its keys stay attributes
      calls.push_back(make_tool_call(t.id, *t.name, t.arguments));
      consume_all(t.keys);
    }
    if (!m.role && !m.content && calls.empty() && msg["content"].is_null()) continue;  // nothing understood
    if (!calls.empty()) msg["tool_calls"] = std::move(calls);
    if (m.tool_call_id) msg["tool_call_id"] = *m.tool_call_id;
    if (m.name) msg["name"] = *m.name;
    consume_all(m.keys);
    result.push_back(std::move(msg));
  }
  if (result.empty()) return false;
  out = {true, std::move(result), true};
  return true;
}

// --- raw values: deprecated gen_ai.prompt / gen_ai.completion, input.value / output.value ------

// A value that is messages if it looks like them, else itself. Consumes `a` when all is kept.
void from_any_value(OtelAttribute& a, const ChatJson& value, ChatSide side, const OtelAttributes& attributes,
                    Found& out) {
  ChatMessages messages;
  if (append_chat_messages(value, side, messages)) {
    if (messages.lossless && otel_finish_reasons_kept(attributes, messages.finish_reasons)) a.consumed = true;
    out = {true, std::move(messages.messages), true};
    return;
  }
  a.consumed = true;
  out = {true, value, false};
}

bool from_deprecated(OtelAttributes& attributes, std::string_view key, ChatSide side, Found& out) {
  OtelAttribute* a = attributes.find(key);
  if (!a || a->consumed || a->value().is_null()) return false;
  const Json& v = a->value();
  std::optional<ChatJson> parsed;
  if (v.is_string() && looks_like_json_container(v.get_ref<const std::string&>())) parsed = embedded(v);
  from_any_value(*a, parsed ? *parsed : ChatJson(v), side, attributes, out);
  return true;
}

// input.value / output.value with their mime type.
bool from_value(OtelAttributes& attributes, std::string_view value_key, std::string_view mime_key, ChatSide side,
                Found& out) {
  OtelAttribute* a = attributes.find(value_key);
  if (!a || a->consumed || a->value().is_null()) return false;
  const std::string* mime = attributes.get_string(mime_key);
  const Json& v = a->value();
  std::optional<ChatJson> parsed;
  if (v.is_string()) {
    const auto& text = v.get_ref<const std::string&>();
    const bool json_mime = mime && *mime == "application/json";
    if (json_mime || looks_like_json_container(text)) parsed = parse_json_text(text);
  }
  from_any_value(*a, parsed ? *parsed : ChatJson(v), side, attributes, out);
  // The mime type says only whether the text was JSON: kept in the result when it agrees.
  if (a->consumed && mime) {
    const bool agrees = parsed ? *mime == "application/json" : *mime == "text/plain";
    if (agrees) attributes.consume(mime_key);
  }
  return true;
}

// --- Vercel AI SDK ------------------------------------------------------------------------------

// ai.prompt: {"system"?, "prompt"?: string | messages, "messages"?: [...]}.
bool from_vercel_prompt(OtelAttributes& attributes, Found& out) {
  OtelAttribute* a = attributes.find("ai.prompt");
  if (!a || a->consumed || !a->value().is_string()) return false;
  const auto value = parse_json_text(a->value().get_ref<const std::string&>());
  if (!value || !value->is_object()) return false;
  ChatMessages messages;
  bool any = false;
  for (auto it = value->begin(); it != value->end(); ++it) {
    const ChatJson& v = *it;
    if (it.key() == "system" && v.is_string()) {
      messages.messages.push_back(ChatJson{{"role", "system"}, {"content", v.get<std::string>()}});
      any = true;
    } else if (it.key() == "prompt" && v.is_string()) {
      messages.messages.push_back(ChatJson{{"role", "user"}, {"content", v.get<std::string>()}});
      any = true;
    } else if ((it.key() == "prompt" || it.key() == "messages") && append_chat_messages(v, ChatSide::input, messages)) {
      any = true;
    } else if (!v.is_null()) {
      messages.lossless = false;
    }
  }
  if (!any) return false;
  if (messages.lossless) a->consumed = true;
  out = {true, std::move(messages.messages), true};
  return true;
}

// ai.response.text / ai.response.toolCalls / ai.response.object.
bool from_vercel_response(OtelAttributes& attributes, Found& out) {
  OtelAttribute* text = attributes.find("ai.response.text");
  OtelAttribute* calls = attributes.find("ai.response.toolCalls");
  OtelAttribute* object = attributes.find("ai.response.object");
  if (text && (text->consumed || !text->value().is_string())) text = nullptr;
  if (calls && (calls->consumed || !calls->value().is_string())) calls = nullptr;
  if (object && (object->consumed || !object->value().is_string())) object = nullptr;
  ChatJson tool_calls = ChatJson::array();
  bool calls_lossless = true;
  if (calls) {
    const auto parsed = parse_json_text(calls->value().get_ref<const std::string&>());
    if (parsed && parsed->is_array()) {
      for (const ChatJson& c : *parsed) {
        const auto name = c.is_object() ? c.find("toolName") : c.end();
        if (!c.is_object() || name == c.end() || !name->is_string()) {
          calls_lossless = false;
          continue;
        }
        const auto id = c.find("toolCallId");
        const std::string* id_ptr = id != c.end() && id->is_string() ? &id->get_ref<const std::string&>() : nullptr;
        const auto args = c.contains("input") ? c.find("input") : c.find("args");
        tool_calls.push_back(make_tool_call(id_ptr, name->get<std::string>(), args != c.end() ? &*args : nullptr));
        for (auto it = c.begin(); it != c.end(); ++it) {
          const auto& k = it.key();
          const bool known =
              k == "toolName" || k == "toolCallId" || k == "input" || k == "args" ||
              (k == "toolCallType" && it->is_string() && it->get_ref<const std::string&>() == "function") ||
              (k == "type" && it->is_string() && it->get_ref<const std::string&>() == "tool-call");
          calls_lossless = calls_lossless && known;
        }
      }
    } else {
      calls = nullptr;
    }
  }
  if (!text && tool_calls.empty() && !object) return false;
  ChatJson msg = ChatJson::object();
  msg["role"] = "assistant";
  if (text) {
    msg["content"] = text->value().get<std::string>();
    text->consumed = true;
  } else if (object && tool_calls.empty()) {
    msg["content"] = object->value().get<std::string>();
    object->consumed = true;
  } else {
    msg["content"] = nullptr;
  }
  if (!tool_calls.empty()) {
    msg["tool_calls"] = std::move(tool_calls);
    if (calls_lossless) calls->consumed = true;
  }
  out = {true, ChatJson::array({std::move(msg)}), true};
  return true;
}

// --- Google ADK -------------------------------------------------------------------------------

// gcp.vertex.agent.llm_request: {"model", "config": {"system_instruction"?, ...}, "contents": [...]}
// (a Gemini request). The attribute stays: it holds the request's configuration too.
bool from_adk_request(const OtelAttributes& attributes, Found& out) {
  const std::string* text = attributes.get_string("gcp.vertex.agent.llm_request");
  if (!text) return false;
  const auto request = parse_json_text(*text);
  if (!request || !request->is_object()) return false;
  const auto contents = request->find("contents");
  if (contents == request->end() || !contents->is_array()) return false;
  ChatMessages messages;
  if (const auto config = request->find("config"); config != request->end() && config->is_object()) {
    if (const auto sys = config->find("system_instruction"); sys != config->end() && !sys->is_null()) {
      bool lossless = true;
      if (auto msg = system_message(*sys, lossless)) messages.messages.push_back(std::move(*msg));
    }
  }
  ChatJson gemini = ChatJson::array();
  for (const auto& c : *contents) gemini.push_back(gemini_api_content(c));  // args in source order
  if (!gemini.empty() && !append_chat_messages(gemini, ChatSide::input, messages)) return false;
  if (messages.messages.empty()) return false;
  out = {true, std::move(messages.messages), true};
  return true;
}

// gcp.vertex.agent.llm_response: {"content": {"parts", "role"}, "finish_reason", ...}. Stays too.
bool from_adk_response(const OtelAttributes& attributes, Found& out) {
  const std::string* text = attributes.get_string("gcp.vertex.agent.llm_response");
  if (!text) return false;
  const auto response = parse_json_text(*text);
  if (!response || !response->is_object()) return false;
  const auto content = response->find("content");
  if (content == response->end() || !content->is_object()) return false;
  ChatMessages messages;
  if (!append_chat_messages(gemini_api_content(*content), ChatSide::output, messages) || messages.messages.empty()) {
    return false;
  }
  out = {true, std::move(messages.messages), true};
  return true;
}

// --- both sides --------------------------------------------------------------------------------

// Messages an event carried (see otel_event_messages.hpp).
bool from_events(bool has, ChatMessages& messages, Found& out) {
  if (!has) return false;
  out = {true, std::move(messages.messages), true};
  return true;
}

Found find_input(OtelAttributes& attributes, OtelEventMessages* events) {
  Found f;
  if (from_message_attribute(attributes, "gen_ai.input.messages", ChatSide::input, f)) return f;
  if (events && from_events(events->has_details_input, events->details_input, f)) return f;
  if (events && from_events(events->has_input, events->input, f)) return f;
  if (from_flat_messages(attributes, "llm.input_messages.", true, ChatSide::input, f)) return f;
  if (from_flat_messages(attributes, "gen_ai.prompt.", false, ChatSide::input, f)) return f;
  if (from_deprecated(attributes, "gen_ai.prompt", ChatSide::input, f)) return f;
  if (from_message_attribute(attributes, "ai.prompt.messages", ChatSide::input, f)) return f;
  if (from_vercel_prompt(attributes, f)) return f;
  if (from_adk_request(attributes, f)) return f;
  from_value(attributes, "input.value", "input.mime_type", ChatSide::input, f);
  return f;
}

Found find_output(OtelAttributes& attributes, OtelEventMessages* events) {
  Found f;
  if (from_message_attribute(attributes, "gen_ai.output.messages", ChatSide::output, f)) return f;
  if (events && from_events(events->has_details_output, events->details_output, f)) return f;
  if (events && from_events(events->has_output, events->output, f)) return f;
  if (from_flat_messages(attributes, "llm.output_messages.", true, ChatSide::output, f)) return f;
  if (from_flat_messages(attributes, "gen_ai.completion.", false, ChatSide::output, f)) return f;
  if (from_deprecated(attributes, "gen_ai.completion", ChatSide::output, f)) return f;
  if (from_vercel_response(attributes, f)) return f;
  if (from_adk_response(attributes, f)) return f;
  from_value(attributes, "output.value", "output.mime_type", ChatSide::output, f);
  return f;
}

// gen_ai.system_instructions as the leading system message of message input.
void add_system_instructions(OtelAttributes& attributes, Found& input) {
  OtelAttribute* a = attributes.find("gen_ai.system_instructions");
  if (!a || a->consumed || (input.found && !input.is_messages)) return;
  const Json& v = a->value();
  std::optional<ChatJson> parsed;
  if (v.is_string()) parsed = parse_json_text(v.get_ref<const std::string&>());
  bool lossless = true;
  auto msg = parsed ? system_message(*parsed, lossless) : system_message(v, lossless);
  if (!msg) return;
  if (!input.found) input = {true, ChatJson::array(), true};
  input.value.insert(input.value.begin(), std::move(*msg));
  if (lossless) a->consumed = true;
}

std::string dump(const ChatJson& value) {
  return value.dump(-1, ' ', false, ChatJson::error_handler_t::replace);
}

}  // namespace

void map_otel_messages(OtelAttributes& attributes, Span& span, OtelEventMessages* events) {
  Found input = find_input(attributes, events);
  // Operation details carry their own system instructions.
  const bool from_details = events && events->has_details_input && input.found && input.is_messages &&
                            !input.value.empty() && input.value.front()["role"] == "system";
  if (!from_details) add_system_instructions(attributes, input);
  Found output = find_output(attributes, events);
  // The text that answers chat messages (OpenInference `output.value` as text/plain, a deprecated
  // `gen_ai.completion` string) is the assistant's reply.
  if (input.is_messages && output.found && !output.is_messages && output.value.is_string() &&
      !output.value.get_ref<const std::string&>().empty()) {
    output = {true, ChatJson::array({ChatJson{{"role", "assistant"}, {"content", std::move(output.value)}}}), true};
  }
  ChatJson none;
  messages::assign_tool_call_ids(input.is_messages ? input.value : none, output.is_messages ? output.value : none);
  if (input.found) span.input_json = dump(input.value);
  if (output.found) span.output_json = dump(output.value);
}

}  // namespace tracesift::import
