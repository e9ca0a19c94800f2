// The OpenAI chat reader: one {"messages": [...], "tools"?, ...} record (the fine-tuning JSONL
// format) is one completed llm_call span whose output is the final assistant message.
//
// Design note: the records carry no id and no time, so the span id is a hash of the record's
// canonical JSON (sorted_compact: object keys sorted) and started_at is the import's time, marked
// time_from_import: importing the same file again finds the same ids and changes nothing. The
// messages and the other keys (`tools`, `parallel_tool_calls`) keep the record's key order, so the
// export writes the source's rendering.
#include <array>
#include <string>

#include "../messages/messages.hpp"
#include "format_reader.hpp"
#include "json_fields.hpp"

namespace tracesift::import {

namespace msgs = tracesift::messages;

namespace {

constexpr std::array<std::string_view, 6> kRoles{"system", "user", "assistant", "tool", "function", "developer"};

bool known_role(const std::string& role) {
  for (const auto r : kRoles) {
    if (r == role) return true;
  }
  return false;
}

// Checks one message; throws RecordError "messages[i]: field '...': why".
void validate_message(const Json& m, size_t i) {
  const std::string at = "messages[" + std::to_string(i) + "]: ";
  if (!m.is_object()) throw RecordError{at + "expected a message object {\"role\", \"content\"}, got " + brief(m)};
  try {
    const Json* role = field(m, "role");
    if (!role) field_error("role", "is required");
    if (!role->is_string()) field_error("role", "expected a string, got " + brief(*role));
    const auto& r = role->get_ref<const std::string&>();
    if (!known_role(r))
      field_error("role", "unknown role '" + r + "' (system, user, assistant, tool, function, developer)");
    const Json* content = field(m, "content");
    const Json* calls = field(m, "tool_calls");
    if (content && !content->is_string() && !content->is_array()) {
      field_error("content", "expected a string, an array of parts or null, got " + brief(*content));
    }
    if (!content && !(r == "assistant" && (calls || field(m, "function_call")))) {
      field_error("content", "is required (null only for an assistant message with tool_calls)");
    }
    if (calls) {
      if (!calls->is_array()) field_error("tool_calls", "expected an array, got " + brief(*calls));
      for (size_t k = 0; k < calls->size(); ++k) {
        const std::string path = "tool_calls[" + std::to_string(k) + "]";
        const Json* fn = field((*calls)[k], "function");
        if (!fn || !fn->is_object()) field_error(path + ".function", "expected an object {\"name\", \"arguments\"}");
        if (!field(*fn, "name") || !(*fn)["name"].is_string())
          field_error(path + ".function.name", "expected a string");
      }
    }
    if (const Json* id = field(m, "tool_call_id"); id && !id->is_string()) {
      field_error("tool_call_id", "expected a string, got " + brief(*id));
    }
  } catch (RecordError& e) {
    e.message = at + e.message;
    throw;
  }
}

Span map_conversation(const Json& v, const RecordContext& ctx) {
  if (!v.is_object()) throw RecordError{"expected an object {\"messages\": [...]}, got " + describe_shape(v)};
  const Json* messages = field(v, "messages");
  if (!messages) field_error("messages", "is required (an array of {\"role\", \"content\"} messages)");
  if (!messages->is_array()) field_error("messages", "expected an array of messages, got " + brief(*messages));
  if (messages->empty()) field_error("messages", "is empty");
  for (size_t i = 0; i < messages->size(); ++i) validate_message((*messages)[i], i);

  Span s;
  s.span_id = stable_id(sorted_compact(v));
  s.trace_id = s.span_id;
  s.kind = SpanKind::llm_call;
  s.status = SpanStatus::completed;
  s.started_ns = ctx.import_time_ns;
  s.model = string_field(v, "model", "model");
  if (auto provider = string_field(v, "provider", "provider")) s.provider = to_lower(*provider);
  s.name = s.model ? "chat " + *s.model : "chat";

  // The record's keys as the source wrote them: tool schemas and arguments are kept byte for byte
  // (docs/EXPORT.md).
  const Json& record = v;
  Json attributes = Json::object();
  for (const auto& [key, value] : record.items()) {
    if (key != "messages" && key != "model" && key != "provider") attributes[key] = value;
  }
  // The messages in canonical form (docs/FORMAT.md); what they leave out (e.g. a message's
  // `weight`) is kept under openai_chat.unconverted.
  const Json& list = record.at("messages");
  const bool has_output = list.back().at("role") == "assistant";
  const auto canonical = [&](Json messages) {
    auto conv = msgs::chat_messages(messages);
    if (!conv) return messages;  // validated above: does not happen
    for (auto& d : conv->dropped) attributes["openai_chat.unconverted"].push_back(std::move(d));
    return std::move(conv->messages);
  };
  Json input = canonical(has_output ? Json(list.begin(), list.end() - 1) : list);
  Json output = has_output ? canonical(Json::array({list.back()})) : Json();
  msgs::assign_tool_call_ids(input, output);
  s.input_json = msgs::compact_text(input);
  if (has_output) {
    s.output_json = msgs::compact_text(output);
  } else {
    attributes["tracesift.note"] = "the last message is not from the assistant, so the record has no output";
  }
  s.attributes_json = compact(attributes);
  return s;
}

class OpenAiChatReader final : public FormatReader {
 public:
  std::string_view name() const override { return "openai-chat"; }

  void read_value(const Json& value, const RecordContext& ctx, RecordSink& sink) override {
    try {
      sink.on_span({map_conversation(value, ctx), true});
    } catch (const RecordError& e) {
      sink.on_record_error(e.message);
    } catch (const Json::exception& e) {  // a shape no check above foresaw: reject the record only
      sink.on_record_error(std::string("unexpected record shape: ") + e.what());
    }
  }
};

}  // namespace

std::unique_ptr<FormatReader> make_openai_chat_reader() {
  return std::make_unique<OpenAiChatReader>();
}

}  // namespace tracesift::import
