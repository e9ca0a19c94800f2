// Chat messages of LLM traces (GenAI parts model, OpenAI, Anthropic, Vercel AI, Gemini shapes) in
// tracesift's canonical form.
#include "genai_messages.hpp"

#include <initializer_list>

#include <simdjson.h>

#include "format_reader.hpp"

namespace tracesift::import {

using nlohmann::json;

namespace {

// The string member `key`, or nullptr.
const std::string* string_member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

// The member `key`, or nullptr.
const json* member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// True when every key of `object` is one of `allowed`.
bool only_keys(const json& object, std::initializer_list<std::string_view> allowed) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool ok = false;
    for (const auto k : allowed) ok = ok || it.key() == k;
    if (!ok) return false;
  }
  return true;
}

// Tool results are text in the canonical form: strings as they are, other JSON as its text.
std::string result_text(const json* result) {
  if (!result || result->is_null()) return {};
  if (result->is_string()) return result->get<std::string>();
  return result->dump(-1, ' ', false, json::error_handler_t::replace);
}

// What the parts of one source message turn into.
struct PartsResult {
  struct Part {
    const std::string* text = nullptr;  // a plain text part
    const json* other = nullptr;        // any other part, kept as given
  };
  std::vector<Part> parts;  // the content parts, in order
  bool only_text = true;    // no part other than plain text
  ChatJson tool_calls;      // null until the first call
  std::vector<ChatJson> tool_messages;

  // The message content: null, the joined text, or the parts array (text as {"type","text"}).
  ChatJson content() const {
    if (parts.empty()) return nullptr;
    if (only_text) {
      std::string joined;
      for (size_t i = 0; i < parts.size(); ++i) {
        if (i) joined += '\n';
        joined += *parts[i].text;
      }
      return joined;
    }
    ChatJson array = ChatJson::array();
    for (const Part& p : parts) {
      array.push_back(p.text ? ChatJson{{"type", "text"}, {"text", *p.text}} : ChatJson(*p.other));
    }
    return array;
  }
};

void add_text(PartsResult& r, const std::string& text) {
  r.parts.push_back({&text, nullptr});
}

void add_other(PartsResult& r, const json& part) {
  r.only_text = false;
  r.parts.push_back({nullptr, &part});
}

void add_tool_call(PartsResult& r, const std::string* id, const std::string& name, const json* arguments) {
  r.tool_calls.push_back(make_tool_call(id, name, arguments));
}

void add_tool_result(PartsResult& r, const std::string* id, const std::string* name, const json* result) {
  ChatJson msg = ChatJson::object();
  msg["role"] = "tool";
  msg["content"] = result_text(result);
  if (id) msg["tool_call_id"] = *id;
  if (name) msg["name"] = *name;
  r.tool_messages.push_back(std::move(msg));
}

// The first of `a`, `b` present in `object`, or nullptr.
const json* either(const json& object, const char* a, const char* b) {
  const json* v = member(object, a);
  return v ? v : member(object, b);
}

