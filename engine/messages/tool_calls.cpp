// Tool calls and tool results in every dialect, as canonical calls and tool messages.
#include "detail.hpp"

namespace tracesift::messages {

using detail::id_member;
using detail::member;
using detail::string_member;
using detail::type_is;

namespace {

// Arguments as JSON text: the source's text, or its value written compactly in source key order.
std::string arguments_text(const Json* args) {
  if (!args || args->is_null()) return "{}";
  if (args->is_string()) return args->get<std::string>();
  return compact_text(*args);
}

Json tool_call(const std::string* id, const std::string& name, std::string arguments) {
  Json call = Json::object();
  if (id && !id->empty()) call["id"] = *id;
  call["type"] = "function";
  Json fn = Json::object();
  fn["name"] = name;
  fn["arguments"] = std::move(arguments);
  call["function"] = std::move(fn);
  return call;
}

// True when every non-empty key of `o` is one of `keys`.
bool keys_within(const Json& o, std::initializer_list<std::string_view> keys) {
  for (auto it = o.begin(); it != o.end(); ++it) {
    bool ok = detail::is_empty(*it);
    for (const auto k : keys) ok = ok || it.key() == k;
    if (!ok) return false;
  }
  return true;
}

// The first of `a`, `b` present in `o`, or nullptr.
const Json* either(const Json& o, const char* a, const char* b) {
  const Json* v = member(o, a);
  return v ? v : member(o, b);
}

}  // namespace

ChatJson make_tool_call(const std::string* id, const std::string& name, const Json* arguments) {
  return tool_call(id, name, arguments_text(arguments));
}

std::optional<Json> canonical_tool_call(const Json& call) {
  if (!call.is_object()) return std::nullopt;
  bool exact = true;
  if (auto c = detail::part_tool_call(call, exact)) return c;
  const Json* fn = member(call, "function");
  if (const std::string* name = fn ? string_member(*fn, "name") : nullptr) {  // OpenAI, without "type"
    return tool_call(id_member(call, "id"), *name, arguments_text(member(*fn, "arguments")));
  }
  if (const std::string* name = string_member(call, "name"); name && call.contains("args")) {  // LangChain
    return tool_call(id_member(call, "id"), *name, arguments_text(member(call, "args")));
  }
  return std::nullopt;
}

namespace detail {

std::optional<Json> part_tool_call(const Json& p, bool& exact) {
  if (!p.is_object()) return std::nullopt;
  const std::string* type = string_member(p, "type");
  const std::string_view t = type ? std::string_view(*type) : std::string_view();
  const std::string* name = string_member(p, "name");
  if (t == "tool_use" && name) {  // Anthropic
    exact = keys_within(p, {"type", "id", "name", "input"});
    return tool_call(id_member(p, "id"), *name, arguments_text(member(p, "input")));
  }
  if (t == "tool_call" && name) {  // GenAI part; LangChain tool call
    exact = keys_within(p, {"type", "id", "name", "arguments", "args"});
    return tool_call(id_member(p, "id"), *name, arguments_text(either(p, "arguments", "args")));
  }
  if (t == "function_call" && name) {  // Responses item: call_id answers, id is the item's
    exact = keys_within(p, {"type", "id", "call_id", "name", "arguments", "status"});
    const std::string* id = id_member(p, "call_id");
    return tool_call(id ? id : id_member(p, "id"), *name, arguments_text(member(p, "arguments")));
  }
  if (t == "function" || (t.empty() && member(p, "function") && member(p, "id"))) {  // OpenAI call in content
    const Json* fn = member(p, "function");
    if (const std::string* fn_name = fn ? string_member(*fn, "name") : nullptr) {
      exact = keys_within(p, {"type", "id", "function"}) && keys_within(*fn, {"name", "arguments"});
      return tool_call(id_member(p, "id"), *fn_name, arguments_text(member(*fn, "arguments")));
    }
  }
  const std::string* tool_name = string_member(p, "toolName");
  if (tool_name && (t == "tool-call" || (t.empty() && member(p, "toolCallId")))) {  // Vercel AI SDK
    exact = keys_within(p, {"type", "toolCallId", "toolName", "input", "args", "toolCallType"});
    return tool_call(id_member(p, "toolCallId"), *tool_name, arguments_text(either(p, "input", "args")));
  }
  for (const char* key : {"function_call", "functionCall"}) {  // Gemini part
    const Json* fc = member(p, key);
    if (const std::string* fc_name = fc ? string_member(*fc, "name") : nullptr) {
      // thought_signature is an opaque blob: it stays in the source.
      exact = keys_within(*fc, {"id", "name", "args"}) && keys_within(p, {key});
      return tool_call(id_member(*fc, "id"), *fc_name, arguments_text(member(*fc, "args")));
    }
  }
  return std::nullopt;
}

Json result_text(const Json* result) {
  if (!result || result->is_null()) return "";
  if (result->is_string()) return *result;
  if (result->is_array()) {
    std::string joined;
    bool all_text = true;
    for (const Json& b : *result) {
      const PartKind k = classify_part(b);
      if (k.kind != PartKind::text) {
        all_text = false;
        break;
      }
      if (!joined.empty()) joined += '\n';
      joined += k.part["text"].get_ref<const std::string&>();
    }
    if (all_text && !result->empty()) return joined;
  }
  return compact_text(*result);
}

Json make_message(std::string role, Json content, Json tool_calls, const Json* tool_call_id, const Json* name) {
  Json m = Json::object();
  m["role"] = std::move(role);
  m["content"] = std::move(content);
  if (!tool_calls.is_null()) m["tool_calls"] = std::move(tool_calls);
  if (tool_call_id) m["tool_call_id"] = *tool_call_id;
  if (name) m["name"] = *name;
  return m;
}

Json in_canonical_order(const Json& m) {
  Json out = Json::object();
  for (const char* key : {"role", "content", "tool_calls", "tool_call_id", "name"}) {
    if (const Json* v = member(m, key)) out[key] = *v;
  }
  return out;
}

std::optional<Json> part_tool_result(const Json& p, bool& exact) {
  if (!p.is_object()) return std::nullopt;
  const std::string* type = string_member(p, "type");
  const std::string_view t = type ? std::string_view(*type) : std::string_view();
  const Json* id = nullptr;
  const Json* name = nullptr;
  const Json* result = nullptr;
  if (t == "tool_result") {  // Anthropic
    id = member(p, "tool_use_id");
    result = member(p, "content");
    exact = keys_within(p, {"type", "tool_use_id", "content"});  // is_error has no canonical place
  } else if (t == "tool_call_response") {                        // GenAI part
    id = member(p, "id");
    name = member(p, "name");
    result = either(p, "response", "result");
    exact = keys_within(p, {"type", "id", "name", "response", "result"});
  } else if (t == "tool-result") {  // Vercel AI SDK
    id = member(p, "toolCallId");
    name = member(p, "toolName");
    result = either(p, "output", "result");
    exact = keys_within(p, {"type", "toolCallId", "toolName", "output", "result"});
  } else if (t == "function_call_output") {  // Responses item
    id = member(p, "call_id");
    result = member(p, "output");
    exact = keys_within(p, {"type", "call_id", "output", "id", "status"}) && !member(p, "id");
  } else {
    bool found = false;
    for (const char* key : {"function_response", "functionResponse"}) {  // Gemini part
      const Json* fr = member(p, key);
      if (!fr || !fr->is_object()) continue;
      id = member(*fr, "id");
      name = member(*fr, "name");
      result = member(*fr, "response");
      exact = keys_within(*fr, {"id", "name", "response"}) && keys_within(p, {key});
      found = true;
      break;
    }
    if (!found) return std::nullopt;
  }
  if (id && !(id->is_string() && !id->get_ref<const std::string&>().empty())) id = nullptr;
  if (name && !name->is_string()) name = nullptr;
  return make_message("tool", result_text(result), Json(), id, name);
}

std::optional<Json> tool_calls_in_text(const std::string& text) {
  // Koog writes an assistant's tool calls as the JSON text of the OpenAI tool_calls array.
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || text.compare(first, 2, "[{") != 0) return std::nullopt;
  const auto parsed = parse_json_text(text);
  if (!parsed || !parsed->is_array() || parsed->empty()) return std::nullopt;
  Json calls = Json::array();
  for (const Json& c : *parsed) {
    const Json* fn = member(c, "function");
    const std::string* name = fn ? string_member(*fn, "name") : nullptr;
    if (!name || !type_is(c, "function") || !keys_within(c, {"id", "type", "function"}) ||
        !keys_within(*fn, {"name", "arguments"}))
      return std::nullopt;
    calls.push_back(tool_call(id_member(c, "id"), *name, arguments_text(member(*fn, "arguments"))));
  }
  return calls;
}

}  // namespace detail
}  // namespace tracesift::messages
