// The request/response reader: one {"request": <provider request body>, "response": <provider
// response body>, ...} record (a logged API call) is one llm_call span. The provider dialect is
// told from the bodies: OpenAI Chat Completions, OpenAI Responses, or Anthropic Messages.
//
// Design note: the span id is the response's own id (chatcmpl-..., resp_..., msg_...), so the
// same call logged twice is one span; records without one are hashed. Cost is taken only from
// the record: prices are never looked up here. The record's key order is kept: `request.tools` and
// tool-call arguments keep the source's rendering, which the openai-chat export writes.
#include <string>

#include "../messages/messages.hpp"
#include "../timestamp.hpp"
#include "format_reader.hpp"
#include "json_fields.hpp"

namespace tracesift::import {

namespace msgs = tracesift::messages;

namespace {

enum class Dialect { openai_chat, openai_responses, anthropic };

bool has(const Json& o, const char* key) {
  return field(o, key) != nullptr;
}

bool string_is(const Json& o, const char* key, std::string_view value) {
  const Json* v = field(o, key);
  return v && v->is_string() && v->get_ref<const std::string&>() == value;
}

// An error body: {"error": {...}} (OpenAI) or {"type": "error", "error": {...}} (Anthropic).
bool is_error_body(const Json& response) {
  const Json* e = field(response, "error");
  return string_is(response, "type", "error") || (e && (e->is_object() || e->is_string()));
}

std::optional<Dialect> dialect_of(const Json& request, const Json& response) {
  if (is_error_body(response)) {
    if (string_is(response, "type", "error")) return Dialect::anthropic;
    if (has(request, "input")) return Dialect::openai_responses;
    if (has(request, "anthropic_version")) return Dialect::anthropic;
    return Dialect::openai_chat;
  }
  if (string_is(response, "object", "chat.completion") ||
      (has(response, "choices") && response["choices"].is_array())) {
    return Dialect::openai_chat;
  }
  if (string_is(response, "object", "response") || (has(response, "output") && response["output"].is_array())) {
    return Dialect::openai_responses;
  }
  if (string_is(response, "type", "message") ||
      (has(response, "content") && response["content"].is_array() && response.contains("stop_reason"))) {
    return Dialect::anthropic;
  }
  return std::nullopt;
}

std::string error_message(const Json& response) {
  const Json* e = field(response, "error");
  if (e && e->is_string()) return e->get<std::string>();
  if (e) {
    if (auto m = string_if(*e, "message")) return *m;
    return compact(*e);
  }
  return compact(response);
}

// The first of `keys` in `record` or its `metadata` that holds a non-empty string.
std::optional<std::string> record_string(const Json& record, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (auto v = string_if(record, key)) return v;
  }
  if (const Json* meta = field(record, "metadata")) {
    for (const char* key : keys) {
      if (auto v = string_if(*meta, key)) return v;
    }
  }
  return std::nullopt;
}

struct Times {
  int64_t started = 0;
  std::optional<int64_t> ended;
  bool from_import = false;            // no time in the record: started is the import's time
  std::string started_key, ended_key;  // the record/response keys the times came from
};

// started_at: the response's own creation time (OpenAI, Unix seconds), else the record's time,
// else the import's; ended_at: started + latency_ms, else the record's end time.
Times times_of(const Json& record, const Json& request, const Json& response, const RecordContext& ctx) {
  Times t;
  std::optional<int64_t> started;
  for (const char* key : {"created", "created_at"}) {
    const Json* v = field(response, key);
    if (!v || started) continue;
    const std::string path = std::string("response.") + key;
    started = time_value(*v, path);
    if (started) t.started_key = path;
  }
  for (const char* key : {"timestamp", "started_at", "start_time", "request_timestamp", "created_at"}) {
    const Json* v = field(record, key);
    if (!v || started) continue;
    started = time_value(*v, key);
    if (!started) field_error(key, brief(*v) + " is not a date-time (RFC 3339, or Unix seconds/milliseconds)");
    t.started_key = key;
  }
  if (const Json* v = field(request, "timestamp"); v && !started) {
    started = time_value(*v, "request.timestamp");
    if (started) t.started_key = "request.timestamp";
  }
  t.from_import = !started;
  t.started = started.value_or(ctx.import_time_ns);
  for (const char* key : {"latency_ms", "duration_ms"}) {
    const Json* v = field(record, key);
    if (!v || t.ended) continue;
    if (!v->is_number() || v->get<double>() < 0)
      field_error(key, "expected a number of milliseconds >= 0, got " + brief(*v));
    const double ns = v->get<double>() * 1e6;
    t.ended = ns < 9.2e18 ? add_time_ns(t.started, static_cast<int64_t>(ns)) : std::nullopt;
    if (!t.ended) {
      field_error(key, brief(*v) + " ms after the start ends after " + format_rfc3339(kMaxTimeNs) +
                           ", the latest time tracesift can store");
    }
    t.ended_key = key;
  }
  for (const char* key : {"ended_at", "end_time", "response_timestamp"}) {
    const Json* v = field(record, key);
    if (!v || t.ended || t.from_import) continue;
    t.ended = time_value(*v, key);
    if (!t.ended) field_error(key, brief(*v) + " is not a date-time");
    t.ended_key = key;
  }
  if (t.ended && *t.ended < t.started) field_error(t.ended_key, "the call ends before it starts");
  return t;
}

using msgs::MessageConversion;

// One side of the call: canonical messages, or the raw value.
struct ExchangeSide {
  std::optional<Json> messages;
  std::optional<std::string> raw;
};

// Puts a conversion's messages into `out` and what it left out into attributes.
void take_messages(const std::optional<MessageConversion>& conv, const Json& raw, ExchangeSide& out,
                   const std::string& prefix, Json& attributes) {
  if (!conv) {
    out.raw = compact(raw);  // not a shape we know: the raw value, as docs/CONTRACT.md asks
    return;
  }
  out.messages = conv->messages;
  put_if_present(attributes, prefix + ".unconverted", conv->dropped);
  for (const auto& [k, v] : conv->rest.items()) put_if_present(attributes, prefix + "." + k, v);
}

void map_input(Dialect d, const Json& request, ExchangeSide& s, Json& attributes) {
  if (d == Dialect::openai_responses) {
    if (const Json* input = field(request, "input")) {
      take_messages(msgs::responses_input_messages(*input, field(request, "instructions")), *input, s, "request",
                    attributes);
    }
    return;
  }
  const Json* messages = field(request, "messages");
  if (!messages) return;
  const Json* system = d == Dialect::anthropic ? field(request, "system") : nullptr;
  const auto conv = msgs::chat_messages(*messages, system);
  if (!conv && system) attributes["request.system"] = *system;
  take_messages(conv, *messages, s, "request", attributes);
}

void map_output(Dialect d, const Json& response, ExchangeSide& s, Json& attributes) {
  if (d == Dialect::openai_chat) {
    const Json* choices = field(response, "choices");
    if (!choices || !choices->is_array() || choices->empty()) return;
    const Json& first = (*choices)[0];
    const Json* message = field(first, "message");
    if (message) take_messages(msgs::assistant_message(*message), *message, s, "response", attributes);
    for (const auto& [k, v] : first.items()) {
      if (k != "message" && k != "index") put_if_present(attributes, "response." + k, v);
    }
    if (choices->size() > 1) attributes["response.choices"] = Json(choices->begin() + 1, choices->end());
  } else if (d == Dialect::openai_responses) {
    if (const Json* output = field(response, "output")) {
      take_messages(msgs::responses_output_messages(*output), *output, s, "response", attributes);
    }
  } else if (const Json* content = field(response, "content")) {
    take_messages(msgs::assistant_message(*content), *content, s, "response", attributes);
  }
}

// Token counts from `response`; its other usage members as written.
void map_usage(Dialect d, const Json& response, Span& s, Json& attributes) {
  const Json* usage = field(response, "usage");
  if (!usage || !usage->is_object()) return;
  const char* in_key = d == Dialect::openai_chat ? "prompt_tokens" : "input_tokens";
  const char* out_key = d == Dialect::openai_chat ? "completion_tokens" : "output_tokens";
  s.input_tokens = count_field(*usage, in_key, std::string("response.usage.") + in_key);
  s.output_tokens = count_field(*usage, out_key, std::string("response.usage.") + out_key);
  for (const auto& [k, v] : usage->items()) {
    if (k != in_key && k != out_key) put_if_present(attributes, "response.usage." + k, v);
  }
}

MappedSpan map_exchange(const Json& record, const RecordContext& ctx) {
  if (!record.is_object())
    throw RecordError{"expected an object {\"request\", \"response\"}, got " + describe_shape(record)};
  const Json* request_p = field(record, "request");
  const Json* response_p = field(record, "response");
  if (!request_p) field_error("request", "is required (the provider request body)");
  if (!response_p) field_error("response", "is required (the provider response body)");
  const Json request = parse_embedded_json(*request_p);  // some loggers keep bodies as text
  const Json response = parse_embedded_json(*response_p);
  if (!request.is_object()) field_error("request", "expected a request body object, got " + brief(request));
  if (!response.is_object()) field_error("response", "expected a response body object, got " + brief(response));
  const auto dialect = dialect_of(request, response);
  if (!dialect) {
    throw RecordError{
        "field 'response': not an OpenAI Chat Completions, OpenAI Responses or Anthropic Messages body: " +
        describe_shape(response) + "; the request is " + describe_shape(request)};
  }
  const Dialect d = *dialect;
  const bool failed = is_error_body(response);

  Span s;
  Json attributes = Json::object();
  s.kind = SpanKind::llm_call;
  const auto response_id = string_if(response, "id");
  s.span_id = failed || !response_id ? stable_id(sorted_compact(record)) : *response_id;
  s.trace_id = string_if(record, "trace_id").value_or(s.span_id);
  s.model = string_if(response, "model");
  if (!s.model) s.model = string_if(request, "model");
  s.name = s.model ? "chat " + *s.model : "chat";
  const auto provider = record_string(record, {"provider"});
  s.provider = provider ? to_lower(*provider) : d == Dialect::anthropic ? "anthropic" : "openai";
  s.session_id = record_string(record, {"session_id"});
  s.user_id = record_string(record, {"user_id"});
  if (!s.user_id) s.user_id = string_if(request, "user");  // OpenAI's end-user id
  if (const Json* meta = field(request, "metadata"); meta && !s.user_id) s.user_id = string_if(*meta, "user_id");
  s.environment = record_string(record, {"environment"});
  s.task = record_string(record, {"task"});
  for (const char* key : {"cost_usd", "cost"}) {
    const Json* v = field(record, key);
    if (!v || s.cost_usd) continue;
    s.cost_usd = required_cost(*v, key);
  }

  const Times t = times_of(record, request, response, ctx);
  s.started_ns = t.started;
  s.ended_ns = t.ended;
  if (failed) {
    s.status = SpanStatus::failed;
    s.error = error_message(response);
  } else {
    s.status = SpanStatus::completed;
  }

  ExchangeSide input;
  ExchangeSide output;
  map_input(d, request, input, attributes);
  if (!failed) map_output(d, response, output, attributes);
  Json none;
  msgs::assign_tool_call_ids(input.messages ? *input.messages : none, output.messages ? *output.messages : none);
  s.input_json = input.messages ? msgs::compact_text(*input.messages) : input.raw;
  s.output_json = output.messages ? msgs::compact_text(*output.messages) : output.raw;
  map_usage(d, response, s, attributes);  // a failed Responses call may still report usage

  for (const auto& [k, v] : request.items()) {
    if (k == "messages" || k == "input" || (k == "model" && s.model && v == *s.model)) continue;
    if (k == "timestamp" && t.started_key == "request.timestamp") continue;
    if ((k == "system" && d == Dialect::anthropic) || (k == "instructions" && d == Dialect::openai_responses)) continue;
    put_if_present(attributes, "request." + k, v);
  }
  for (const auto& [k, v] : response.items()) {
    if ((k == "id" && v == s.span_id) || (k == "model" && s.model && v == *s.model) || k == "usage") continue;
    if (t.started_key == "response." + k) continue;
    if (!failed && d == Dialect::openai_chat && k == "choices") continue;
    if (!failed && d == Dialect::openai_responses && k == "output") continue;
    if (!failed && d == Dialect::anthropic && (k == "content" || k == "role" || (k == "type" && v == "message"))) {
      continue;
    }
    put_if_present(attributes, "response." + k, v);
  }
  for (const auto& [k, v] : record.items()) {
    if (k == "request" || k == "response" || k == "latency_ms" || k == "duration_ms" || k == "cost_usd" ||
        k == "cost" || k == "trace_id" || k == t.started_key || k == t.ended_key) {
      continue;
    }
    put_if_present(attributes, k, v);
  }
  s.attributes_json = compact(attributes);
  return {std::move(s), t.from_import};
}

class RequestResponseReader final : public FormatReader {
 public:
  std::string_view name() const override { return "request-response"; }

  void read_value(const Json& value, const RecordContext& ctx, RecordSink& sink) override {
    try {
      sink.on_span(map_exchange(value, ctx));
    } catch (const RecordError& e) {
      sink.on_record_error(e.message);
    } catch (const Json::exception& e) {  // a shape no check above foresaw: reject the record only
      sink.on_record_error(std::string("unexpected record shape: ") + e.what());
    }
  }
};

}  // namespace

std::unique_ptr<FormatReader> make_request_response_reader() {
  return std::make_unique<RequestResponseReader>();
}

}  // namespace tracesift::import