// Adds one content part of any known shape; unknown parts are kept as given.
void add_part(const json& part, PartsResult& r, bool& lossless) {
  if (part.is_string()) {
    add_text(r, part.get_ref<const std::string&>());
    return;
  }
  if (!part.is_object()) {
    add_other(r, part);
    return;
  }
  const std::string* type_ptr = string_member(part, "type");
  const std::string_view type = type_ptr ? std::string_view(*type_ptr) : std::string_view();

  if (type == "text" || (type.empty() && part.contains("text"))) {
    // GenAI {"type":"text","content"}, OpenAI/Anthropic/Vercel {"type":"text","text"}, Gemini {"text"}.
    const std::string* text = string_member(part, "text");
    if (!text) text = string_member(part, "content");
    if (text && part.size() == (type_ptr ? 2u : 1u)) {
      add_text(r, *text);
    } else {
      add_other(r, part);  // text with extras (cache control, Gemini thoughts, ...): kept whole
    }
    return;
  }

  // Tool calls.
  const std::string* id = nullptr;
  const std::string* name = nullptr;
  const json* arguments = nullptr;
  bool known = true;
  if (type == "tool_call") {  // GenAI parts model
    id = string_member(part, "id");
    name = string_member(part, "name");
    arguments = member(part, "arguments");
    known = only_keys(part, {"type", "id", "name", "arguments"});
  } else if (type == "tool-call") {  // Vercel AI SDK
    id = string_member(part, "toolCallId");
    name = string_member(part, "toolName");
    arguments = either(part, "input", "args");
    known = only_keys(part, {"type", "toolCallId", "toolName", "input", "args"});
  } else if (type == "tool_use") {  // Anthropic
    id = string_member(part, "id");
    name = string_member(part, "name");
    arguments = member(part, "input");
    known = only_keys(part, {"type", "id", "name", "input"});
  } else if (type == "function_call") {  // OpenAI Responses API
    id = string_member(part, "call_id");
    name = string_member(part, "name");
    arguments = member(part, "arguments");
    known = only_keys(part, {"type", "call_id", "name", "arguments"});
  } else if (type.empty() && part.contains("functionCall") && part["functionCall"].is_object()) {  // Gemini
    const json& call = part["functionCall"];
    id = string_member(call, "id");
    name = string_member(call, "name");
    arguments = member(call, "args");
    known = part.size() == 1 && only_keys(call, {"id", "name", "args"});
  } else {
    name = nullptr;
    known = false;
  }
  if (name) {
    if (!known) lossless = false;
    add_tool_call(r, id, *name, arguments);
    return;
  }

  // Tool results.
  const json* result = nullptr;
  bool is_result = true;
  known = true;
  if (type == "tool_call_response") {  // GenAI parts model
    id = string_member(part, "id");
    result = member(part, "response");
    known = only_keys(part, {"type", "id", "response"});
  } else if (type == "tool-result") {  // Vercel AI SDK
    id = string_member(part, "toolCallId");
    name = string_member(part, "toolName");
    result = either(part, "output", "result");
    known = only_keys(part, {"type", "toolCallId", "toolName", "output", "result"});
  } else if (type == "tool_result") {  // Anthropic
    id = string_member(part, "tool_use_id");
    result = member(part, "content");
    known = only_keys(part, {"type", "tool_use_id", "content"});
  } else if (type == "function_call_output") {  // OpenAI Responses API
    id = string_member(part, "call_id");
    result = member(part, "output");
    known = only_keys(part, {"type", "call_id", "output"});
  } else if (type.empty() && part.contains("functionResponse") && part["functionResponse"].is_object()) {  // Gemini
    const json& response = part["functionResponse"];
    id = string_member(response, "id");
    name = string_member(response, "name");
    result = member(response, "response");
    known = part.size() == 1 && only_keys(response, {"id", "name", "response"});
  } else {
    is_result = false;
  }
  if (is_result) {
    if (!known) lossless = false;
    add_tool_result(r, id, name, result);
    return;
  }
  add_other(r, part);
}

// An OpenAI-style tool call ({"id", "type": "function", "function": {"name", "arguments"}}).
bool add_openai_tool_call(const json& call, PartsResult& r, bool& lossless) {
  if (!call.is_object()) return false;
  const json* fn = member(call, "function");
  const json& holder = fn && fn->is_object() ? *fn : call;
  const std::string* name = string_member(holder, "name");
  if (!name) return false;
  const std::string* type = string_member(call, "type");
  if ((type && *type != "function") || !only_keys(call, {"id", "type", "function"}) ||
      (fn && !only_keys(*fn, {"name", "arguments"}))) {
    lossless = false;
  }
  add_tool_call(r, string_member(call, "id"), *name, member(holder, "arguments"));
  return true;
}

bool is_message_like(const json& m) {
  if (!m.is_object()) return false;
  const auto role = m.find("role");
  if (role != m.end() && role->is_string()) return true;
  const auto parts = m.find("parts");
  return parts != m.end() && parts->is_array();
}

void convert_message(const json& m, ChatSide side, ChatMessages& out) {
  const std::string* source_role = string_member(m, "role");
  std::string role = source_role ? canonical_role(*source_role) : (side == ChatSide::input ? "user" : "assistant");
  if (!source_role) out.lossless = out.lossless && !m.contains("role");
  PartsResult r;
  const std::string* content_string = nullptr;
  bool has_parts = false;
  const std::string* tool_call_id = nullptr;
  const std::string* name = nullptr;
  for (auto it = m.begin(); it != m.end(); ++it) {
    const std::string& key = it.key();
    const json& v = *it;
    if (key == "role") continue;
    if (key == "parts" || key == "content") {
      if (v.is_string() && key == "content") {
        content_string = &v.get_ref<const std::string&>();
      } else if (v.is_array()) {
        has_parts = true;
        for (const json& part : v) add_part(part, r, out.lossless);
      } else if (v.is_object()) {
        has_parts = true;
        add_part(v, r, out.lossless);
      } else if (!v.is_null()) {
        out.lossless = false;
      }
    } else if (key == "tool_calls" && v.is_array()) {
      for (const json& call : v) {
        if (!add_openai_tool_call(call, r, out.lossless)) out.lossless = false;
      }
    } else if (key == "tool_call_id" && v.is_string()) {
      tool_call_id = &v.get_ref<const std::string&>();
    } else if (key == "name" && v.is_string()) {
      name = &v.get_ref<const std::string&>();
    } else if (key == "finish_reason" && v.is_string()) {
      out.finish_reasons.push_back(v.get<std::string>());
    } else if (!v.is_null()) {
      out.lossless = false;  // e.g. "refusal", "audio", provider options
    }
  }
  for (auto& tool : r.tool_messages) out.messages.push_back(std::move(tool));

  const bool only_results = !content_string && r.parts.empty() && r.tool_calls.is_null() && !r.tool_messages.empty();
  if (only_results && !tool_call_id && !name) return;
  ChatJson msg = ChatJson::object();
  msg["role"] = std::move(role);
  if (content_string && !has_parts) {
    msg["content"] = *content_string;
  } else {
    if (content_string) r.parts.insert(r.parts.begin(), {content_string, nullptr});  // the string leads
    msg["content"] = r.content();
  }
  if (!r.tool_calls.is_null()) msg["tool_calls"] = std::move(r.tool_calls);
  if (tool_call_id) msg["tool_call_id"] = *tool_call_id;
  if (name) msg["name"] = *name;
  out.messages.push_back(std::move(msg));
}

