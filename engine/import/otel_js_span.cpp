// OTel-JS ReadableSpan dumps ({"name", "spanContext", "startTime": [s, ns], "attributes": {flat},
// ...}), as JSON.stringify writes the spans of the OpenTelemetry JavaScript SDK.
#include "otel_js_span.hpp"

#include <array>

#include "otel_time.hpp"

namespace tracesift::import {

using nlohmann::json;

namespace {

// OTel-JS api SpanKind names by enum value (the JS enum has no "unspecified").
constexpr std::array<std::string_view, 5> kJsSpanKinds{"INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};

std::string_view js_span_kind(const json* kind) {
  if (!kind || kind->is_null()) return {};
  if (kind->is_number_integer()) {
    const auto k = kind->get<int64_t>();
    if (k >= 0 && k < static_cast<int64_t>(kJsSpanKinds.size())) return kJsSpanKinds[static_cast<size_t>(k)];
  }
  otel_field_error("kind", "expected an OTel-JS SpanKind (0 to 4), got " + otel_brief(*kind));
}

const json* array_member(const json& object, const char* key) {
  const json* v = otel_member(object, key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_array()) otel_field_error(key, "expected an array, got " + otel_brief(*v));
  return v;
}

void read_times(const json& s, Span& span) {
  std::string why;
  const auto started = parse_hr_time(s["startTime"], why);
  if (!started) otel_field_error("startTime", why);
  if (*started == 0) otel_field_error("startTime", "is [0, 0] (not set)");
  span.started_ns = *started;
  const json* ended_flag = otel_member(s, "ended", "_ended");
  const bool not_ended = ended_flag && ended_flag->is_boolean() && !ended_flag->get<bool>();
  if (const json* end = otel_member(s, "endTime"); end && !end->is_null() && !not_ended) {
    const auto ended = parse_hr_time(*end, why);
    if (!ended) otel_field_error("endTime", why);
    if (*ended != 0) span.ended_ns = ended;  // [0, 0]: not ended yet
  }
  otel_check_end(span, "endTime");
}

void read_events(const json& s, OtelSpanScratch& scratch, OtelSpanStatus& status) {
  scratch.begin_events();
  const json* events = array_member(s, "events");
  if (!events) return;
  for (size_t i = 0; i < events->size(); ++i) {
    const json& e = (*events)[i];
    const std::string field = "events[" + std::to_string(i) + "]";
    if (!e.is_object()) otel_field_error(field, "expected an object, got " + otel_brief(e));
    std::optional<int64_t> time;
    if (const json* t = otel_member(e, "time"); t && !t->is_null()) {
      std::string why;
      time = parse_hr_time(*t, why);
      if (!time) otel_field_error(field + ".time", why);
    }
    const std::string_view name = otel_optional_string(otel_member(e, "name"), field + ".name").value_or("");
    if (auto why = flat_attributes(otel_member(e, "attributes"), field + ".attributes", scratch.nested); !why.empty()) {
      throw OtelFieldError{std::move(why)};
    }
    scratch.note_exception(name, status);
    append_otel_event(scratch.events, name, time, scratch.nested);
  }
  close_otel_array(scratch.events);
}

void read_links(const json& s, OtelSpanScratch& scratch) {
  scratch.links.clear();
  const json* links = array_member(s, "links");
  if (!links) return;
  for (size_t i = 0; i < links->size(); ++i) {
    const json& l = (*links)[i];
    const std::string field = "links[" + std::to_string(i) + "]";
    const json* context = l.is_object() ? otel_member(l, "context") : nullptr;
    if (!context || !context->is_object()) otel_field_error(field + ".context", "expected an object");
    const auto trace = otel_read_id(otel_member(*context, "traceId"), field + ".context.traceId", 16, true);
    const auto span = otel_read_id(otel_member(*context, "spanId"), field + ".context.spanId", 8, true);
    if (auto why = flat_attributes(otel_member(l, "attributes"), field + ".attributes", scratch.nested); !why.empty()) {
      throw OtelFieldError{std::move(why)};
    }
    append_otel_link(scratch.links, *trace, *span, "", scratch.nested);
  }
  close_otel_array(scratch.links);
}

// The span's resource ({"attributes": {...}} or the SDK's private "_attributes"), or nullptr.
OtelResource* read_resource(const json& s, OtelSpanScratch& scratch) {
  const json* resource = otel_member(s, "resource");
  if (!resource || resource->is_null()) return nullptr;
  if (!resource->is_object()) otel_field_error("resource", "expected an object, got " + otel_brief(*resource));
  const json* attributes = otel_member(*resource, "attributes", "_attributes");
  if (auto why = flat_attributes(attributes, "resource.attributes", scratch.resource.attributes()); !why.empty()) {
    throw OtelFieldError{std::move(why)};
  }
  scratch.resource.reset();
  return &scratch.resource;
}

}  // namespace

bool is_otel_js_span(const json& value) {
  return value.is_object() && (value.contains("spanContext") || value.contains("_spanContext")) &&
         value.contains("startTime");
}

void read_otel_js_span(const json& s, OtelSpanScratch& scratch, RecordSink& sink) {
  try {
    MappedSpan mapped;
    Span& span = mapped.span;
    const char* context_key = s.contains("spanContext") ? "spanContext" : "_spanContext";
    const json& context = s[context_key];
    if (!context.is_object()) otel_field_error(context_key, "expected an object, got " + otel_brief(context));
    span.trace_id = *otel_read_id(otel_member(context, "traceId"), std::string(context_key) + ".traceId", 16, true);
    span.span_id = *otel_read_id(otel_member(context, "spanId"), std::string(context_key) + ".spanId", 8, true);
    if (const json* parent = otel_member(s, "parentSpanContext"); parent && parent->is_object()) {
      span.parent_span_id = otel_read_id(otel_member(*parent, "spanId"), "parentSpanContext.spanId", 8, false);
    } else {
      span.parent_span_id = otel_read_id(otel_member(s, "parentSpanId"), "parentSpanId", 8, false);
    }
    span.name = otel_optional_string(otel_member(s, "name"), "name").value_or("");
    read_times(s, span);

    OtelSpanExtras extras;
    extras.span_kind = js_span_kind(otel_member(s, "kind"));
    otel_read_status(otel_member(s, "status"), extras.status);
    if (auto e = flat_attributes(otel_member(s, "attributes"), "attributes", scratch.attributes); !e.empty()) {
      throw OtelFieldError{std::move(e)};
    }
    read_events(s, scratch, extras.status);
    extras.events_json = scratch.events;
    read_links(s, scratch);
    extras.links_json = scratch.links;
    scratch.scope_json =
        otel_scope_json(otel_member(s, "instrumentationScope", "instrumentationLibrary"), scratch.nested);
    extras.scope_json = scratch.scope_json;
    OtelResource* resource = read_resource(s, scratch);
    finish_otel_span(scratch.attributes, resource, extras, span);
    sink.on_span(std::move(mapped));
  } catch (const OtelFieldError& e) {
    sink.on_record_error(e.message);
  }
}

}  // namespace tracesift::import
