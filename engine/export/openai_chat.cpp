#include "openai_chat.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include "../json_text.hpp"
#include "json_scan.hpp"

namespace tracesift::exporter {

namespace {

// "input[3]": where a message is, for reasons.
std::string at(std::string_view side, size_t index) {
  return std::string(side) + "[" + std::to_string(index) + "]";
}

// A value quoted for a reason, cut to 60 bytes (at a UTF-8 boundary).
std::string in_quotes(std::string_view s) {
  if (s.size() > 60) {
    size_t n = 57;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return "'" + std::string(s.substr(0, n)) + "...'";
  }
  return "'" + std::string(s) + "'";
}

// A reasoning part: the canonical {"type": "reasoning"}, or Anthropic's thinking blocks as older
// imports stored them. Its text (or opaque blob) never becomes content.
bool is_reasoning_type(Raw type) {
  return string_is(type, "reasoning") || string_is(type, "thinking") || string_is(type, "redacted_thinking");
}

// true/false, or the strings "true"/"false" (Langfuse keeps model parameters as strings).
std::optional<bool> flag_of(Raw v) {
  if (v.text == "true" || string_is(v, "true")) return true;
  if (v.text == "false" || string_is(v, "false")) return false;
  return std::nullopt;
}

}  // namespace

bool is_valid_function_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool ChatConverter::fail(std::string reason) {
  reason_ = std::move(reason);
  return false;
}

void ChatConverter::note(int64_t id, ConversionNotes& notes) const {
  if (row_reasoning_) notes.reasoning_dropped.add(id);
  if (row_calls_ && tools().empty()) notes.calls_without_tools.add(id);
}

std::optional<std::string> ChatConverter::convert(const ExportRow& row, std::string& out) {
  row_has_tools_ = false;
  row_reasoning_ = false;
  row_calls_ = false;
  pending_.clear();
  call_ids_.clear();
  arena_.clear();
  last_role_ = Role::none;
  count_ = 0;
  if (!row.input_json || row.input_json->empty()) return std::string("the row has no input");
  if (!input_.parse(*row.input_json)) return std::string("input is not valid JSON");
  const Raw input = input_.root();
  if (input.is_null()) return std::string("the row has no input");
  if (!row.output_json || row.output_json->empty())
    return std::string("the row has no output (no assistant reply to train on)");
  if (!output_.parse(*row.output_json)) return std::string("output is not valid JSON");
  const Raw output = output_.root();
  // Design note: the messages are written straight into the caller's buffer (no copy per row);
  // a row rejected half-way is cut off again.
  const size_t mark = out.size();
  out_ = &out;
  if (!conversation(input, output)) {
    out.resize(mark);
    return std::move(reason_);
  }
  if (row.tools_json && !row.tools_json->empty()) {
    // Rows of one agent offer the same tools: a recent list's normalisation is reused.
    if (auto why = normalize_tools_cached(*row.tools_json)) {
      out.resize(mark);
      return why;
    }
  }
  return std::nullopt;
}

bool ChatConverter::conversation(Raw input, Raw output) {
  if (!input.is_array()) return fail("input is not a messages array (it is " + std::string(input.type_name()) + ")");
  std::string& out = *out_;
  out += '[';
  ArrayReader messages(input);
  Raw m;
  size_t i = 0;
  while (messages.next(m)) {
    if (!message(m, "input", i++)) return false;
  }
  if (i == 0) return fail("input has no messages");
  if (output.is_null()) return fail("the row has no output (no assistant reply to train on)");
  if (output.is_string()) {
    // A plain-text output (a source whose reply was not messages) is the assistant's reply.
    if (!pending_.empty()) {
      return fail("tool call " + in_quotes(pending_.front().id) + " (" + std::string(pending_.front().name) +
                  ") has no tool result before the output");
    }
    out += ",{\"role\":\"assistant\",\"content\":";
    out += output.text;
    out += '}';
    last_role_ = Role::assistant;
  } else if (output.is_array()) {
    ArrayReader replies(output);
    i = 0;
    while (replies.next(m)) {
      if (!message(m, "output", i++)) return false;
    }
    if (i == 0) return fail("output has no messages (no assistant reply to train on)");
  } else {
    return fail("output is not messages (it is " + std::string(output.type_name()) + ")");
  }
  if (last_role_ != Role::assistant) {
    return fail("the conversation ends with a '" + std::string(role_name(last_role_)) +
                "' message, not the assistant's reply (the format trains on the last assistant message)");
  }
  out += ']';
  return true;
}

bool ChatConverter::content(Raw c, std::string_view side, size_t index, std::string_view& json, bool& present) {
  only_reasoning_ = false;
  present = !c.absent();
  if (!present) return true;
  if (c.is_string()) {
    json = c.text;  // copied through exactly as stored
    return true;
  }
  if (!c.is_array()) return fail(at(side, index) + ".content is " + std::string(c.type_name()) + ", not text");
  // Text parts joined by a newline, still escaped as stored; reasoning parts left out.
  content_.assign(1, '"');
  ArrayReader parts(c);
  Raw part;
  size_t k = 0, texts = 0, reasoning = 0;
  for (; parts.next(part); ++k) {
    Raw text;
    std::string what;
    if (part.is_string()) {
      text = part;
    } else if (part.is_object()) {
      Raw type;
      ObjectReader fields(part);
      std::string_view key;
      Raw value;
      while (fields.next(key, value)) {
        if (!type.present() && key_is(key, "type")) type = value;
        if (!text.present() && key_is(key, "text")) text = value;
      }
      if (is_reasoning_type(type)) {
        ++reasoning;
        continue;
      }
      const bool text_type =
          type.absent() || string_is(type, "text") || string_is(type, "input_text") || string_is(type, "output_text");
      if (!text_type || !text.is_string()) {
        what = type.is_string() ? "a '" + std::string(unescaped(type, buf_)) + "' part"
               : type.present() ? "a part of type " + std::string(type.text)
                                : std::string("an object without text");
        text = {};
      }
    } else {
      what = part.type_name();
    }
    if (!text.is_string()) {
      return fail(at(side, index) + ".content[" + std::to_string(k) + "] is " + what +
                  ", not text (the openai-chat export carries text only)");
    }
    if (texts++ > 0) content_ += "\\n";
    content_ += text.inner();
  }
  content_ += '"';
  if (reasoning > 0) {
    row_reasoning_ = true;
    if (texts == 0) {
      // Only reasoning: the message has no content the format can carry.
      only_reasoning_ = true;
      present = false;
      return true;
    }
  }
  json = content_;
  return true;
}

bool ChatConverter::message(Raw m, std::string_view side, size_t index) {
  if (!m.is_object())
    return fail(at(side, index) + " is not a message object (it is " + std::string(m.type_name()) + ")");
  Raw role_value, content_value, calls_value, call_id_value;
  {
    ObjectReader fields(m);
    std::string_view key;
    Raw value;
    while (fields.next(key, value)) {
      // Keys the source added (id, name, status, response_metadata, ...) are dropped.
      if (key_is(key, "role")) {
        if (!role_value.present()) role_value = value;
      } else if (key_is(key, "content")) {
        if (!content_value.present()) content_value = value;
      } else if (key_is(key, "tool_calls")) {
        if (!calls_value.present()) calls_value = value;
      } else if (key_is(key, "tool_call_id")) {
        if (!call_id_value.present()) call_id_value = value;
      }
    }
  }
  if (role_value.absent()) return fail(at(side, index) + " has no role");
  if (!role_value.is_string()) return fail(at(side, index) + ".role is not a string");
  const std::string_view role_text = unescaped(role_value, buf_);
  Role role = Role::none;
  if (role_text == "system" || role_text == "developer") {
    role = Role::system;
  } else if (role_text == "user") {
    role = Role::user;
  } else if (role_text == "assistant") {
    role = Role::assistant;
  } else if (role_text == "tool") {
    role = Role::tool;
  } else if (role_text == "function") {
    return fail(at(side, index) +
                " has the role 'function' (legacy function calling), which the export does not convert");
  } else {
    return fail(at(side, index) + " has the role " + in_quotes(role_text) +
                " (the format knows system, user, assistant, tool)");
  }
  if (role != Role::tool && !pending_.empty()) {
    return fail("tool call " + in_quotes(pending_.front().id) + " (" + std::string(pending_.front().name) +
                ") has no tool result before " + at(side, index));
  }

  std::string_view content_json;
  bool has_content = false;
  if (!content(content_value, side, index, content_json, has_content)) return false;

  bool calls = false;
  if (role == Role::tool) {
    const std::string_view call_id = stable_unescaped(call_id_value, arena_);
    if (!call_id_value.is_string() || call_id.empty())
      return fail(at(side, index) + " is a tool message without a tool_call_id");
    const auto it =
        std::find_if(pending_.begin(), pending_.end(), [&](const PendingCall& c) { return c.id == call_id; });
    if (it == pending_.end()) {
      return fail(at(side, index) + " answers tool call " + in_quotes(call_id) +
                  ", which no assistant message just before it made (or which was answered already)");
    }
    pending_.erase(it);
  } else if (role == Role::assistant) {
    if (!calls_value.absent() && !assistant_calls(calls_value, side, index, calls)) return false;
    if (!has_content && !calls) {
      if (only_reasoning_)
        return fail(at(side, index) + " is an assistant message with only reasoning, neither text nor tool calls (" +
                    std::string(kReasoningDroppedReason) + ")");
      return fail(at(side, index) + " is an assistant message with neither content nor tool calls");
    }
  } else if (!has_content) {
    if (only_reasoning_)
      return fail(at(side, index) + " (" + std::string(role_name(role)) + ") has only reasoning, no text (" +
                  std::string(kReasoningDroppedReason) + ")");
    return fail(at(side, index) + " (" + std::string(role_name(role)) + ") has no content");
  }

  std::string& out = *out_;
  if (count_++ > 0) out += ',';
  out += "{\"role\":\"";
  out += role_name(role);
  out += '"';
  if (has_content) {
    out += ",\"content\":";
    out += content_json;
  } else if (role == Role::tool) {
    out += ",\"content\":\"\"";
  }
  if (calls) {
    out += ",\"tool_calls\":";
    out += scratch_;
  }
  if (role == Role::tool) {
    out += ",\"tool_call_id\":";
    out += call_id_value.text;
  }
  out += '}';
  last_role_ = role;
  return true;
}

bool ChatConverter::assistant_calls(Raw calls, std::string_view side, size_t index, bool& any) {
  if (!calls.is_array()) return fail(at(side, index) + ".tool_calls is not an array");
  scratch_.clear();
  scratch_ += '[';
  ArrayReader list(calls);
  Raw call;
  size_t k = 0;
  for (; list.next(call); ++k) {
    const auto where = [&] { return at(side, index) + ".tool_calls[" + std::to_string(k) + "]"; };
    if (!call.is_object()) return fail(where() + " is not an object");
    Raw id, type, function;
    {
      ObjectReader fields(call);
      std::string_view key;
      Raw value;
      while (fields.next(key, value)) {
        if (key_is(key, "id")) {
          if (!id.present()) id = value;
        } else if (key_is(key, "type")) {
          if (!type.present()) type = value;
        } else if (key_is(key, "function")) {
          if (!function.present()) function = value;
        }
      }
    }
    if (!type.absent() && !string_is(type, "function")) {
      const std::string shown = type.is_string() ? std::string(unescaped(type, buf_)) : std::string(type.text);
      return fail(where() + " is a " + in_quotes(shown) + " call, not a function call");
    }
    const std::string_view id_text = stable_unescaped(id, arena_);
    if (!id.is_string() || id_text.empty()) return fail(where() + " has no id (no tool result could answer it)");
    if (!function.is_object()) return fail(where() + " has no function {name, arguments}");
    Raw name, arguments;
    {
      ObjectReader fields(function);
      std::string_view key;
      Raw value;
      while (fields.next(key, value)) {
        if (key_is(key, "name")) {
          if (!name.present()) name = value;
        } else if (key_is(key, "arguments")) {
          if (!arguments.present()) arguments = value;
        }
      }
    }
    if (!name.is_string()) return fail(where() + " has no function name");
    const std::string_view name_text = stable_unescaped(name, arena_);
    if (!is_valid_function_name(name_text))
      return fail(where() + " calls " + in_quotes(name_text) +
                  ", not a valid function name (1 to 64 of a-z, A-Z, 0-9, _, -)");
    if (std::find(call_ids_.begin(), call_ids_.end(), id_text) != call_ids_.end())
      return fail("tool call id " + in_quotes(id_text) + " is used twice (again at " + where() + ")");
    call_ids_.push_back(id_text);
    pending_.push_back({id_text, name_text});

    if (k > 0) scratch_ += ',';
    scratch_ += "{\"id\":";
    scratch_ += id.text;
    scratch_ += ",\"type\":\"function\",\"function\":{\"name\":\"";
    scratch_ += name_text;  // a valid function name needs no escaping
    scratch_ += "\",\"arguments\":";
    if (arguments.absent()) {
      scratch_ += "\"{}\"";
    } else if (arguments.is_string()) {
      scratch_ += arguments.text;
    } else {
      // Arguments kept as a JSON value by the source: the format wants them as JSON text.
      append_json_string_utf8(scratch_, arguments.text);
    }
    scratch_ += "}}";
  }
  scratch_ += ']';
  any = k > 0;
  row_calls_ = row_calls_ || any;
  return true;
}

std::optional<std::string> ChatConverter::normalize_tools_cached(std::string_view tools_json) {
  for (size_t i = 0; i < tools_cache_used_; ++i) {
    const CachedTools& c = tools_cache_[i];
    if (c.source == tools_json) {
      row_tools_ = &c.tools;
      row_has_tools_ = !c.reason && !c.tools.empty();
      return c.reason;
    }
  }
  std::optional<std::string> reason = normalize_tools(tools_json);
  size_t slot;
  if (tools_cache_used_ < kToolsCacheSize) {
    slot = tools_cache_used_++;
  } else {
    slot = tools_cache_next_;
    tools_cache_next_ = (tools_cache_next_ + 1) % kToolsCacheSize;
  }
  CachedTools& c = tools_cache_[slot];
  c.source.assign(tools_json);
  c.tools = tools_;
  c.reason = reason;
  row_tools_ = &c.tools;
  row_has_tools_ = !reason && !c.tools.empty();
  return reason;
}

std::optional<std::string> ChatConverter::normalize_tools(std::string_view tools_json) {
  tools_.clear();
  tool_names_.clear();
  row_tools_ = &tools_;
  row_has_tools_ = false;
  if (!tools_tree_.parse(tools_json)) return std::string("tools is not valid JSON");
  const Raw root = tools_tree_.root();
  if (root.is_null()) return std::nullopt;
  if (!tool_list(root)) {
    tools_.clear();
    return std::move(reason_);
  }
  row_has_tools_ = !tools_.empty();
  return std::nullopt;
}

bool ChatConverter::tool_list(Raw tools) {
  if (!tools.is_array()) return fail("tools is not an array (it is " + std::string(tools.type_name()) + ")");
  ArrayReader list(tools);
  Raw t;
  size_t i = 0;
  tools_ += '[';
  while (list.next(t)) {
    if (i > 0) tools_ += ',';
    if (!tool_definition(t, i++, 0)) return false;
  }
  if (i == 0) {
    tools_.clear();
    return true;
  }
  tools_ += ']';
  return true;
}

bool ChatConverter::tool_definition(Raw t, size_t index, int depth) {
  const std::string where = "tools[" + std::to_string(index) + "]";
  if (t.is_string()) {
    // Some sources keep each definition as JSON text (Vercel ai.prompt.tools, llm.tools.N).
    if (depth >= 2 || !inner_[depth].parse(unescaped(t, inner_text_[depth])))
      return fail(where + " is a string that is not a JSON function definition");
    return tool_definition(inner_[depth].root(), index, depth + 1);
  }
  if (!t.is_object()) return fail(where + " is not a function definition (it is " + std::string(t.type_name()) + ")");
  Raw type, function, json_schema;
  {
    ObjectReader fields(t);
    std::string_view key;
    Raw value;
    while (fields.next(key, value)) {
      if (key_is(key, "type")) {
        if (!type.present()) type = value;
      } else if (key_is(key, "function")) {
        if (!function.present()) function = value;
      } else if (key_is(key, "tool.json_schema")) {
        if (!json_schema.present()) json_schema = value;
      }
    }
  }
  // "custom" is how Anthropic types a client tool ({"name", "description", "input_schema"}).
  if (!type.absent() && !string_is(type, "function") && !string_is(type, "custom"))
    return fail(where + " is a " + in_quotes(type.is_string() ? unescaped(type, buf_) : type.text) +
                " tool, not a function");
  Raw fn = t;  // flat shapes: Responses API, Vercel, Anthropic, pydantic-ai, OpenInference tool.*
  if (function.present()) {
    if (!function.is_object()) return fail(where + ".function is not an object");
    fn = function;
  } else if (json_schema.present()) {
    return tool_definition(json_schema, index, depth);
  }

  // The four fields, each from the first of its keys present (not null) by preference, written
  // in the order the source has them.
  enum Field { name, description, parameters, strict };
  struct Found {
    Raw value;
    int rank = 99;
  };
  Found found[4];
  {
    ObjectReader fields(fn);
    std::string_view key;
    Raw value;
    while (fields.next(key, value)) {
      if (value.absent()) continue;
      int field = -1, rank = 0;
      if (key_is(key, "name")) {
        field = name;
      } else if (key_is(key, "tool.name")) {
        field = name, rank = 1;
      } else if (key_is(key, "description")) {
        field = description;
      } else if (key_is(key, "tool.description")) {
        field = description, rank = 1;
      } else if (key_is(key, "parameters")) {
        field = parameters;
      } else if (key_is(key, "inputSchema")) {
        field = parameters, rank = 1;
      } else if (key_is(key, "input_schema")) {
        field = parameters, rank = 2;
      } else if (key_is(key, "tool.parameters")) {
        field = parameters, rank = 3;
      } else if (key_is(key, "parameters_json_schema")) {
        field = parameters, rank = 4;
      } else if (key_is(key, "strict")) {
        field = strict;
      }
      if (field >= 0 && rank < found[field].rank) found[field] = {value, rank};
    }
  }
  if (!found[name].value.is_string()) return fail(where + " has no function name");
  const std::string_view name_text = unescaped(found[name].value, buf_);
  if (!is_valid_function_name(name_text))
    return fail(where + " is named " + in_quotes(name_text) +
                ", not a valid function name (1 to 64 of a-z, A-Z, 0-9, _, -)");
  for (const auto& seen : tool_names_) {
    if (seen == name_text) return fail(where + " defines " + in_quotes(name_text) + " a second time");
  }
  tool_names_.emplace_back(name_text);
  if (found[description].value.present() && !found[description].value.is_string())
    return fail(where + ".description is not a string");
  Raw schema = found[parameters].value;
  if (schema.is_string()) {
    // A schema kept as JSON text: its bytes, decoded once.
    if (!inner_[depth].parse(unescaped(schema, inner_text_[depth])))
      return fail(where + ".parameters is a string that is not JSON");
    schema = inner_[depth].root();
  }
  if (schema.present() && !schema.is_object() && !schema.is_null())
    return fail(where + ".parameters is " + std::string(schema.type_name()) + ", not a JSON schema object");
  if (found[strict].value.text != "true" && found[strict].value.text != "false") found[strict] = {};  // booleans only

  Field order[4] = {name, description, parameters, strict};
  std::sort(std::begin(order), std::end(order), [&](Field a, Field b) {
    return (found[a].value.present() ? found[a].value.node : UINT32_MAX) <
           (found[b].value.present() ? found[b].value.node : UINT32_MAX);
  });
  tools_ += "{\"type\":\"function\",\"function\":{";
  bool first = true;
  for (const Field f : order) {
    const Raw v = found[f].value;
    if (!v.present() || (f == parameters && !schema.is_object())) continue;
    if (!first) tools_ += ',';
    first = false;
    switch (f) {
      case name:
        tools_ += "\"name\":";
        tools_ += v.text;  // the string token as written
        break;
      case description:
        tools_ += "\"description\":";
        tools_ += v.text;
        break;
      case parameters:
        tools_ += "\"parameters\":";
        append_compact(tools_, schema);
        break;
      case strict:
        tools_ += "\"strict\":";
        tools_ += v.text;
        break;
    }
  }
  tools_ += "}}";
  return true;
}

void OpenAiChatWriter::row(const ExportRow& row) {
  std::string& out = out_.text();
  const size_t mark = out.size();
  out += "{\"messages\":";
  if (auto why = converter_.convert(row, out)) {
    out.resize(mark);
    rejections_.add(row.id, std::move(*why));
    return;
  }
  if (!converter_.tools().empty()) {
    out += ",\"tools\":";
    out += converter_.tools();
    // The format reads it only with tools (the API refuses it without them).
    if (row.parallel_tool_calls)
      out += *row.parallel_tool_calls ? ",\"parallel_tool_calls\":true" : ",\"parallel_tool_calls\":false";
  }
  out += "}\n";
  converter_.note(row.id, notes_);
  ++written_;
  out_.row_done();
}

bool ToolDefinitionFinder::try_text(std::string_view text) {
  return !converter_.normalize_tools_cached(text) && !converter_.tools().empty();
}

Raw ToolDefinitionFinder::settings(Raw v) {
  if (!v.is_string()) return v;
  if (!settings_.parse(unescaped(v, settings_text_))) return {};
  return settings_.root();
}

std::optional<bool> ToolDefinitionFinder::find_parallel(Raw root) {
  // One pass over the attributes (this runs on every row that mentions the setting); the first
  // key in this order that says true or false wins.
  constexpr std::string_view kKeys[] = {
      "parallel_tool_calls",       "request.parallel_tool_calls", "gen_ai.request.parallel_tool_calls",
      "llm.invocation_parameters", "langfuse.modelParameters",    "langfuse.input.extra"};
  constexpr size_t kFlat = 3;  // the first three hold the value itself; the others, settings
  Raw found[std::size(kKeys)];
  ObjectReader fields(root);
  std::string_view key;
  Raw value;
  while (fields.next(key, value)) {
    for (size_t i = 0; i < std::size(kKeys); ++i) {
      if (key.size() == kKeys[i].size() && key == kKeys[i] && !found[i].present()) found[i] = value;
    }
  }
  for (size_t i = 0; i < std::size(kKeys); ++i) {
    if (!found[i].present()) continue;
    if (i < kFlat) {
      if (const auto b = flag_of(found[i])) return b;
      continue;
    }
    // Settings are decoded only when they mention it (JSON text holding it never escapes a letter).
    if (found[i].text.find("parallel_tool_calls") == std::string_view::npos) continue;
    // The same settings row after row (one agent's) are read once.
    if (found[i].text != last_settings_) {
      last_settings_.assign(found[i].text);
      last_settings_flag_ = flag_of(member(settings(found[i]), "parallel_tool_calls"));
    }
    if (last_settings_flag_) return last_settings_flag_;
  }
  return std::nullopt;
}

std::optional<std::string_view> ToolDefinitionFinder::find(std::string_view attributes_json) {
  parallel_.reset();
  // Every key below holds "tool", and stored attributes are written by the import, which never
  // escapes a letter: without it there is nothing to find, and parsing is skipped.
  if (attributes_json.find("tool") == std::string_view::npos) return std::nullopt;
  if (!attributes_.parse(attributes_json) || !attributes_.root().is_object()) return std::nullopt;
  const Raw root = attributes_.root();
  parallel_ = find_parallel(root);
  return find_tools(root);
}

void ToolDefinitionFinder::append_entries(Raw array) {
  ArrayReader entries(array);
  Raw entry;
  while (entries.next(entry)) {
    if (list_.size() > 1) list_ += ',';
    list_ += entry.text;
  }
}

std::optional<std::string_view> ToolDefinitionFinder::find_tools(Raw root) {
  // A value is the list itself, or JSON text holding it (OTel attributes are strings).
  const auto try_value = [&](Raw v) { return !v.absent() && try_text(v.is_string() ? unescaped(v, buf_) : v.text); };
  // Google ADK: the Gemini request's function declarations, with their schemas, ahead of
  // gen_ai.tool.definitions, which ADK records without parameters.
  if (const Raw request = member(root, "gcp.vertex.agent.llm_request"); request.present()) {
    const Raw config = member(settings(request), "config");
    ArrayReader groups(member(config, "tools"));
    Raw group;
    list_.assign(1, '[');
    while (groups.next(group)) {
      append_entries(member(group, "function_declarations"));
      append_entries(member(group, "functionDeclarations"));
    }
    list_ += ']';
    if (list_.size() > 2 && try_text(list_)) return std::string_view(converter_.tools());
  }
  for (const std::string_view key :
       {"tools", "request.tools", "gen_ai.tool.definitions", "llm.tools", "ai.prompt.tools"}) {
    if (try_value(member(root, key))) return std::string_view(converter_.tools());
  }
  if (try_value(member(member(root, "langfuse.input.extra"), "tools"))) return std::string_view(converter_.tools());
  // pydantic-ai (logfire): the function tools, then the output tools (final_result, ...), both
  // offered to the model.
  if (const Raw mrp = member(root, "model_request_parameters"); mrp.present()) {
    const Raw params = settings(mrp);
    list_.assign(1, '[');
    for (const std::string_view key : {"function_tools", "output_tools"}) append_entries(member(params, key));
    list_ += ']';
    if (list_.size() > 2 && try_text(list_)) return std::string_view(converter_.tools());
  }
  // OpenInference flattened: llm.tools.<N>.tool.json_schema, in index order.
  std::vector<std::pair<long, std::string_view>> flat;
  constexpr std::string_view prefix = "llm.tools.", suffix = ".tool.json_schema";
  ObjectReader fields(root);
  std::string_view key;
  Raw value;
  while (fields.next(key, value)) {
    if (key.size() <= prefix.size() + suffix.size() || key.substr(0, prefix.size()) != prefix ||
        key.substr(key.size() - suffix.size()) != suffix)
      continue;
    const std::string_view digits = key.substr(prefix.size(), key.size() - prefix.size() - suffix.size());
    if (digits.size() > 6 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    flat.emplace_back(std::stol(std::string(digits)), value.text);
  }
  if (flat.empty()) return std::nullopt;
  std::sort(flat.begin(), flat.end());
  list_.assign(1, '[');
  for (size_t i = 0; i < flat.size(); ++i) {
    if (i > 0) list_ += ',';
    list_ += flat[i].second;  // each entry as stored: the schema's JSON text, or the schema
  }
  list_ += ']';
  if (try_text(list_)) return std::string_view(converter_.tools());
  return std::nullopt;
}

std::optional<std::string> find_tool_definitions(std::string_view attributes_json) {
  ToolDefinitionFinder finder;
  if (const auto tools = finder.find(attributes_json)) return std::string(*tools);
  return std::nullopt;
}

}  // namespace tracesift::exporter