// A simdjson DOM value as nlohmann JSON (depth is bounded by the parser's max_depth).
json to_nlohmann(simdjson::dom::element e) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::ARRAY: {
      json array = json::array();
      const simdjson::dom::array children = e.get_array().value_unsafe();  // a copy: the result is a temporary
      for (const auto child : children) array.push_back(to_nlohmann(child));
      return array;
    }
    case element_type::OBJECT: {
      json object = json::object();
      const simdjson::dom::object fields = e.get_object().value_unsafe();
      for (const auto field : fields) {
        object[std::string(field.key)] = to_nlohmann(field.value);  // a repeated key: the last wins
      }
      return object;
    }
    case element_type::STRING: return std::string(e.get_string().value_unsafe());
    case element_type::INT64: return e.get_int64().value_unsafe();
    case element_type::UINT64: return e.get_uint64().value_unsafe();
    case element_type::DOUBLE: return e.get_double().value_unsafe();
    case element_type::BOOL: return e.get_bool().value_unsafe();
    case element_type::NULL_VALUE: return nullptr;
  }
  return nullptr;
}

}  // namespace

bool append_chat_messages(const json& source, ChatSide side, ChatMessages& out) {
  if (source.is_object()) {
    if (!is_message_like(source)) return false;
    convert_message(source, side, out);
    return true;
  }
  if (!source.is_array()) return false;
  for (const json& m : source) {
    if (!is_message_like(m)) return false;
  }
  for (const json& m : source) convert_message(m, side, out);
  return true;
}

std::optional<ChatJson> system_message(const json& instructions, bool& lossless) {
  ChatJson msg = ChatJson::object();
  msg["role"] = "system";
  if (instructions.is_string()) {
    msg["content"] = instructions.get<std::string>();
    return msg;
  }
  if (!instructions.is_array() && !instructions.is_object()) return std::nullopt;
  PartsResult r;
  if (instructions.is_array()) {
    for (const json& part : instructions) add_part(part, r, lossless);
  } else {
    add_part(instructions, r, lossless);
  }
  if (!r.tool_calls.is_null() || !r.tool_messages.empty()) return std::nullopt;  // not instructions
  msg["content"] = r.content();
  return msg;
}

ChatJson make_tool_call(const std::string* id, const std::string& name, const json* arguments) {
  ChatJson call = ChatJson::object();
  if (id) call["id"] = *id;
  call["type"] = "function";
  std::string args;
  if (!arguments || arguments->is_null()) {
    args = "{}";
  } else if (arguments->is_string()) {
    args = arguments->get<std::string>();
  } else {
    args = arguments->dump(-1, ' ', false, json::error_handler_t::replace);
  }
  call["function"] = ChatJson{{"name", name}, {"arguments", std::move(args)}};
  return call;
}

std::string canonical_role(std::string_view role) {
  std::string r(role);
  for (auto& c : r) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (r == "model" || r == "ai") return "assistant";
  if (r == "human") return "user";
  return r;
}

std::optional<json> parse_json_text(std::string_view text) {
  // Design note: message attributes are parsed for nearly every LLM span; simdjson's parser plus
  // building the DOM takes about 40% of the time nlohmann's own parser does. Anything simdjson
  // refuses (e.g. integers beyond 64 bits) goes through nlohmann, so the result is the same.
  constexpr size_t kShrinkAbove = 8u << 20;
  thread_local simdjson::dom::parser parser;
  if (parser.max_depth() != static_cast<size_t>(kMaxJsonDepth)) {
    if (parser.allocate(64u << 10, kMaxJsonDepth) != simdjson::SUCCESS) return std::nullopt;
  }
  simdjson::dom::element root;
  std::optional<json> out;
  if (parser.parse(text.data(), text.size(), true).get(root) == simdjson::SUCCESS) {
    out = to_nlohmann(root);
  } else if (json_nesting_depth(text, kMaxJsonDepth) <= kMaxJsonDepth) {
    json value = json::parse(text.begin(), text.end(), nullptr, false);
    if (!value.is_discarded()) out = std::move(value);
  }
  if (text.size() > kShrinkAbove) parser = simdjson::dom::parser{};  // give back what a huge value took
  return out;
}

bool looks_like_json_container(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
}

}  // namespace tracesift::import
