// Tool-call ids of one conversation: deterministic ids for calls without one (Gemini, Google ADK),
// and tool results paired with the calls they answer.
#include <cstdint>

#include "detail.hpp"

namespace tracesift::messages {

using detail::member;
using detail::string_member;

std::string generated_call_id(std::string_view name, size_t n) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a 64
  const auto add = [&h](std::string_view s) {
    for (const char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
  };
  add(name);
  add("\n");
  add(std::to_string(n));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "call_";
  for (int shift = 60; shift >= 0; shift -= 4) id += kHex[(h >> shift) & 0xF];
  return id;
}

namespace {

struct OpenCall {
  std::string id;
  std::string name;
  bool answered = false;
};

struct Calls {
  std::vector<OpenCall> calls;
  size_t idless = 0;

  // The earliest call not answered yet with `name` (any name when null).
  OpenCall* pending(const std::string* name) {
    for (auto& c : calls) {
      if (!c.answered && (!name || c.name == *name)) return &c;
    }
    return nullptr;
  }

  // The call not answered yet with `name` (any name when null), when there is exactly one.
  OpenCall* only_pending(const std::string* name) {
    OpenCall* found = nullptr;
    for (auto& c : calls) {
      if (c.answered || (name && c.name != *name)) continue;
      if (found) return nullptr;
      found = &c;
    }
    return found;
  }

  // The first call not answered yet whose id is `id`; null when none (no call has the id, or
  // each call with it was answered).
  OpenCall* with_id(const std::string& id) {
    for (auto& c : calls) {
      if (!c.answered && c.id == id) return &c;
    }
    return nullptr;
  }

  // Whether any call of the conversation has the id.
  bool known(const std::string& id) const {
    for (const auto& c : calls) {
      if (c.id == id) return true;
    }
    return false;
  }
};

// Koog writes the parallel calls of one reply as one assistant message each: consecutive assistant
// messages with no content are one turn.
void merge_split_calls(Json& messages) {
  for (size_t i = 1; i < messages.size();) {
    Json& prev = messages[i - 1];
    Json& m = messages[i];
    const Json* prev_calls = member(prev, "tool_calls");
    const Json* calls = member(m, "tool_calls");
    if (prev_calls && calls && prev_calls->is_array() && calls->is_array() && prev["role"] == "assistant" &&
        m["role"] == "assistant" && m["content"].is_null() && !m.contains("name")) {
      for (const Json& c : *calls) prev["tool_calls"].push_back(c);
      messages.erase(i);
      continue;
    }
    ++i;
  }
}

void finish_side(Json& messages, Calls& state) {
  if (!messages.is_array()) return;
  merge_split_calls(messages);
  for (Json& m : messages) {
    if (!m.is_object()) continue;
    const std::string* role = string_member(m, "role");
    if (!role) continue;
    if (Json* calls = m.contains("tool_calls") ? &m["tool_calls"] : nullptr; calls && calls->is_array()) {
      for (Json& call : *calls) {
        const Json* fn = member(call, "function");
        const std::string* name_ptr = fn ? string_member(*fn, "name") : nullptr;
        if (!name_ptr) continue;
        std::string name = *name_ptr;
        const std::string* id = string_member(call, "id");
        if (!id || id->empty()) {
          Json fixed = Json::object();
          fixed["id"] = generated_call_id(name, state.idless++);
          for (auto it = call.begin(); it != call.end(); ++it) {
            if (it.key() != "id") fixed[it.key()] = std::move(*it);
          }
          call = std::move(fixed);
          id = string_member(call, "id");
        }
        state.calls.push_back({*id, std::move(name), false});
      }
      continue;
    }
    if (*role != "tool" && detail::is_canonical_role(*role)) continue;
    if (*role != "tool") {
      // LangGraph JS writes the tool's name as the role of its result.
      if (!state.pending(role)) continue;
      const std::string name = *role;
      m["role"] = "tool";
      m["name"] = name;
    }
    const std::string* id = string_member(m, "tool_call_id");
    if (id && !id->empty()) {
      if (OpenCall* call = state.with_id(*id)) {
        call->answered = true;
        continue;
      }
      // An id that names no call of the conversation (Google ADK numbering the response of
      // get_weather_1 as get_weather_0): answered by the one call still pending, when there is
      // exactly one (with the result's function name, when it gives one); otherwise left as it is.
      OpenCall* only = state.known(*id) ? nullptr : state.only_pending(string_member(m, "name"));
      if (only) {
        only->answered = true;
        m["tool_call_id"] = only->id;
      }
      continue;
    }
    OpenCall* call = state.pending(string_member(m, "name"));
    if (call) call->answered = true;
    m["tool_call_id"] = call ? Json(call->id) : Json(nullptr);
    m = detail::in_canonical_order(m);
  }
}

}  // namespace

void assign_tool_call_ids(Json& input, Json& output) {
  Calls state;
  finish_side(input, state);
  finish_side(output, state);
}

}  // namespace tracesift::messages
