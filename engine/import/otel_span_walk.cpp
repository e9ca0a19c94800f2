// The part of reading a span that OTLP and OTel-JS spans share once each shape has found its
// members: status, attributes, events, links, resource, and the finished record to the sink.
#include "otel_span_walk.hpp"
#include "json_fields.hpp"
#include "otel_log_records.hpp"

namespace tracesift::import {

namespace {

// The name of event `e` when it is a string, else "".
std::string_view walk_event_name(const Json& e) {
  const auto it = e.is_object() ? e.find("name") : e.end();
  return it != e.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>()) : std::string_view();
}

// Before the events are read: which message sources the span has (see OtelEventMessages).
void prepare_event_messages(const Json* events, OtelSpanScratch& scratch) {
  bool any = false, details = false;
  const auto note = [&](std::string_view name) {
    any = any || is_message_event(name);
    details = details || name == kOperationDetailsEvent;
  };
  if (events) {
    for (const Json& e : *events) note(walk_event_name(e));
  }
  if (scratch.linked_logs) {
    for (const OtelLinkedLog& log : *scratch.linked_logs) note(otel_log_event_name(*log.record));
  }
  if (!any) return;
  OtelEventMessages& m = scratch.event_messages;
  m.span_has_input = scratch.attributes.find("gen_ai.input.messages") != nullptr;
  m.span_has_output = scratch.attributes.find("gen_ai.output.messages") != nullptr;
  m.details_present = details;
}

void read_events(const Json* list, const OtelSpanShape& shape, OtelSpanScratch& scratch, OtelSpanStatus& status) {
  scratch.begin_events();
  const Json* events = otel_optional_array(list, "events");
  prepare_event_messages(events, scratch);
  for (size_t i = 0; events && i < events->size(); ++i) {
    const Json& e = (*events)[i];
    const std::string field = "events[" + std::to_string(i) + "]";
    if (!e.is_object()) otel_field_error(field, "expected an object, got " + brief(e));
    std::optional<int64_t> time;
    if (const Json* t = otel_member(e, shape.event_time, shape.event_time_snake); t && !t->is_null()) {
      std::string why;
      time = shape.parse_time(*t, why);
      if (!time) otel_field_error(field + "." + shape.event_time, why);
    }
    const std::string_view name = otel_optional_string(otel_member(e, "name"), field + ".name").value_or("");
    otel_read_attributes(shape, otel_member(e, "attributes"), field + ".attributes", scratch.nested);
    scratch.note_exception(name, status);
    bool in_messages = false;
    if (is_message_event(name)) {
      Json rest;
      in_messages =
          take_event_messages(name, scratch.nested, nullptr, scratch.attributes, scratch.event_messages, rest);
    }
    append_otel_event(scratch.events, name, time, scratch.nested, nullptr, in_messages);
  }
  if (scratch.linked_logs) {
    for (const OtelLinkedLog& log : *scratch.linked_logs) read_otel_linked_log(log, scratch);
  }
  close_otel_array(scratch.events);
}

void read_links(const Json* list, const OtelSpanShape& shape, OtelSpanScratch& scratch) {
  scratch.links.clear();
  const Json* links = otel_optional_array(list, "links");
  if (!links) return;
  for (size_t i = 0; i < links->size(); ++i) {
    shape.read_link((*links)[i], "links[" + std::to_string(i) + "]", scratch);
  }
  close_otel_array(scratch.links);
}

}  // namespace

void otel_read_attributes(const OtelSpanShape& shape, const Json* value, std::string_view field, OtelAttributes& out) {
  if (auto why = shape.read_attributes(value, field, out); !why.empty()) throw OtelFieldError{std::move(why)};
}

const Json* otel_optional_array(const Json* value, std::string_view field) {
  if (!value || value->is_null()) return nullptr;
  if (!value->is_array()) otel_field_error(field, "expected an array, got " + brief(*value));
  return value;
}

void read_otel_span_rest(const Json& s, MappedSpan&& mapped, const OtelSpanMembers& members, const OtelSpanShape& shape,
                         OtelSpanScratch& scratch, RecordSink& sink) {
  OtelSpanExtras extras;
  extras.scope_json = scratch.scope_json;
  extras.span_kind = members.span_kind;
  if (members.status_read) {
    extras.status = *members.status_read;
  } else {
    otel_read_status(members.status, extras.status);
  }
  extras.trace_state = otel_optional_string(members.trace_state, "traceState").value_or("");
  if (!members.attributes_read) otel_read_attributes(shape, members.attributes, "attributes", scratch.attributes);
  read_events(members.events, shape, scratch, extras.status);
  extras.events_json = scratch.events;
  extras.messages = &scratch.event_messages;
  read_links(members.links, shape, scratch);
  extras.links_json = scratch.links;
  OtelResource* resource = shape.resource(s, scratch);
  finish_otel_span(scratch.attributes, resource, extras, mapped.span);
  sink.on_span(std::move(mapped));
}

}  // namespace tracesift::import
