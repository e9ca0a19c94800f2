// The OTLP JSON trace reader: OTLP documents ({"resourceSpans": [...]}, one per record or JSONL
// line) and OTel-JS ReadableSpan dumps (otel_js_span.hpp), both mapped through the GenAI /
// OpenInference conventions (otel_mapping.hpp).
#include <array>
#include <deque>

#include "format_reader.hpp"
#include "json_fields.hpp"
#include "otel_js_span.hpp"
#include "otel_log_records.hpp"
#include "otel_python_span.hpp"
#include "otel_span_record.hpp"
#include "otel_span_walk.hpp"
#include "otel_time.hpp"

namespace tracesift::import {

namespace {

// OTLP SpanKind names by enum value (0 is SPAN_KIND_UNSPECIFIED).
constexpr std::array<std::string_view, 6> kOtlpSpanKinds{"", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};

std::string_view otlp_span_kind(const Json* kind) {
  if (!kind || kind->is_null()) return {};
  if (kind->is_number_integer()) {
    const auto k = kind->get<int64_t>();
    if (k >= 0 && k < static_cast<int64_t>(kOtlpSpanKinds.size())) return kOtlpSpanKinds[static_cast<size_t>(k)];
    otel_field_error("kind", "unknown span kind " + brief(*kind));
  }
  if (kind->is_string()) {
    std::string_view k = kind->get_ref<const std::string&>();
    if (k.substr(0, 10) == "SPAN_KIND_") k.remove_prefix(10);
    return k == "UNSPECIFIED" ? std::string_view() : k;
  }
  otel_field_error("kind", "expected an integer or a SPAN_KIND_* name, got " + brief(*kind));
}

// The members of an OTLP span, found in one pass (lowerCamel or proto field names).
struct OtlpSpanFields {
  const Json* trace_id = nullptr;
  const Json* span_id = nullptr;
  const Json* parent_span_id = nullptr;
  const Json* name = nullptr;
  const Json* kind = nullptr;
  const Json* start = nullptr;
  const Json* end = nullptr;
  const Json* attributes = nullptr;
  const Json* events = nullptr;
  const Json* links = nullptr;
  const Json* status = nullptr;
  const Json* trace_state = nullptr;

