// The part of reading a span that OTLP and OTel-JS spans share once each shape has found its
// members: status, attributes, events, links, resource, and the finished record to the sink.
#include "otel_span_walk.hpp"
#include "json_fields.hpp"

namespace tracesift::import {

using nlohmann::json;

namespace {

void read_events(const json* list, const OtelSpanShape& shape, OtelSpanScratch& scratch, OtelSpanStatus& status) {
  scratch.begin_events();
  const json* events = otel_optional_array(list, "events");
  if (!events) return;
  for (size_t i = 0; i < events->size(); ++i) {
    const json& e = (*events)[i];
    const std::string field = "events[" + std::to_string(i) + "]";
    if (!e.is_object()) otel_field_error(field, "expected an object, got " + brief(e));
    std::optional<int64_t> time;
    if (const json* t = otel_member(e, shape.event_time, shape.event_time_snake); t && !t->is_null()) {
      std::string why;
      time = shape.parse_time(*t, why);
      if (!time) otel_field_error(field + "." + shape.event_time, why);
    }
    const std::string_view name = otel_optional_string(otel_member(e, "name"), field + ".name").value_or("");
    otel_read_attributes(shape, otel_member(e, "attributes"), field + ".attributes", scratch.nested);
    scratch.note_exception(name, status);
    append_otel_event(scratch.events, name, time, scratch.nested);
  }
  close_otel_array(scratch.events);
}

void read_links(const json* list, const OtelSpanShape& shape, OtelSpanScratch& scratch) {
  scratch.links.clear();
  const json* links = otel_optional_array(list, "links");
  if (!links) return;
  for (size_t i = 0; i < links->size(); ++i) {
    shape.read_link((*links)[i], "links[" + std::to_string(i) + "]", scratch);
  }
  close_otel_array(scratch.links);
}

}  // namespace

void otel_read_attributes(const OtelSpanShape& shape, const json* value, std::string_view field, OtelAttributes& out) {
  if (auto why = shape.read_attributes(value, field, out); !why.empty()) throw OtelFieldError{std::move(why)};
}

const json* otel_optional_array(const json* value, std::string_view field) {
  if (!value || value->is_null()) return nullptr;
  if (!value->is_array()) otel_field_error(field, "expected an array, got " + brief(*value));
  return value;
}

void read_otel_span_rest(const json& s, MappedSpan&& mapped, const OtelSpanMembers& members, const OtelSpanShape& shape,
                         OtelSpanScratch& scratch, RecordSink& sink) {
  OtelSpanExtras extras;
  extras.scope_json = scratch.scope_json;
  extras.span_kind = members.span_kind;
  otel_read_status(members.status, extras.status);
  extras.trace_state = otel_optional_string(members.trace_state, "traceState").value_or("");
  otel_read_attributes(shape, members.attributes, "attributes", scratch.attributes);
  read_events(members.events, shape, scratch, extras.status);
  extras.events_json = scratch.events;
  read_links(members.links, shape, scratch);
  extras.links_json = scratch.links;
  OtelResource* resource = shape.resource(s, scratch);
  finish_otel_span(scratch.attributes, resource, extras, mapped.span);
  sink.on_span(std::move(mapped));
}

}  // namespace tracesift::import
