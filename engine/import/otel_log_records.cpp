// The log records of an OTLP document linked to its spans (see otel_log_records.hpp).
#include "otel_log_records.hpp"

#include "json_fields.hpp"
#include "otel_ids.hpp"
#include "otel_time.hpp"

namespace tracesift::import {

namespace {

// The array member `a` or `b` of `object`, or nullptr.
const Json* log_array(const Json& object, const char* a, const char* b) {
  const Json* v = otel_member(object, a, b);
  return v && v->is_array() ? v : nullptr;
}

std::string log_key(std::string_view trace_id, std::string_view span_id) {
  std::string key;
  key.reserve(trace_id.size() + span_id.size());
  key += trace_id;
  key += span_id;
  return key;
}

}  // namespace

void OtelLogIndex::build(const Json& resource_logs, std::string_view key, RecordSink& sink) {
  by_span_.clear();
  if (!resource_logs.is_array()) {
    sink.on_record_error("field '" + std::string(key) + "': expected an array, got " + brief(resource_logs));
    return;
  }
  for (size_t i = 0; i < resource_logs.size(); ++i) {
    const Json& rl = resource_logs[i];
    const std::string rl_path = std::string(key) + "[" + std::to_string(i) + "]";
    const Json* scopes = rl.is_object() ? log_array(rl, "scopeLogs", "scope_logs") : nullptr;
    for (size_t j = 0; scopes && j < scopes->size(); ++j) {
      const Json& sl = (*scopes)[j];
      const std::string sl_path = rl_path + ".scopeLogs[" + std::to_string(j) + "]";
      const Json* records = sl.is_object() ? log_array(sl, "logRecords", "log_records") : nullptr;
      for (size_t k = 0; records && k < records->size(); ++k) {
        const Json& r = (*records)[k];
        std::string path = sl_path + ".logRecords[" + std::to_string(k) + "]";
        try {
          if (!r.is_object()) throw OtelFieldError{"expected an object, got " + brief(r)};
          const auto span = otel_read_id(otel_member(r, "spanId", "span_id"), "spanId", 8, false);
          if (!span) continue;  // linked to no span
          const auto trace = otel_read_id(otel_member(r, "traceId", "trace_id"), "traceId", 16, true);
          by_span_[log_key(*trace, *span)].push_back({&r, std::move(path)});
        } catch (const OtelFieldError& e) {
          sink.on_record_error(path + ": " + e.message);
        }
      }
    }
  }
}

const std::vector<OtelLinkedLog>* OtelLogIndex::find(std::string_view trace_id, std::string_view span_id) const {
  const auto it = by_span_.find(log_key(trace_id, span_id));
  return it == by_span_.end() ? nullptr : &it->second;
}

std::string_view otel_log_event_name(const Json& record) {
  if (const Json* name = otel_member(record, "eventName", "event_name"); name && name->is_string()) {
    return name->get_ref<const std::string&>();
  }
  const Json* attributes = otel_member(record, "attributes");
  if (!attributes || !attributes->is_array()) return {};
  for (const Json& kv : *attributes) {
    const auto key = kv.is_object() ? kv.find("key") : kv.end();
    if (key == kv.end() || !key->is_string() || key->get_ref<const std::string&>() != "event.name") continue;
    const auto value = kv.find("value");
    if (value == kv.end() || !value->is_object()) return {};
    const auto s = value->find("stringValue");
    return s != value->end() && s->is_string() ? std::string_view(s->get_ref<const std::string&>())
                                               : std::string_view();
  }
  return {};
}

void read_otel_linked_log(const OtelLinkedLog& log, OtelSpanScratch& scratch) {
  const Json& r = *log.record;
  try {
    std::optional<int64_t> time;
    for (const auto& [camel, snake] :
         {std::pair{"timeUnixNano", "time_unix_nano"}, std::pair{"observedTimeUnixNano", "observed_time_unix_nano"}}) {
      const Json* t = otel_member(r, camel, snake);
      if (!t || t->is_null()) continue;
      std::string why;
      const auto ns = parse_unix_nano(*t, why);
      if (!ns) otel_field_error(camel, why);
      if (*ns != 0) {
        time = ns;
        break;
      }
    }
    if (auto why = otel_attributes(otel_member(r, "attributes"), "attributes", scratch.nested); !why.empty()) {
      throw OtelFieldError{std::move(why)};
    }
    std::string_view name = otel_log_event_name(r);
    if (const Json* attr_name = scratch.nested.get("event.name");
        attr_name && attr_name->is_string() && attr_name->get_ref<const std::string&>() == name) {
      scratch.nested.consume("event.name");  // the event's name says it
    }
    if (name.empty()) name = "log";
    const Json* body_any = otel_member(r, "body");
    const Json body = body_any ? otel_any_value(*body_any) : Json();
    Json rest;
    const bool in_messages = take_event_messages(name, scratch.nested, body.is_null() ? nullptr : &body,
                                                 scratch.attributes, scratch.event_messages, rest);
    append_otel_event(scratch.events, name, time, scratch.nested, rest.is_null() ? nullptr : &rest, in_messages);
  } catch (const OtelFieldError& e) {
    throw OtelFieldError{"linked log record " + log.path + ": " + e.message};
  }
}

}  // namespace tracesift::import