  // Design note: one walk over the span's members instead of a lookup per field (and a second
  // one for each snake_case spelling) is a measurable part of mapping a million spans.
  explicit OtlpSpanFields(const Json& span) {
    for (auto it = span.begin(); it != span.end(); ++it) {
      const std::string_view k = it.key();
      const Json* v = &*it;
      if (k == "traceId" || k == "trace_id") {
        trace_id = v;
      } else if (k == "spanId" || k == "span_id") {
        span_id = v;
      } else if (k == "parentSpanId" || k == "parent_span_id") {
        parent_span_id = v;
      } else if (k == "name") {
        name = v;
      } else if (k == "kind") {
        kind = v;
      } else if (k == "startTimeUnixNano" || k == "start_time_unix_nano") {
        start = v;
      } else if (k == "endTimeUnixNano" || k == "end_time_unix_nano") {
        end = v;
      } else if (k == "attributes") {
        attributes = v;
      } else if (k == "events") {
        events = v;
      } else if (k == "links") {
        links = v;
      } else if (k == "status") {
        status = v;
      } else if (k == "traceState" || k == "trace_state") {
        trace_state = v;
      }
    }
  }
};

void read_times(const OtlpSpanFields& f, Span& span) {
  std::string why;
  if (!f.start || f.start->is_null()) otel_field_error("startTimeUnixNano", "missing");
  const auto started = parse_unix_nano(*f.start, why);
  if (!started) otel_field_error("startTimeUnixNano", why);
  if (*started == 0) otel_field_error("startTimeUnixNano", "is 0 (not set)");
  span.started_ns = *started;
  if (f.end && !f.end->is_null()) {
    const auto ended = parse_unix_nano(*f.end, why);
    if (!ended) otel_field_error("endTimeUnixNano", why);
    if (*ended != 0) span.ended_ns = ended;  // 0: not ended yet
  }
  otel_check_end(span, "endTimeUnixNano");
}

void read_otlp_link(const Json& l, const std::string& field, OtelSpanScratch& scratch) {
  if (!l.is_object()) otel_field_error(field, "expected an object, got " + brief(l));
  const auto trace = otel_read_id(otel_member(l, "traceId", "trace_id"), field + ".traceId", 16, true);
  const auto span = otel_read_id(otel_member(l, "spanId", "span_id"), field + ".spanId", 8, true);
  const auto state = otel_optional_string(otel_member(l, "traceState", "trace_state"), field + ".traceState");
  if (auto why = otel_attributes(otel_member(l, "attributes"), field + ".attributes", scratch.nested); !why.empty()) {
    throw OtelFieldError{std::move(why)};
  }
  append_otel_link(scratch.links, *trace, *span, state.value_or(""), scratch.nested);
}

// An OTLP span's resource is its resourceSpans entry's, read before its spans.
OtelResource* document_resource(const Json&, OtelSpanScratch& scratch) {
  return &scratch.resource;
}

constexpr OtelSpanShape kOtlpShape{otel_attributes,  parse_unix_nano, "timeUnixNano",
                                   "time_unix_nano", read_otlp_link,  document_resource};

// One OTLP span of the current resource and scope.
void read_otlp_span(const Json& s, const OtelLogIndex& logs, OtelSpanScratch& scratch, RecordSink& sink) {
  if (!s.is_object()) throw OtelFieldError{"expected a span object, got " + brief(s)};
  const OtlpSpanFields f(s);
  MappedSpan mapped;
  Span& span = mapped.span;
  span.trace_id = *otel_read_id(f.trace_id, "traceId", 16, true);
  span.span_id = *otel_read_id(f.span_id, "spanId", 8, true);
  span.parent_span_id = otel_read_id(f.parent_span_id, "parentSpanId", 8, false);
  span.name = otel_optional_string(f.name, "name").value_or("");
  read_times(f, span);
  scratch.linked_logs = logs.empty() ? nullptr : logs.find(span.trace_id, span.span_id);
  const OtelSpanMembers members{otlp_span_kind(f.kind), f.status, f.trace_state, f.attributes, f.events, f.links};
  read_otel_span_rest(s, std::move(mapped), members, kOtlpShape, scratch, sink);
}

// The spans of one scopeSpans entry; `path` locates it in the document for errors.
void read_scope(const Json& ss, const std::string& path, const OtelLogIndex& logs, OtelSpanScratch& scratch,
                RecordSink& sink) {
  if (!ss.is_object()) {
    sink.on_record_error(path + ": expected an object, got " + brief(ss));
    return;
  }
  const Json* scope = otel_member(ss, "scope");
  if (!scope) scope = otel_member(ss, "instrumentationLibrary", "instrumentation_library");
  scratch.scope_json = otel_scope_json(scope, scratch.nested);
  const Json* spans = otel_member(ss, "spans");
  if (!spans || spans->is_null()) return;
  if (!spans->is_array()) {
    sink.on_record_error(path + ": field 'spans': expected an array, got " + brief(*spans));
    return;
  }
  for (size_t k = 0; k < spans->size(); ++k) {
    try {
      read_otlp_span((*spans)[k], logs, scratch, sink);
    } catch (const OtelFieldError& e) {
      sink.on_record_error(path + ".spans[" + std::to_string(k) + "]: " + e.message);
    }
  }
}

// The scope list of a resourceSpans entry under any of its names, and the name found.
std::pair<const Json*, const char*> scope_list(const Json& rs) {
  for (const char* key :
       {"scopeSpans", "scope_spans", "instrumentationLibrarySpans", "instrumentation_library_spans"}) {
    if (const Json* v = otel_member(rs, key)) return {v, key};
  }
  return {nullptr, ""};
}

void read_document(const Json& resource_spans, std::string_view key, const OtelLogIndex& logs, OtelSpanScratch& scratch,
                   RecordSink& sink) {
  if (!resource_spans.is_array()) {
    sink.on_record_error("field '" + std::string(key) + "': expected an array, got " + brief(resource_spans));
    return;
  }
  for (size_t i = 0; i < resource_spans.size(); ++i) {
    const Json& rs = resource_spans[i];
    const std::string path = std::string(key) + "[" + std::to_string(i) + "]";
    if (!rs.is_object()) {
      sink.on_record_error(path + ": expected an object, got " + brief(rs));
      continue;
    }
    const Json* resource = otel_member(rs, "resource");
    std::string why;
    if (resource && !resource->is_object() && !resource->is_null()) {
      why = "field 'resource': expected an object, got " + brief(*resource);
    } else {
      const Json* attributes = resource && resource->is_object() ? otel_member(*resource, "attributes") : nullptr;
      why = otel_attributes(attributes, "resource.attributes", scratch.resource.attributes());
    }
    scratch.resource.reset();
    if (!why.empty()) {
      sink.on_record_error(path + ": " + why + " (the resource's spans were not imported)");
      continue;
    }
    const auto [scopes, scopes_key] = scope_list(rs);
    if (!scopes || scopes->is_null()) continue;
    if (!scopes->is_array()) {
      sink.on_record_error(path + ": field '" + scopes_key + "': expected an array, got " + brief(*scopes));
      continue;
    }
    for (size_t j = 0; j < scopes->size(); ++j) {
      read_scope((*scopes)[j], path + "." + scopes_key + "[" + std::to_string(j) + "]", logs, scratch, sink);
    }
  }
}

class OtlpReader final : public FormatReader {
 public:
  explicit OtlpReader(std::string_view name) : name_(name) {}
  std::string_view name() const override { return name_; }
  // The span shapes are one family: any of them is read whichever name forced the reader.
  bool accepts(std::string_view detected) const override { return detected == "otlp" || detected == "otel-python"; }

