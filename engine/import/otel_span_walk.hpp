// The part of reading a span that OTLP and OTel-JS spans share once each shape has found its
// members: status, attributes, events, links, resource, and the finished record to the sink.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "../json_value.hpp"
#include "format_reader.hpp"
#include "otel_span_record.hpp"

namespace tracesift::import {

/// How one span shape spells what the shapes share (OTLP key-value lists and Unix nanoseconds,
/// or OTel-JS flat attribute objects and HrTime pairs).
struct OtelSpanShape {
  /// Reads an attribute list into `out`: otel_attributes or flat_attributes.
  std::string (*read_attributes)(const Json* value, std::string_view field, OtelAttributes& out);
  /// Reads a time: parse_unix_nano or parse_hr_time.
  std::optional<int64_t> (*parse_time)(const Json& value, std::string& why);
  const char* event_time;        ///< an event's time member ("timeUnixNano", "time"), also its error name
  const char* event_time_snake;  ///< its proto field name, or nullptr
  /// Reads link `link` (located by `field`, "links[2]") and appends it to `scratch.links`.
  void (*read_link)(const Json& link, const std::string& field, OtelSpanScratch& scratch);
  /// The resource of span `span`, or nullptr; called after the links are read.
  OtelResource* (*resource)(const Json& span, OtelSpanScratch& scratch);
};

/// The members of a span past its ids, name and times, as its shape found them (nullptr: absent).
struct OtelSpanMembers {
  std::string_view span_kind;         ///< attributes["otel.span_kind"], already read
  const Json* status = nullptr;       ///< {code, message}
  const Json* trace_state = nullptr;  ///< a string
  const Json* attributes = nullptr;   ///< the span's attribute list
  const Json* events = nullptr;       ///< an array of events
  const Json* links = nullptr;        ///< an array of links
  /// The span's status as its shape already read it; `status` is then not read.
  const OtelSpanStatus* status_read = nullptr;
  /// True when the shape already read the span's attributes into the scratch's `attributes`;
  /// `attributes` is then not read.
  bool attributes_read = false;
};

/// Reads an attribute list the shape's way into `out`; throws OtelFieldError naming `field`.
void otel_read_attributes(const OtelSpanShape& shape, const Json* value, std::string_view field, OtelAttributes& out);

/// `value` when it is an array, nullptr when absent or null; throws OtelFieldError for another type.
const Json* otel_optional_array(const Json* value, std::string_view field);

/// Finishes span `s` (its ids, name and times already in `mapped`): reads `members` in order
/// (status, trace state, attributes, events, links, then the resource), maps the span
/// (finish_otel_span) and gives it to `sink`. Throws OtelFieldError for the first bad field.
void read_otel_span_rest(const Json& s, MappedSpan&& mapped, const OtelSpanMembers& members, const OtelSpanShape& shape,
                         OtelSpanScratch& scratch, RecordSink& sink);

}  // namespace tracesift::import
