// OpenTelemetry Python span JSON (see otel_python_span.hpp).
#include "otel_python_span.hpp"

#include <algorithm>
#include <array>

#include "../timestamp.hpp"
#include "json_fields.hpp"
#include "otel_ids.hpp"
#include "otel_span_walk.hpp"

namespace tracesift::import {

namespace {

constexpr std::array<std::string_view, 5> kPyOtelKinds{"INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};

// "SpanKind.CLIENT" -> "CLIENT", "StatusCode.ERROR" -> "ERROR".
std::string_view py_enum_name(std::string_view text) {
  const auto dot = text.rfind('.');
  return dot == std::string_view::npos ? text : text.substr(dot + 1);
}

// An ISO 8601 time as Python writes it ("2024-05-01T18:41:34.721392Z", isoformat()'s
// "+00:00", or no offset at all for a naive UTC time) as UTC nanoseconds.
std::optional<int64_t> py_time(const Json& value, std::string& why) {
  if (!value.is_string()) {
    why = "expected an ISO 8601 time string, got " + brief(value);
    return std::nullopt;
  }
  std::string text = value.get<std::string>();
  if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
  const auto zone = text.size() > 19 ? text.find_first_of("Zz+-", 19) : std::string::npos;
  if (zone == std::string::npos) text += 'Z';  // naive: the SDK writes UTC
  TimeError error = TimeError::none;
  const auto ns = parse_rfc3339(text, error);
  if (!ns) {
    why = error == TimeError::out_of_range
              ? time_out_of_range(value.get_ref<const std::string&>())
              : "expected an ISO 8601 time (\"2024-05-01T12:00:00.123456Z\"), got " + brief(value);
  }
  return ns;
}

// An id ("0x"-prefixed hex as the SDK writes it, or bare hex); nullopt when absent.
std::optional<std::string> py_id(const Json* value, std::string_view field, size_t bytes, bool required) {
  if (value && value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
      const std::string_view hex = std::string_view(text).substr(2);
      auto id = normalize_otel_id(hex, bytes);
      if (!id) otel_field_error(field, describe_bad_otel_id(text, bytes));
      return id;
    }
  }
  return otel_read_id(value, field, bytes, required);
}

// Nested attributes (Phoenix writes {"llm": {"model_name": ...}}) as dotted keys; arrays of
// objects get their index as a key part. `keys` keeps the dotted keys.
void py_flatten(const std::string& prefix, const Json& value, std::deque<std::string>& keys, OtelAttributes& out) {
  const bool objects = value.is_array() && !value.empty() &&
                       std::all_of(value.begin(), value.end(), [](const Json& e) { return e.is_object(); });
  if (value.is_object() && !value.empty()) {
    for (auto it = value.begin(); it != value.end(); ++it) py_flatten(prefix + "." + it.key(), *it, keys, out);
  } else if (objects) {
    for (size_t i = 0; i < value.size(); ++i) py_flatten(prefix + "." + std::to_string(i), value[i], keys, out);
  } else {
    keys.push_back(prefix);
    out.add(keys.back(), value);
  }
}

void py_attributes(const Json* attributes, std::deque<std::string>& keys, OtelAttributes& out) {
  out.clear();
  if (attributes && !attributes->is_null()) {
    if (!attributes->is_object()) otel_field_error("attributes", "expected an object, got " + brief(*attributes));
    for (auto it = attributes->begin(); it != attributes->end(); ++it) {
      const Json& v = *it;
      const bool nested = (v.is_object() && !v.empty()) || (v.is_array() && !v.empty() && v.front().is_object());
      if (nested) {
        py_flatten(it.key(), v, keys, out);
      } else {
        out.add(it.key(), v);
      }
    }
  }
  out.index();
}

void py_status(const Json& s, OtelSpanStatus& out) {
  const Json* status = otel_member(s, "status");
  std::optional<std::string_view> code, message;
  if (status && status->is_object()) {
    code = otel_optional_string(otel_member(*status, "status_code"), "status.status_code");
    message = otel_optional_string(otel_member(*status, "description"), "status.description");
  } else if (status && !status->is_null()) {
    otel_field_error("status", "expected an object, got " + brief(*status));
  } else {  // Phoenix
    code = otel_optional_string(otel_member(s, "status_code"), "status_code");
    message = otel_optional_string(otel_member(s, "status_message"), "status_message");
  }
  out.failed = code && py_enum_name(*code) == "ERROR";
  if (message) out.message = *message;
}

void py_read_link(const Json& l, const std::string& field, OtelSpanScratch& scratch) {
  const Json* context = l.is_object() ? otel_member(l, "context") : nullptr;
  if (!context || !context->is_object()) otel_field_error(field + ".context", "expected an object");
  const auto trace = py_id(otel_member(*context, "trace_id"), field + ".context.trace_id", 16, true);
  const auto span = py_id(otel_member(*context, "span_id"), field + ".context.span_id", 8, true);
  const auto state = otel_optional_string(otel_member(*context, "trace_state"), field + ".context.trace_state");
  if (auto why = flat_attributes(otel_member(l, "attributes"), field + ".attributes", scratch.nested); !why.empty()) {
    throw OtelFieldError{std::move(why)};
  }
  append_otel_link(scratch.links, *trace, *span, state && *state != "[]" ? *state : "", scratch.nested);
}

OtelResource* py_resource(const Json& s, OtelSpanScratch& scratch) {
  const Json* resource = otel_member(s, "resource");
  if (!resource || resource->is_null()) return nullptr;
  if (!resource->is_object()) otel_field_error("resource", "expected an object, got " + brief(*resource));
  if (auto why =
          flat_attributes(otel_member(*resource, "attributes"), "resource.attributes", scratch.resource.attributes());
      !why.empty()) {
    throw OtelFieldError{std::move(why)};
  }
  scratch.resource.reset();
  return &scratch.resource;
}

constexpr OtelSpanShape kPythonShape{flat_attributes, py_time, "timestamp", nullptr, py_read_link, py_resource};

void py_times(const Json& s, Span& span) {
  std::string why;
  const Json* start = otel_member(s, "start_time");
  if (!start || start->is_null()) otel_field_error("start_time", "missing");
  const auto started = py_time(*start, why);
  if (!started) otel_field_error("start_time", why);
  span.started_ns = *started;
  if (const Json* end = otel_member(s, "end_time"); end && !end->is_null()) {
    const auto ended = py_time(*end, why);
    if (!ended) otel_field_error("end_time", why);
    span.ended_ns = ended;
  }
  otel_check_end(span, "end_time");
}

}  // namespace

bool is_otel_python_span(const Json& value) {
  if (!value.is_object()) return false;
  const auto context = value.find("context");
  return context != value.end() && context->is_object() && context->contains("span_id") && value.contains("start_time");
}

void read_otel_python_span(const Json& s, OtelSpanScratch& scratch, std::deque<std::string>& keys, RecordSink& sink) {
  try {
    MappedSpan mapped;
    Span& span = mapped.span;
    const Json& context = s["context"];
    span.trace_id = *py_id(otel_member(context, "trace_id"), "context.trace_id", 16, true);
    span.span_id = *py_id(otel_member(context, "span_id"), "context.span_id", 8, true);
    span.parent_span_id = py_id(otel_member(s, "parent_id"), "parent_id", 8, false);
    span.name = otel_optional_string(otel_member(s, "name"), "name").value_or("");
    py_times(s, span);

    OtelSpanStatus status;
    py_status(s, status);
    py_attributes(otel_member(s, "attributes"), keys, scratch.attributes);
    // "kind" is an OpenTelemetry SpanKind ("SpanKind.CLIENT"); Phoenix's "span_kind" is the
    // OpenInference kind ("LLM"), read as openinference.span.kind when the attributes lack it.
    const Json* kind_json = otel_member(s, "kind", "span_kind");
    const std::string_view kind =
        py_enum_name(otel_optional_string(kind_json, s.contains("kind") ? "kind" : "span_kind").value_or(""));
    std::string_view span_kind;
    if (std::find(kPyOtelKinds.begin(), kPyOtelKinds.end(), kind) != kPyOtelKinds.end()) {
      span_kind = kind;
    } else if (!kind.empty() && kind != "UNSPECIFIED" && kind != "UNKNOWN" &&
               !scratch.attributes.find("openinference.span.kind")) {
      scratch.attributes.add("openinference.span.kind", *kind_json);
      scratch.attributes.index();
    }
    const Json* state = otel_member(context, "trace_state");
    if (state && state->is_string() && state->get_ref<const std::string&>() == "[]") state = nullptr;  // empty

    scratch.scope_json.clear();
    OtelSpanMembers members{span_kind, nullptr, state, nullptr, otel_member(s, "events"), otel_member(s, "links")};
    members.status_read = &status;
    members.attributes_read = true;
    read_otel_span_rest(s, std::move(mapped), members, kPythonShape, scratch, sink);
  } catch (const OtelFieldError& e) {
    sink.on_record_error(e.message);
  }
}

}  // namespace tracesift::import