  void read_value(const Json& value, const RecordContext&, RecordSink& sink) override {
    if (const Json* rs = value.is_object() ? otel_member(value, "resourceSpans", "resource_spans") : nullptr) {
      // Log records in the same document are read as events of the spans they name.
      if (const Json* rl = otel_member(value, "resourceLogs", "resource_logs")) {
        logs_.build(*rl, value.contains("resourceLogs") ? "resourceLogs" : "resource_logs", sink);
      }
      read_document(*rs, value.contains("resourceSpans") ? "resourceSpans" : "resource_spans", logs_, scratch_, sink);
      logs_.clear();
    } else if (is_otel_js_span(value)) {
      read_otel_js_span(value, scratch_, sink);
    } else if (is_otel_python_span(value)) {
      read_otel_python_span(value, scratch_, keys_, sink);
    } else {
      sink.on_record_error(
          "expected an OTLP trace document {\"resourceSpans\": [...]}, an OTel-JS span {\"name\", "
          "\"spanContext\", \"startTime\", ...} or an OpenTelemetry Python span {\"name\", \"context\", "
          "\"start_time\", ...}, got " +
          describe_shape(value));
    }
    scratch_.release();  // its maps hold views into `value` and `keys_`
    keys_.clear();
  }

 private:
  std::string name_;
  OtelSpanScratch scratch_;
  OtelLogIndex logs_;
  std::deque<std::string> keys_;  // dotted keys of nested Python/Phoenix attributes
};

}  // namespace

std::unique_ptr<FormatReader> make_otlp_reader(std::string_view name) {
  return std::make_unique<OtlpReader>(name);
}

}  // namespace tracesift::import
