// What the OTLP and OTel-JS span readers share: field errors, resources, scopes, events, and the
// assembly of the span record (mapping plus the `attributes` object).
#include "otel_span_record.hpp"

#include "../json_text.hpp"
#include "../timestamp.hpp"
#include "json_fields.hpp"
#include "otel_ids.hpp"

namespace tracesift::import {

void otel_field_error(std::string_view field, std::string_view why) {
  throw OtelFieldError{"field '" + std::string(field) + "': " + std::string(why)};
}

const Json* otel_member(const Json& object, const char* camel, const char* snake) {
  auto it = object.find(camel);
  if (it == object.end() && snake) it = object.find(snake);
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> otel_read_id(const Json* value, std::string_view field, size_t bytes, bool required) {
  if (!value || value->is_null() || (value->is_string() && value->get_ref<const std::string&>().empty())) {
    if (required) otel_field_error(field, "missing");
    return std::nullopt;
  }
  if (!value->is_string()) otel_field_error(field, "expected a string, got " + brief(*value));
  const auto& text = value->get_ref<const std::string&>();
  auto id = normalize_otel_id(text, bytes);
  if (!id) otel_field_error(field, describe_bad_otel_id(text, bytes));
  return id;
}

std::optional<std::string_view> otel_optional_string(const Json* value, std::string_view field) {
  if (!value || value->is_null()) return std::nullopt;
  if (!value->is_string()) otel_field_error(field, "expected a string, got " + brief(*value));
  return std::string_view(value->get_ref<const std::string&>());
}

void otel_read_status(const Json* status, OtelSpanStatus& out) {
  if (!status || status->is_null()) return;
  if (!status->is_object()) otel_field_error("status", "expected an object, got " + brief(*status));
  if (const Json* code = otel_member(*status, "code")) {
    if (code->is_number_integer()) {
      out.failed = code->get<int64_t>() == 2;
    } else if (code->is_string()) {
      const auto& c = code->get_ref<const std::string&>();
      out.failed = c == "STATUS_CODE_ERROR" || c == "ERROR" || c == "2";
    } else if (!code->is_null()) {
      otel_field_error("status.code", "expected an integer or a STATUS_CODE_* name, got " + brief(*code));
    }
  }
  if (const auto message = otel_optional_string(otel_member(*status, "message"), "status.message")) {
    out.message = *message;
  }
}

void otel_check_end(const Span& span, std::string_view end_field) {
  if (span.ended_ns && *span.ended_ns < span.started_ns) otel_field_error(end_field, "is before the start time");
}

void OtelSpanScratch::release() noexcept {
  linked_logs = nullptr;
  attributes.clear();
  nested.clear();
  resource.attributes().clear();
  resource.reset();
}

void OtelSpanScratch::begin_events() noexcept {
  events.clear();
  exception_message.clear();
  event_messages.clear();
}

void OtelSpanScratch::note_exception(std::string_view event_name, OtelSpanStatus& status) {
  if (event_name != "exception" || !exception_message.empty()) return;
  if (const std::string* message = nested.get_string("exception.message")) {
    exception_message = *message;
    status.exception_message = exception_message;
  }
}

void OtelResource::reset() noexcept {
  for (auto& c : cache_) c.reset();
}

const std::string& OtelResource::json_without(unsigned used) {
  auto& cached = cache_[used & 7u];
  if (!cached) {
    std::array<std::string_view, 3> skip{};
    size_t n = 0;
    for (size_t bit = 0; bit < kOtelResourceUseKeys.size(); ++bit) {
      if (used & (1u << bit)) skip[n++] = kOtelResourceUseKeys[bit];
    }
    cached.emplace();
    attributes_.append_object(*cached, std::span<const std::string_view>(skip.data(), n));
  }
  return *cached;
}

std::string otel_scope_json(const Json* scope, OtelAttributes& scratch) {
  if (!scope || !scope->is_object()) return {};
  std::string out = "{";
  bool first = true;
  for (const char* key : {"name", "version"}) {
    const auto it = scope->find(key);
    if (it == scope->end() || !it->is_string() || it->get_ref<const std::string&>().empty()) continue;
    append_json_key(out, key, first);
    first = false;
    append_json_string(out, it->get_ref<const std::string&>());
  }
  const auto attrs = scope->find("attributes");
  if (attrs != scope->end() && !attrs->is_null()) {
    const bool readable = flat_attributes(&*attrs, "scope.attributes", scratch).empty();
    if (!readable || scratch.size() > 0) {
      append_json_key(out, "attributes", first);
      first = false;
      if (readable) {
        scratch.append_object(out);
      } else {
        append_json_value(out, *attrs);  // not an attribute list: kept as given
      }
    }
  }
  if (first) return {};
  out += '}';
  return out;
}

void append_otel_event(std::string& events, std::string_view name, std::optional<int64_t> time_ns,
                       const OtelAttributes& attributes, const Json* body, bool in_messages) {
  const bool has_body = body && !body->is_null();
  if (in_messages && !has_body && attributes.all_consumed()) return;  // all of it is in the messages
  events += events.empty() ? '[' : ',';
  events += '{';
  append_json_key(events, "name", true);
  append_json_string(events, name);
  if (time_ns) {
    append_json_key(events, "time");
    append_json_string(events, format_rfc3339(*time_ns));
  }
  append_json_key(events, "attributes");
  attributes.append_object(events);
  if (has_body) {
    append_json_key(events, "body");
    append_json_value(events, *body);
  }
  events += '}';
}

void append_otel_link(std::string& links, std::string_view trace_id, std::string_view span_id,
                      std::string_view trace_state, const OtelAttributes& attributes) {
  links += links.empty() ? '[' : ',';
  links += '{';
  append_json_key(links, "trace_id", true);
  append_json_string(links, trace_id);
  append_json_key(links, "span_id");
  append_json_string(links, span_id);
  if (!trace_state.empty()) {
    append_json_key(links, "trace_state");
    append_json_string(links, trace_state);
  }
  append_json_key(links, "attributes");
  attributes.append_object(links);
  links += '}';
}

void close_otel_array(std::string& array) {
  if (!array.empty()) array += ']';
}

void finish_otel_span(OtelAttributes& attributes, OtelResource* resource, const OtelSpanExtras& extras, Span& span) {
  const unsigned used =
      map_otel_span(attributes, resource ? &resource->attributes() : nullptr, extras.status, span, extras.messages);
  if (extras.status.failed) {
    span.status = SpanStatus::failed;
  } else {
    span.status = span.ended_ns ? SpanStatus::completed : SpanStatus::running;
  }

  std::string& out = span.attributes_json;
  out.clear();
  out += '{';
  bool first = true;
  attributes.append_members(out, first);
  // Our own keys never replace a source attribute of the same name.
  const auto add = [&](std::string_view key, std::string_view text, bool is_string) {
    if (text.empty()) return;
    const OtelAttribute* clash = attributes.find(key);
    if (clash && !clash->consumed) return;
    append_json_key(out, key, first);
    first = false;
    if (is_string) {
      append_json_string(out, text);
    } else {
      out += text;
    }
  };
  if (resource) {
    const std::string& rest = resource->json_without(used);
    if (rest != "{}") add("otel.resource", rest, false);
  }
  add("otel.scope", extras.scope_json, false);
  add("otel.span_kind", extras.span_kind, true);
  add("otel.events", extras.events_json, false);
  add("otel.links", extras.links_json, false);
  add("otel.trace_state", extras.trace_state, true);
  out += '}';
}

}  // namespace tracesift::import
