// Converts provider and framework message dialects to canonical (OpenAI chat shaped) messages.
#include "provider_messages.hpp"

#include <array>
#include <string>
#include <string_view>

#include "json_fields.hpp"

namespace tracesift::import {

using nlohmann::json;

namespace {

bool has_string(const json& o, std::string_view key) {
  const json* v = field(o, key);
  return v && v->is_string();
}

bool type_is(const json& o, std::string_view type) {
  const json* v = field(o, "type");
  return v && v->is_string() && v->get_ref<const std::string&>() == type;
}

// Roles as the canonical shape names them: Gemini's "model" and LangChain's "ai"/"human" map to
// assistant/user; OpenAI's own roles (including developer and function) stay as given.
std::string canonical_role(std::string role) {
  if (role == "model" || role == "ai") return "assistant";
  if (role == "human") return "user";
  return role;
}

// A LangChain message class ("HumanMessage", "AIMessageChunk", ...) or dict type ("human") as a role.
std::optional<std::string> langchain_role(std::string_view type) {
  if (type.size() > 5 && type.substr(type.size() - 5) == "Chunk") type.remove_suffix(5);
  if (type == "human" || type == "HumanMessage") return "user";
  if (type == "ai" || type == "AIMessage") return "assistant";
  if (type == "system" || type == "SystemMessage") return "system";
  if (type == "tool" || type == "ToolMessage") return "tool";
  if (type == "function" || type == "FunctionMessage") return "function";
  return std::nullopt;
}

// A message object as {role, fields}: a role message, a LangChain dict message ({"type": "human",
// "content"}), or a serialised LangChain message ({"lc": 1, "id": [..., "AIMessage"], "kwargs"}).
struct MessageView {
  std::string role;
  const json* fields = nullptr;  // the object holding content, tool_calls, ...
  bool langchain = false;        // `type` names the role and is not kept
};

std::optional<MessageView> message_view(const json& m) {
  if (!m.is_object()) return std::nullopt;
  if (has_string(m, "role")) return MessageView{canonical_role(m["role"].get<std::string>()), &m, false};
  if (has_string(m, "type") && m.contains("content")) {
    if (auto role = langchain_role(m["type"].get_ref<const std::string&>())) return MessageView{*role, &m, true};
  }
  const json* id = field(m, "id");
  const json* kwargs = field(m, "kwargs");
  if (field(m, "lc") && id && id->is_array() && !id->empty() && id->back().is_string() && kwargs &&
      kwargs->is_object()) {
    const auto& cls = id->back().get_ref<const std::string&>();
    if (cls == "ChatMessage" && has_string(*kwargs, "role")) {
      return MessageView{canonical_role((*kwargs)["role"].get<std::string>()), kwargs, false};
    }
    if (auto role = langchain_role(cls)) return MessageView{*role, kwargs, true};
  }
  return std::nullopt;
}

json arguments_text(const json* args) {
  if (!args) return "{}";
  if (args->is_string()) return *args;
  return compact(*args);
}

json make_tool_call(const json* id, const json& name, const json* args) {
  json call = json::object();
  call["id"] = id && id->is_string() ? *id : json("");
  call["type"] = "function";
  call["function"] = {{"name", name}, {"arguments", arguments_text(args)}};
  return call;
}

// A tool call given as a content part or sequence item (not a role message's tool_calls entry).
std::optional<json> part_tool_call(const json& p) {
  if (!p.is_object()) return std::nullopt;
  if (type_is(p, "tool_use") && has_string(p, "name")) {  // Anthropic block
    return make_tool_call(field(p, "id"), p["name"], field(p, "input"));
  }
  if (type_is(p, "tool_call") && has_string(p, "name")) {  // OTel GenAI part, or LangChain tool call
    const json* args = field(p, "arguments");
    return make_tool_call(field(p, "id"), p["name"], args ? args : field(p, "args"));
  }
  if (type_is(p, "function_call") && has_string(p, "name")) {  // Responses API item
    const json* id = field(p, "call_id");
    return make_tool_call(id ? id : field(p, "id"), p["name"], field(p, "arguments"));
  }
  if (type_is(p, "function")) {  // an OpenAI tool call placed in content (Koog)
    const json* fn = field(p, "function");
    if (fn && has_string(*fn, "name")) return make_tool_call(field(p, "id"), (*fn)["name"], field(*fn, "arguments"));
  }
  for (const char* key : {"function_call", "functionCall"}) {  // Gemini part
    const json* fc = field(p, key);
    if (fc && has_string(*fc, "name")) return make_tool_call(field(*fc, "id"), (*fc)["name"], field(*fc, "args"));
  }
  if (has_string(p, "toolCallId") && has_string(p, "toolName")) {  // Vercel AI SDK
    const json* args = field(p, "input");
    return make_tool_call(field(p, "toolCallId"), p["toolName"], args ? args : field(p, "args"));
  }
  return std::nullopt;
}

}  // namespace

std::optional<json> canonical_tool_call(const json& call) {
  if (!call.is_object()) return std::nullopt;
  const json* fn = field(call, "function");
  if (fn && fn->is_object() && has_string(*fn, "name")) {
    return make_tool_call(field(call, "id"), (*fn)["name"], field(*fn, "arguments"));
  }
  if (auto c = part_tool_call(call)) return c;
  if (has_string(call, "name") && call.contains("args")) {  // LangChain {"name", "args", "id", "type": "tool_call"}
    return make_tool_call(field(call, "id"), call["name"], field(call, "args"));
  }
  return std::nullopt;
}

namespace {

constexpr std::array<std::string_view, 5> kReasoningTypes{"thinking", "redacted_thinking", "reasoning",
                                                          "reasoning_text", "summary_text"};

bool is_reasoning(const json& p) {
  if (const json* thought = field(p, "thought"); thought && *thought == true) return true;  // Gemini
  const json* t = field(p, "type");
  if (!t || !t->is_string()) return false;
  for (const auto r : kReasoningTypes) {
    if (t->get_ref<const std::string&>() == r) return true;
  }
  return false;
}

json text_part(const json& text) {
  return json{{"type", "text"}, {"text", text}};
}

// A text part in any dialect as {"type": "text", "text", ...extras}, or nullopt.
std::optional<json> as_text_part(const json& p) {
  if (p.is_string()) return text_part(p);
  if (!p.is_object()) return std::nullopt;
  const char* text_key = nullptr;
  if ((type_is(p, "text") || type_is(p, "input_text") || type_is(p, "output_text")) && has_string(p, "text")) {
    text_key = "text";
  } else if (type_is(p, "text") && has_string(p, "content")) {  // OTel GenAI part
    text_key = "content";
  } else if (!p.contains("type") && has_string(p, "text")) {  // Gemini part
    text_key = "text";
  } else if (type_is(p, "text") && field(p, "content")) {  // GenAI part whose text was parsed as JSON
    json out = text_part(compact(p["content"]));
    return out;
  } else {
    return std::nullopt;
  }
  json out = text_part(p[text_key]);
  for (const auto& [k, v] : p.items()) {
    // cache_control is a caching directive, not content; empty values carry nothing.
    if (k == "type" || k == text_key || k == "cache_control" || is_empty_value(v)) continue;
    out[k] = v;
  }
  return out;
}

std::string data_url(const json& mime, const json& data) {
  return "data:" + (mime.is_string() ? mime.get<std::string>() : std::string("application/octet-stream")) + ";base64," +
         (data.is_string() ? data.get<std::string>() : std::string());
}

// Non-text, non-tool content parts: images become OpenAI image_url parts; others stay as given.
json as_other_part(const json& p) {
  if (type_is(p, "image")) {  // Anthropic image block
    const json* src = field(p, "source");
    if (src && type_is(*src, "base64")) {
      return {{"type", "image_url"},
              {"image_url", {{"url", data_url((*src).value("media_type", json()), (*src).value("data", json()))}}}};
    }
    if (src && type_is(*src, "url") && has_string(*src, "url")) {
      return {{"type", "image_url"}, {"image_url", {{"url", (*src)["url"]}}}};
    }
  }
  if (type_is(p, "input_image") && has_string(p, "image_url")) {  // Responses API
    json image = {{"url", p["image_url"]}};
    if (has_string(p, "detail")) image["detail"] = p["detail"];
    return {{"type", "image_url"}, {"image_url", image}};
  }
  for (const char* key : {"inline_data", "inlineData"}) {  // Gemini
    const json* d = field(p, key);
    if (!d || !d->is_object()) continue;
    const json mime = d->contains("mime_type") ? (*d)["mime_type"] : d->value("mimeType", json());
    if (mime.is_string() && mime.get_ref<const std::string&>().rfind("image/", 0) == 0) {
      return {{"type", "image_url"}, {"image_url", {{"url", data_url(mime, d->value("data", json()))}}}};
    }
  }
  return p;
}

// Canonical content from collected parts: one plain text part is a string; otherwise the parts.
json content_value(const json& parts) {
  if (parts.size() == 1 && parts[0].size() == 2 && type_is(parts[0], "text") && has_string(parts[0], "text")) {
    return parts[0]["text"];
  }
  return parts;
}

// Tool result content: text stays text; anything else becomes its JSON text.
json tool_result_content(const json* content, json& dropped) {
  if (!content) return "";
  if (content->is_string()) return *content;
  if (content->is_array()) {
    json parts = json::array();
    bool all_known = true;
    for (const auto& b : *content) {
      if (auto t = as_text_part(b)) {
        parts.push_back(std::move(*t));
      } else if (is_reasoning(b)) {
        dropped.push_back(b);
      } else if (b.is_object() && (type_is(b, "image") || type_is(b, "input_image"))) {
        parts.push_back(as_other_part(b));
      } else {
        all_known = false;
      }
    }
    if (all_known) return content_value(parts);
  }
  return compact(*content);
}

// A tool result part (Anthropic tool_result, GenAI tool_call_response, Gemini function_response)
// as a canonical tool message, or nullopt.
std::optional<json> part_tool_result(const json& p, json& dropped) {
  if (!p.is_object()) return std::nullopt;
  if (type_is(p, "tool_result")) {
    json m = {{"role", "tool"}, {"tool_call_id", p.value("tool_use_id", json(""))}};
    m["content"] = tool_result_content(field(p, "content"), dropped);
    if (const json* e = field(p, "is_error"); e && e->is_boolean() && e->get<bool>()) m["is_error"] = true;
    return m;
  }
  if (type_is(p, "tool_call_response")) {
    json m = {{"role", "tool"}, {"tool_call_id", p.value("id", json(""))}};
    const json* r = field(p, "response");
    if (!r) r = field(p, "result");
    m["content"] = r ? (r->is_string() ? *r : json(compact(*r))) : json("");
    if (has_string(p, "name")) m["name"] = p["name"];
    return m;
  }
  for (const char* key : {"function_response", "functionResponse"}) {
    const json* fr = field(p, key);
    if (!fr || !fr->is_object()) continue;
    json m = {{"role", "tool"}, {"tool_call_id", fr->value("id", json(""))}};
    const json* r = field(*fr, "response");
    m["content"] = r ? (r->is_string() ? *r : json(compact(*r))) : json("");
    if (has_string(*fr, "name")) m["name"] = (*fr)["name"];
    return m;
  }
  return std::nullopt;
}

// Appends a tool call to the assistant turn it belongs to (the last message when it is an
// assistant message), or starts one.
void attach_tool_call(json& out, json call) {
  if (!out.empty() && out.back().value("role", "") == "assistant") {
    out.back()["tool_calls"].push_back(std::move(call));
    return;
  }
  out.push_back({{"role", "assistant"}, {"content", nullptr}, {"tool_calls", json::array({std::move(call)})}});
}

// Keys of a message object that the conversion consumes besides its content (everything else
// non-empty is kept).
bool consumed_key(std::string_view k, bool langchain) {
  return k == "role" || k == "tool_calls" || k == "tool_call_id" || k == "additional_kwargs" ||
         (langchain && k == "type");
}

// The key a message's content is read from: `content`, else OTel/Gemini `parts`, else BeeAI's `text`.
const char* content_key(const json& m) {
  for (const char* key : {"content", "parts"}) {
    if (field(m, key)) return key;
  }
  return has_string(m, "text") ? "text" : "content";
}

// Converts one role message; a message whose parts hold tool results becomes several messages.
void convert_message(const MessageView& view, json& out, json& dropped) {
  const json& m = *view.fields;
  json base = {{"role", view.role}};
  const char* source = content_key(m);
  for (const auto& [k, v] : m.items()) {
    if (consumed_key(k, view.langchain) || k == source || is_empty_value(v)) continue;
    if (k == "type" && v == "message") continue;  // Responses API item type
    base[k] = v;
  }
  if (const json* id = field(m, "tool_call_id")) base["tool_call_id"] = id->is_string() ? *id : json(compact(*id));
  if (const json* kw = field(m, "additional_kwargs"); kw && kw->is_object()) {
    json rest = json::object();
    for (const auto& [k, v] : kw->items()) {
      if (k != "tool_calls" && !is_empty_value(v)) rest[k] = v;
    }
    if (!rest.empty()) base["additional_kwargs"] = rest;
  }

  json calls = json::array();
  const json* raw_calls = field(m, "tool_calls");
  if (!raw_calls || !raw_calls->is_array() || raw_calls->empty()) {
    const json* kw = field(m, "additional_kwargs");
    raw_calls = kw ? field(*kw, "tool_calls") : nullptr;
  }
  if (raw_calls && raw_calls->is_array()) {
    json converted = json::array();
    for (const auto& c : *raw_calls) {
      auto call = canonical_tool_call(c);
      if (!call) {
        converted = *raw_calls;  // an unknown dialect: keep it exactly as given
        break;
      }
      converted.push_back(std::move(*call));
    }
    calls = std::move(converted);
  }

  const json* content = m.contains(source) ? &m[source] : nullptr;

  if (!content || !content->is_array()) {
    json msg = base;
    if (!content || content->is_null()) {
      msg["content"] = nullptr;
    } else if (content->is_string()) {
      msg["content"] = *content;
    } else {
      msg["content"] = compact(*content);  // an object or number: its JSON text
    }
    if (!calls.empty()) msg["tool_calls"] = calls;
    out.push_back(std::move(msg));
    return;
  }

  json parts = json::array();
  bool emitted = false;
  const auto flush = [&](bool final) {
    if (parts.empty() && calls.empty() && (emitted || !final)) return;
    json msg = base;
    msg["content"] = parts.empty() && !calls.empty() ? json(nullptr) : content_value(parts);
    if (!calls.empty()) msg["tool_calls"] = calls;
    out.push_back(std::move(msg));
    parts = json::array();
    calls = json::array();
    emitted = true;
  };
  for (const auto& p : *content) {
    if (auto call = part_tool_call(p)) {
      calls.push_back(std::move(*call));
    } else if (auto result = part_tool_result(p, dropped)) {
      flush(false);
      out.push_back(std::move(*result));
      emitted = true;
    } else if (auto text = as_text_part(p)) {
      parts.push_back(std::move(*text));
    } else if (is_reasoning(p)) {
      dropped.push_back(p);
    } else {
      parts.push_back(as_other_part(p));
    }
  }
  flush(true);
}

// Langfuse's LangChain integration lists the tools offered as "tool" messages whose content is
// the tool's definition ({"type": "function", "function": {"name", "parameters", ...}}): those are
// not part of the conversation.
const json* tool_definition(const MessageView& view) {
  if (view.role != "tool" || field(*view.fields, "tool_call_id")) return nullptr;
  const json* content = field(*view.fields, "content");
  if (!content || !type_is(*content, "function")) return nullptr;
  const json* fn = field(*content, "function");
  if (!fn || !has_string(*fn, "name") || !(field(*fn, "parameters") || field(*fn, "description"))) return nullptr;
  return content;
}

// Converts a sequence of messages/items. Strict: any element that is no message fails the whole
// sequence (the value was not messages). Lenient: such elements go to `dropped`.
std::optional<MessageConversion> convert_sequence(const json& items, bool lenient) {
  if (!items.is_array()) return std::nullopt;
  MessageConversion conv;
  for (const auto& e : items) {
    if (auto view = message_view(e)) {
      if (const json* tool = tool_definition(*view)) {
        conv.rest["tools"].push_back(*tool);
        continue;
      }
      convert_message(*view, conv.messages, conv.dropped);
    } else if (e.is_object() && (type_is(e, "function_call") || has_string(e, "toolCallId")) && part_tool_call(e)) {
      attach_tool_call(conv.messages, *part_tool_call(e));
    } else if (e.is_object() && type_is(e, "function_call_output")) {
      const json* output = field(e, "output");
      json msg = {{"role", "tool"}, {"tool_call_id", e.value("call_id", json(""))}};
      msg["content"] = output ? (output->is_string() ? *output : json(compact(*output))) : json("");
      conv.messages.push_back(std::move(msg));
    } else if (lenient || is_reasoning(e)) {
      conv.dropped.push_back(e);
    } else {
      return std::nullopt;
    }
  }
  if (conv.messages.empty() && !lenient) return std::nullopt;
  return conv;
}

// A system message from a string or text blocks (Anthropic `system`, Gemini `system_instruction`).
std::optional<json> system_message(const json& system, json& dropped) {
  if (system.is_string()) return json{{"role", "system"}, {"content", system}};
  const json* parts = &system;
  if (system.is_object() && field(system, "parts")) parts = &system["parts"];
  if (!parts->is_array()) return std::nullopt;
  json msgs = json::array();
  const json holder = {{"content", *parts}};
  convert_message({"system", &holder, false}, msgs, dropped);
  if (msgs.size() != 1) return std::nullopt;
  return msgs[0];
}

json without(const json& object, std::initializer_list<std::string_view> keys) {
  json rest = json::object();
  for (const auto& [k, v] : object.items()) {
    bool skip = false;
    for (const auto key : keys) skip = skip || k == key;
    if (!skip) rest[k] = v;
  }
  return rest;
}

// Gemini request `contents` (a string, strings, or Content objects) after a system instruction.
std::optional<MessageConversion> gemini_contents(const json& contents, const json* system) {
  MessageConversion conv;
  if (system) {
    if (auto sys = system_message(*system, conv.dropped)) conv.messages.push_back(std::move(*sys));
  }
  const json list = contents.is_array() ? contents : json::array({contents});
  for (const auto& c : list) {
    if (c.is_string()) {
      conv.messages.push_back({{"role", "user"}, {"content", c}});
    } else if (c.is_object() && field(c, "parts")) {
      const std::string role = has_string(c, "role") ? canonical_role(c["role"].get<std::string>()) : "user";
      convert_message({role, &c, false}, conv.messages, conv.dropped);
    } else {
      return std::nullopt;
    }
  }
  return conv;
}

// A Gemini Content object ({"role": "model", "parts": [...]}) as one assistant turn.
std::optional<MessageConversion> gemini_content(const json& content) {
  if (!content.is_object() || !field(content, "parts") || !content["parts"].is_array()) return std::nullopt;
  MessageConversion conv;
  const std::string role =
      has_string(content, "role") ? canonical_role(content["role"].get<std::string>()) : "assistant";
  convert_message({role, &content, false}, conv.messages, conv.dropped);
  return conv;
}

}  // namespace

std::optional<MessageConversion> chat_messages(const json& messages, const json* system) {
  auto conv = convert_sequence(messages, false);
  if (!conv) return std::nullopt;
  if (system && !system->is_null()) {
    auto sys = system_message(*system, conv->dropped);
    if (!sys) return std::nullopt;
    conv->messages.insert(conv->messages.begin(), std::move(*sys));
  }
  return conv;
}

std::optional<MessageConversion> assistant_message(const json& content) {
  if (content.is_array()) {
    MessageConversion conv;
    const json holder = {{"content", content}};
    convert_message({"assistant", &holder, false}, conv.messages, conv.dropped);
    return conv;
  }
  if (message_view(content)) return convert_sequence(json::array({content}), false);
  return std::nullopt;
}

std::optional<MessageConversion> responses_input_messages(const json& input, const json* instructions) {
  MessageConversion conv;
  if (input.is_string()) {
    conv.messages.push_back({{"role", "user"}, {"content", input}});
  } else if (auto items = convert_sequence(input, true)) {
    conv = std::move(*items);
  } else {
    return std::nullopt;
  }
  if (instructions && !instructions->is_null()) {
    if (instructions->is_string()) {
      conv.messages.insert(conv.messages.begin(), json{{"role", "system"}, {"content", *instructions}});
    } else {
      conv.rest["instructions"] = *instructions;
    }
  }
  return conv;
}

std::optional<MessageConversion> responses_output_messages(const json& output) {
  return convert_sequence(output, true);
}

std::optional<MessageConversion> recognize_messages(const json& value) {
  if (value.is_array()) return convert_sequence(value, false);
  if (!value.is_object()) return std::nullopt;
  if (type_is(value, "message") && field(value, "content") && value["content"].is_array() &&
      (value.contains("stop_reason") || value.contains("usage"))) {  // an Anthropic response
    auto conv = assistant_message(value["content"]);
    if (conv) {
      conv->rest = without(value, {"content", "role", "type"});
      return conv;
    }
  }
  if (message_view(value)) return convert_sequence(json::array({value}), false);

  if (const json* messages = field(value, "messages"); messages && messages->is_array()) {
    const json* system = field(value, "system");
    if (auto conv =
            chat_messages(*messages, system && (system->is_string() || system->is_array()) ? system : nullptr)) {
      conv->rest = without(value, {"messages", "system"});
      return conv;
    }
  }
  if (const json* choices = field(value, "choices"); choices && choices->is_array() && !choices->empty()) {
    const json& first = (*choices)[0];
    if (const json* message = field(first, "message"); message && message_view(*message)) {
      auto conv = assistant_message(*message);
      if (conv) {
        conv->rest = without(value, {"choices"});
        json others = *choices;
        others[0].erase("message");
        if (others.size() > 1 || !others[0].empty()) conv->rest["choices"] = others;
        return conv;
      }
    }
  }
  if (const json* message = field(value, "message"); message && message_view(*message)) {  // one choice
    auto conv = assistant_message(*message);
    if (conv) {
      conv->rest = without(value, {"message"});
      return conv;
    }
  }
  if (has_string(value, "object") && value["object"] == "response" && field(value, "output")) {
    auto conv = responses_output_messages(value["output"]);
    if (conv) {
      conv->rest = without(value, {"output"});
      return conv;
    }
  }
  if (const json* contents = field(value, "contents")) {  // Gemini request
    const json* system = field(value, "system_instruction");
    const json* config = field(value, "config");
    if (!system && config) system = field(*config, "system_instruction");
    if (auto conv = gemini_contents(*contents, system)) {
      conv->rest = without(value, {"contents", "system_instruction"});
      return conv;
    }
  }
  if (const json* candidates = field(value, "candidates");
      candidates && candidates->is_array() && !candidates->empty()) {
    if (const json* content = field((*candidates)[0], "content")) {
      if (auto conv = gemini_content(*content)) {
        conv->rest = without(value, {"candidates"});
        json others = *candidates;
        others[0].erase("content");
        if (others.size() > 1 || !others[0].empty()) conv->rest["candidates"] = others;
        return conv;
      }
    }
  }
  if (const json* content = field(value, "content")) {  // a Gemini response turn
    if (auto conv = gemini_content(*content)) {
      conv->rest = without(value, {"content"});
      return conv;
    }
  }
  if (const json* input = field(value, "input"); input && input->is_array()) {  // Responses API request
    auto conv = convert_sequence(*input, false);
    if (conv) {
      if (const json* instructions = field(value, "instructions"); instructions && instructions->is_string()) {
        conv->messages.insert(conv->messages.begin(), json{{"role", "system"}, {"content", *instructions}});
      }
      conv->rest = without(value, {"input", "instructions"});
      return conv;
    }
  }
  return std::nullopt;
}

}  // namespace tracesift::import
