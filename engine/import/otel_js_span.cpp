// OTel-JS ReadableSpan dumps ({"name", "spanContext", "startTime": [s, ns], "attributes": {flat},
// ...}), as JSON.stringify writes the spans of the OpenTelemetry JavaScript SDK.
#include "otel_js_span.hpp"

#include <array>

#include "json_fields.hpp"
#include "otel_span_walk.hpp"
#include "otel_time.hpp"

namespace tracesift::import {

namespace {

// OTel-JS api SpanKind names by enum value (the JS enum has no "unspecified").
constexpr std::array<std::string_view, 5> kJsSpanKinds{"INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};

std::string_view js_span_kind(const Json* kind) {
  if (!kind || kind->is_null()) return {};
  if (kind->is_number_integer()) {
    const auto k = kind->get<int64_t>();
    if (k >= 0 && k < static_cast<int64_t>(kJsSpanKinds.size())) return kJsSpanKinds[static_cast<size_t>(k)];
  }
  otel_field_error("kind", "expected an OTel-JS SpanKind (0 to 4), got " + brief(*kind));
}

void read_times(const Json& s, Span& span) {
  std::string why;
  const auto started = parse_hr_time(s["startTime"], why);
  if (!started) otel_field_error("startTime", why);
  if (*started == 0) otel_field_error("startTime", "is [0, 0] (not set)");
  span.started_ns = *started;
  const Json* ended_flag = otel_member(s, "ended", "_ended");
  const bool not_ended = ended_flag && ended_flag->is_boolean() && !ended_flag->get<bool>();
  if (const Json* end = otel_member(s, "endTime"); end && !end->is_null() && !not_ended) {
    const auto ended = parse_hr_time(*end, why);
    if (!ended) otel_field_error("endTime", why);
    if (*ended != 0) span.ended_ns = ended;  // [0, 0]: not ended yet
  }
  otel_check_end(span, "endTime");
}

void read_js_link(const Json& l, const std::string& field, OtelSpanScratch& scratch) {
  const Json* context = l.is_object() ? otel_member(l, "context") : nullptr;
  if (!context || !context->is_object()) otel_field_error(field + ".context", "expected an object");
  const auto trace = otel_read_id(otel_member(*context, "traceId"), field + ".context.traceId", 16, true);
  const auto span = otel_read_id(otel_member(*context, "spanId"), field + ".context.spanId", 8, true);
  if (auto why = flat_attributes(otel_member(l, "attributes"), field + ".attributes", scratch.nested); !why.empty()) {
    throw OtelFieldError{std::move(why)};
  }
  append_otel_link(scratch.links, *trace, *span, "", scratch.nested);
}

// The span's resource ({"attributes": {...}} or the SDK's private "_attributes"), or nullptr.
OtelResource* read_resource(const Json& s, OtelSpanScratch& scratch) {
  const Json* resource = otel_member(s, "resource");
  if (!resource || resource->is_null()) return nullptr;
  if (!resource->is_object()) otel_field_error("resource", "expected an object, got " + brief(*resource));
  const Json* attributes = otel_member(*resource, "attributes", "_attributes");
  if (auto why = flat_attributes(attributes, "resource.attributes", scratch.resource.attributes()); !why.empty()) {
    throw OtelFieldError{std::move(why)};
  }
  scratch.resource.reset();
  return &scratch.resource;
}

constexpr OtelSpanShape kJsShape{flat_attributes, parse_hr_time, "time", nullptr, read_js_link, read_resource};

}  // namespace

bool is_otel_js_span(const Json& value) {
  return value.is_object() && (value.contains("spanContext") || value.contains("_spanContext")) &&
         value.contains("startTime");
}

void read_otel_js_span(const Json& s, OtelSpanScratch& scratch, RecordSink& sink) {
  try {
    MappedSpan mapped;
    Span& span = mapped.span;
    const char* context_key = s.contains("spanContext") ? "spanContext" : "_spanContext";
    const Json& context = s[context_key];
    if (!context.is_object()) otel_field_error(context_key, "expected an object, got " + brief(context));
    span.trace_id = *otel_read_id(otel_member(context, "traceId"), std::string(context_key) + ".traceId", 16, true);
    span.span_id = *otel_read_id(otel_member(context, "spanId"), std::string(context_key) + ".spanId", 8, true);
    if (const Json* parent = otel_member(s, "parentSpanContext"); parent && parent->is_object()) {
      span.parent_span_id = otel_read_id(otel_member(*parent, "spanId"), "parentSpanContext.spanId", 8, false);
    } else {
      span.parent_span_id = otel_read_id(otel_member(s, "parentSpanId"), "parentSpanId", 8, false);
    }
    span.name = otel_optional_string(otel_member(s, "name"), "name").value_or("");
    read_times(s, span);

    // The scope first: reading it never fails, so no error moves ahead of another.
    scratch.scope_json =
        otel_scope_json(otel_member(s, "instrumentationScope", "instrumentationLibrary"), scratch.nested);
    const OtelSpanMembers members{
        js_span_kind(otel_member(s, "kind")), otel_member(s, "status"), nullptr,
        otel_member(s, "attributes"),         otel_member(s, "events"), otel_member(s, "links")};
    read_otel_span_rest(s, std::move(mapped), members, kJsShape, scratch, sink);
  } catch (const OtelFieldError& e) {
    sink.on_record_error(e.message);
  }
}

}  // namespace tracesift::import
