// The converter of one message, and of a sequence of messages/items.
#include "detail.hpp"

namespace tracesift::messages::detail {

namespace {

// The key a message's content is read from: `content`, else GenAI/Gemini `parts`, else BeeAI `text`.
const char* content_key_of(const Json& m) {
  if (m.contains("content")) return "content";
  if (m.contains("parts")) return "parts";
  return string_member(m, "text") ? "text" : "content";
}

// Keys a message object may carry that the converter reads itself.
bool read_key(std::string_view k, const char* content_key, bool langchain) {
  return k == "role" || k == content_key || k == "tool_calls" || k == "tool_call_id" || k == "name" ||
         k == "additional_kwargs" || k == "function_call" || k == "finish_reason" || (langchain && k == "type");
}

bool is_reasoning_only(const Json& m) {
  if (member(m, "tool_calls")) return false;
  const Json* content = member(m, "content");
  if (!content || !content->is_array() || content->empty()) return false;
  for (const Json& p : *content) {
    if (!type_is(p, "reasoning")) return false;
  }
  return true;
}

// Appends an assistant message, merging it into a reasoning-only assistant message just before it
// (a Responses reasoning item belongs to the turn that follows it).
void push_message(Json& out, Json msg) {
  if (msg["role"] == "assistant" && !out.empty() && out.back()["role"] == "assistant" &&
      is_reasoning_only(out.back())) {
    Json& prev = out.back();
    Json parts = prev["content"];
    const Json& content = msg["content"];
    if (content.is_string()) {
      Json text = Json::object();
      text["type"] = "text";
      text["text"] = content;
      parts.push_back(std::move(text));
    } else if (content.is_array()) {
      for (const Json& p : content) parts.push_back(p);
    }
    msg["content"] = std::move(parts);
    prev = std::move(msg);
    return;
  }
  out.push_back(std::move(msg));
}

// Appends a tool call to the assistant turn it belongs to (the last message when it is an
// assistant message), or starts one.
void attach_tool_call(Json& out, Json call) {
  if (!out.empty() && out.back()["role"] == "assistant") {
    Json& last = out.back();
    if (!last.contains("tool_calls")) {
      Json calls = Json::array();
      calls.push_back(std::move(call));
      last["tool_calls"] = std::move(calls);
      last = in_canonical_order(last);
    } else {
      last["tool_calls"].push_back(std::move(call));
    }
    return;
  }
  Json calls = Json::array();
  calls.push_back(std::move(call));
  out.push_back(make_message("assistant", nullptr, std::move(calls)));
}

// Langfuse's LangChain integration lists the tools offered as "tool" messages whose content is the
// tool's definition: not part of the conversation.
bool is_tool_definition(const MessageView& view) {
  if (view.role != "tool" || member(*view.fields, "tool_call_id")) return false;
  const Json* content = member(*view.fields, "content");
  if (!content || !type_is(*content, "function")) return false;
  const Json* fn = member(*content, "function");
  return fn && string_member(*fn, "name") && (member(*fn, "parameters") || member(*fn, "description"));
}

}  // namespace

void convert_message(const MessageView& view, Conversion& c) {
  const Json& m = *view.fields;
  const size_t index = c.messages.size();
  const char* content_key = content_key_of(m);
  for (auto it = m.begin(); it != m.end(); ++it) {
    if (read_key(it.key(), content_key, view.langchain) || is_empty(*it)) continue;
    if (it.key() == "type" && *it == "message") continue;  // Responses message item
    c.leftover(index, it.key(), *it);
  }
  if (const std::string* reason = string_member(m, "finish_reason")) {
    c.finish_reasons.push_back(*reason);
    Json entry = Json::object();
    entry["message"] = index;
    entry["finish_reason"] = *reason;
    c.dropped.push_back(std::move(entry));
  }

  // Tool calls: `tool_calls`, LangChain's additional_kwargs.tool_calls, legacy `function_call`.
  Json calls;
  const Json* raw_calls = member(m, "tool_calls");
  const Json* kwargs = member(m, "additional_kwargs");
  if ((!raw_calls || !raw_calls->is_array() || raw_calls->empty()) && kwargs) {
    if (const Json* kw_calls = member(*kwargs, "tool_calls"); kw_calls && kw_calls->is_array()) raw_calls = kw_calls;
  }
  if (kwargs && kwargs->is_object()) {
    for (auto it = kwargs->begin(); it != kwargs->end(); ++it) {
      if (it.key() != "tool_calls" && !is_empty(*it)) c.leftover(index, "additional_kwargs." + it.key(), *it);
    }
  }
  if (raw_calls && raw_calls->is_array()) {
    for (const Json& call : *raw_calls) {
      auto canonical = canonical_tool_call(call);
      if (!canonical) {
        c.leftover(index, "tool_calls", call);
        continue;
      }
      if (calls.is_null()) calls = Json::array();
      calls.push_back(std::move(*canonical));
    }
  } else if (raw_calls && !is_empty(*raw_calls)) {
    c.leftover(index, "tool_calls", *raw_calls);
  }
  if (const Json* fc = member(m, "function_call"); fc && !is_empty(*fc)) {
    if (const std::string* name = string_member(*fc, "name")) {
      if (calls.is_null()) calls = Json::array();
      calls.push_back(make_tool_call(nullptr, *name, member(*fc, "arguments")));
    } else {
      c.leftover(index, "function_call", *fc);
    }
  }

  Json tool_call_id;
  bool has_tool_call_id = false;
  if (const Json* id = member(m, "tool_call_id"); id && !id->is_null()) {
    if (id->is_string()) {
      if (!id->get_ref<const std::string&>().empty()) tool_call_id = *id;
    } else {
      tool_call_id = compact_text(*id);
    }
    has_tool_call_id = !tool_call_id.is_null();
  }
  const Json* name = member(m, "name");
  if (name && !name->is_string()) {
    if (!name->is_null()) c.leftover(index, "name", *name);
    name = nullptr;
  }
  std::string role = view.role;

  const Json* content = member(m, content_key);
  std::vector<Json> parts;
  Json content_value;  // set when the content is not parts
  bool from_parts = false;
  if (!content || content->is_null()) {
    content_value = nullptr;
  } else if (content->is_string()) {
    const auto& text = content->get_ref<const std::string&>();
    std::optional<Json> koog_calls;
    if ((role == "tool" || role == "assistant") && !has_tool_call_id && calls.is_null()) {
      koog_calls = tool_calls_in_text(text);
    }
    if (koog_calls) {
      role = "assistant";
      calls = std::move(*koog_calls);
      content_value = nullptr;
    } else {
      content_value = *content;
    }
  } else if (content->is_array() || (content->is_object() && content->contains("type"))) {
    from_parts = true;
  } else {
    content_value = compact_text(*content);  // an object or number: its JSON text
  }

  if (!from_parts) {
    push_message(c.messages, make_message(std::move(role), std::move(content_value), std::move(calls),
                                          has_tool_call_id ? &tool_call_id : nullptr, name));
    return;
  }

  // Parts: tool calls gather on the message, tool results become tool messages in their place.
  bool emitted = false;
  const auto flush = [&](bool final) {
    if (parts.empty() && calls.is_null() && (emitted || !final)) return;
    push_message(c.messages, make_message(role, content_from_parts(parts), std::move(calls),
                                          has_tool_call_id ? &tool_call_id : nullptr, name));
    parts.clear();
    calls = Json();
    emitted = true;
  };
  const auto each_part = [&](const Json& p, size_t k) {
    bool exact = true;
    if (auto call = part_tool_call(p, exact)) {
      if (calls.is_null()) calls = Json::array();
      calls.push_back(std::move(*call));
    } else if (auto result = part_tool_result(p, exact)) {
      flush(false);
      c.messages.push_back(std::move(*result));
      emitted = true;
    } else {
      PartKind kind = classify_part(p);
      exact = kind.exact;
      if (kind.kind == PartKind::reasoning && is_empty_reasoning(kind.part)) {
        exact = false;  // says only that there was reasoning: left out, kept in the source
      } else {
        parts.push_back(std::move(kind.part));
      }
    }
    if (!exact) c.leftover(index, std::string(content_key) + "[" + std::to_string(k) + "]", p);
  };
  if (content->is_array()) {
    for (size_t k = 0; k < content->size(); ++k) each_part((*content)[k], k);
  } else {
    each_part(*content, 0);
  }
  flush(true);
}

bool convert_sequence(const Json& items, bool lenient, const char* default_role, Conversion& c) {
  if (!items.is_array()) return false;
  for (const Json& e : items) {
    bool exact = true;
    if (auto view = message_view(e, default_role)) {
      if (is_tool_definition(*view)) {
        c.rest["tools"].push_back((*view->fields)["content"]);
        continue;
      }
      convert_message(*view, c);
    } else if (e.is_object() && (type_is(e, "function_call") || member(e, "toolCallId"))) {
      auto call = part_tool_call(e, exact);
      if (!call) {
        if (!lenient) return false;
        c.dropped.push_back(e);
        continue;
      }
      attach_tool_call(c.messages, std::move(*call));
    } else if (e.is_object() && type_is(e, "function_call_output")) {
      c.messages.push_back(*part_tool_result(e, exact));
    } else if (e.is_object() && type_is(e, "reasoning")) {
      Json part = *reasoning_part(e, exact);
      if (is_empty_reasoning(part)) {
        c.dropped.push_back(e);
        c.lossless = false;
        continue;
      }
      Json parts = Json::array();
      parts.push_back(std::move(part));
      push_message(c.messages, make_message("assistant", std::move(parts)));
    } else if (lenient) {
      c.dropped.push_back(e);
      c.lossless = false;
      continue;
    } else {
      return false;
    }
    if (!exact) c.leftover(c.messages.empty() ? 0 : c.messages.size() - 1, "item", e);
  }
  if (c.messages.empty() && !lenient) return false;
  return true;
}

}  // namespace tracesift::messages::detail
