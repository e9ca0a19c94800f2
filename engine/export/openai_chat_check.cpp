// check_openai_chat_line: the OpenAI chat fine-tuning format's rules, checked on one line.
//
// Design note: written apart from the converter, on nlohmann::json rather than simdjson, so the
// tests check every exported line with code that shares nothing with the code that wrote it.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "openai_chat.hpp"

namespace tracesift::exporter {

using nlohmann::json;

namespace {

struct Broken {
  std::string rule;
};

[[noreturn]] void broken(std::string rule) {
  throw Broken{std::move(rule)};
}

std::string msg_at(size_t i) {
  return "messages[" + std::to_string(i) + "]";
}

const json* member(const json& o, const char* key) {
  const auto it = o.find(key);
  return it == o.end() ? nullptr : &*it;
}

// Checks one tool call of an assistant message; returns its id.
std::string check_tool_call(const json& call, const std::string& where) {
  if (!call.is_object()) broken(where + " is not an object");
  for (const auto& [key, value] : call.items()) {
    if (key != "id" && key != "type" && key != "function") broken(where + " has the unknown key '" + key + "'");
  }
  const json* id = member(call, "id");
  if (!id || !id->is_string() || id->get_ref<const std::string&>().empty())
    broken(where + ".id must be a non-empty string");
  const json* type = member(call, "type");
  if (!type || *type != "function") broken(where + ".type must be \"function\"");
  const json* fn = member(call, "function");
  if (!fn || !fn->is_object()) broken(where + ".function must be an object {name, arguments}");
  for (const auto& [key, value] : fn->items()) {
    if (key != "name" && key != "arguments") broken(where + ".function has the unknown key '" + key + "'");
  }
  const json* name = member(*fn, "name");
  if (!name || !name->is_string() || !is_valid_function_name(name->get_ref<const std::string&>()))
    broken(where + ".function.name must be a function name (1 to 64 of a-z, A-Z, 0-9, _, -)");
  const json* args = member(*fn, "arguments");
  if (!args || !args->is_string()) broken(where + ".function.arguments must be a string (JSON text)");
  return id->get<std::string>();
}

void check_tools(const json& tools) {
  if (!tools.is_array() || tools.empty()) broken("tools must be a non-empty array");
  std::set<std::string> names;
  for (size_t i = 0; i < tools.size(); ++i) {
    const std::string where = "tools[" + std::to_string(i) + "]";
    const json& t = tools[i];
    if (!t.is_object()) broken(where + " must be an object");
    for (const auto& [key, value] : t.items()) {
      if (key != "type" && key != "function") broken(where + " has the unknown key '" + key + "'");
    }
    const json* type = member(t, "type");
    if (!type || *type != "function") broken(where + ".type must be \"function\"");
    const json* fn = member(t, "function");
    if (!fn || !fn->is_object()) broken(where + ".function must be an object");
    for (const auto& [key, value] : fn->items()) {
      if (key != "name" && key != "description" && key != "parameters" && key != "strict")
        broken(where + ".function has the unknown key '" + key + "'");
    }
    const json* name = member(*fn, "name");
    if (!name || !name->is_string() || !is_valid_function_name(name->get_ref<const std::string&>()))
      broken(where + ".function.name must be a function name (1 to 64 of a-z, A-Z, 0-9, _, -)");
    if (!names.insert(name->get<std::string>()).second)
      broken(where + " defines '" + name->get<std::string>() + "' a second time");
    if (const json* d = member(*fn, "description"); d && !d->is_string())
      broken(where + ".function.description must be a string");
    if (const json* p = member(*fn, "parameters"); p && !p->is_object())
      broken(where + ".function.parameters must be a JSON schema object");
    if (const json* s = member(*fn, "strict"); s && !s->is_boolean())
      broken(where + ".function.strict must be a boolean");
  }
}

void check_messages(const json& messages) {
  if (!messages.is_array() || messages.empty()) broken("messages must be a non-empty array");
  std::vector<std::string> pending;  // calls of the last assistant message not answered yet
  std::set<std::string> ids;
  for (size_t i = 0; i < messages.size(); ++i) {
    const std::string where = msg_at(i);
    const json& m = messages[i];
    if (!m.is_object()) broken(where + " must be an object");
    for (const auto& [key, value] : m.items()) {
      if (key != "role" && key != "content" && key != "name" && key != "tool_calls" && key != "tool_call_id" &&
          key != "weight")
        broken(where + " has the unknown key '" + key + "'");
    }
    const json* role_value = member(m, "role");
    if (!role_value || !role_value->is_string()) broken(where + ".role must be a string");
    const std::string& role = role_value->get_ref<const std::string&>();
    if (role != "system" && role != "user" && role != "assistant" && role != "tool")
      broken(where + ".role '" + role + "' is not system, user, assistant or tool");
    if (role != "tool" && !pending.empty())
      broken("tool call '" + pending.front() + "' is not answered before " + where);
    const json* content = member(m, "content");
    const json* calls = member(m, "tool_calls");
    const bool has_calls = calls && !calls->is_null();
    if (has_calls && role != "assistant") broken(where + ": only assistant messages have tool_calls");
    if (content && !content->is_null() && !content->is_string()) broken(where + ".content must be a string");
    if ((!content || content->is_null()) && !(role == "assistant" && has_calls))
      broken(where + " has no content (only an assistant message with tool_calls may omit it)");
    if (const json* name = member(m, "name");
        name && (!name->is_string() || !is_valid_function_name(name->get_ref<const std::string&>())))
      broken(where + ".name must be 1 to 64 of a-z, A-Z, 0-9, _, -");
    if (const json* weight = member(m, "weight")) {
      if (role != "assistant") broken(where + ": only assistant messages have a weight");
      if (!weight->is_number_integer() || (*weight != 0 && *weight != 1)) broken(where + ".weight must be 0 or 1");
    }
    const json* call_id = member(m, "tool_call_id");
    if (call_id && role != "tool") broken(where + ": only tool messages have a tool_call_id");
    if (role == "tool") {
      if (!call_id || !call_id->is_string()) broken(where + " is a tool message without a tool_call_id");
      const auto it = std::find(pending.begin(), pending.end(), call_id->get<std::string>());
      if (it == pending.end())
        broken(where + " answers '" + call_id->get<std::string>() +
               "', which is not a pending call of the assistant message before it");
      pending.erase(it);
    }
    if (has_calls) {
      if (!calls->is_array() || calls->empty()) broken(where + ".tool_calls must be a non-empty array");
      for (size_t k = 0; k < calls->size(); ++k) {
        std::string id = check_tool_call((*calls)[k], where + ".tool_calls[" + std::to_string(k) + "]");
        if (!ids.insert(id).second) broken("tool call id '" + id + "' is used twice");
        pending.push_back(std::move(id));
      }
    }
  }
  if (messages.back()["role"] != "assistant") broken("the last message must be the assistant's");
}

}  // namespace

std::optional<std::string> check_openai_chat_line(std::string_view line) {
  if (line.find('\n') != std::string_view::npos || line.find('\r') != std::string_view::npos)
    return std::string("a line must not contain a line break");
  const json v = json::parse(line, nullptr, false);
  if (v.is_discarded()) return std::string("the line is not valid JSON");
  try {
    if (!v.is_object()) broken("the line must be a JSON object");
    for (const auto& [key, value] : v.items()) {
      if (key != "messages" && key != "tools" && key != "parallel_tool_calls")
        broken("unknown top-level key '" + key + "' (messages, tools, parallel_tool_calls)");
    }
    const json* messages = member(v, "messages");
    if (!messages) broken("messages is missing");
    check_messages(*messages);
    if (const json* tools = member(v, "tools")) check_tools(*tools);
    if (const json* p = member(v, "parallel_tool_calls"); p && !p->is_boolean())
      broken("parallel_tool_calls must be a boolean");
  } catch (const Broken& b) {
    return b.rule;
  }
  return std::nullopt;
}

}  // namespace tracesift::exporter
