// What the OTLP and OTel-JS span readers share: field errors, resources, scopes, events, and the
// assembly of the span record (mapping plus the `attributes` object).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../json_value.hpp"
#include "../span.hpp"
#include "otel_attributes.hpp"
#include "otel_event_messages.hpp"
#include "otel_mapping.hpp"

namespace tracesift::import {

/// A log record of an OTLP document, linked to a span of the document by its trace and span ids.
struct OtelLinkedLog {
  const Json* record = nullptr;  ///< the logRecords element
  std::string path;              ///< where it is ("resourceLogs[0].scopeLogs[0].logRecords[2]")
};

/// Thrown while reading one span; `message` names the field ("field 'spanId': missing").
struct OtelFieldError {
  std::string message;  ///< what is wrong, and where
};

/// Throws OtelFieldError "field '<field>': <why>".
[[noreturn]] void otel_field_error(std::string_view field, std::string_view why);

/// The member `camel`, or its proto field name `snake` (the protobuf JSON mapping allows both);
/// nullptr when neither is there.
const Json* otel_member(const Json& object, const char* camel, const char* snake = nullptr);

/// An id field (`bytes` long) as lower-case hex; an absent or empty id is nullopt, or an error
/// when `required`. Throws OtelFieldError for anything that is not an id.
std::optional<std::string> otel_read_id(const Json* value, std::string_view field, size_t bytes, bool required);

/// A string field or nullopt when absent/null; throws OtelFieldError for another type.
std::optional<std::string_view> otel_optional_string(const Json* value, std::string_view field);

/// Reads a span status {code, message}: code 2, "STATUS_CODE_ERROR" or "ERROR" is an error.
void otel_read_status(const Json* status, OtelSpanStatus& out);

/// Throws OtelFieldError when the span ends before it starts.
void otel_check_end(const Span& span, std::string_view end_field);

/// A resource's attributes, with its attributes["otel.resource"] text cached for each set of
/// keys the mapping used, because every span of the resource repeats it.
class OtelResource {
 public:
  /// The attributes, to be refilled; call reset() afterwards.
  OtelAttributes& attributes() noexcept { return attributes_; }
  /// The attributes.
  const OtelAttributes& attributes() const noexcept { return attributes_; }
  /// Forgets the cached texts (after the attributes changed).
  void reset() noexcept;
  /// The attributes without those named by `used` (OtelResourceUse bits) as a JSON object text;
  /// "{}" when none is left.
  const std::string& json_without(unsigned used);

 private:
  OtelAttributes attributes_;
  std::array<std::optional<std::string>, 8> cache_;
};

/// What a span carries besides its attributes, ready to be written into `attributes`.
struct OtelSpanExtras {
  OtelSpanStatus status;                  ///< outcome
  std::string_view scope_json;            ///< attributes["otel.scope"] object text, empty for none
  std::string_view span_kind;             ///< attributes["otel.span_kind"] ("CLIENT"), empty for none
  std::string_view events_json;           ///< attributes["otel.events"] array text, empty for none
  std::string_view links_json;            ///< attributes["otel.links"] array text, empty for none
  std::string_view trace_state;           ///< attributes["otel.trace_state"], empty for none
  OtelEventMessages* messages = nullptr;  ///< the messages the span's events carried, or null
};

/// The working state of a span reader, kept across spans so its buffers keep their capacity.
/// Attribute maps hold views into the record being read: release() when done with it.
struct OtelSpanScratch {
  OtelResource resource;             ///< the current resource
  OtelAttributes attributes;         ///< the current span's attributes
  OtelAttributes nested;             ///< attributes of one event, link or scope
  std::string scope_json;            ///< the current scope's attributes["otel.scope"] text
  std::string events;                ///< the current span's attributes["otel.events"] text
  std::string links;                 ///< the current span's attributes["otel.links"] text
  std::string exception_message;     ///< the current span's first exception message
  OtelEventMessages event_messages;  ///< the messages the current span's events carried
  /// The log records linked to the current span (OTLP documents with resourceLogs), or null.
  const std::vector<OtelLinkedLog>* linked_logs = nullptr;

  /// Drops every view into the record just read.
  void release() noexcept;
  /// Starts a span's events: forgets the previous span's events and exception.
  void begin_events() noexcept;
  /// After an event's attributes are in `nested`: keeps the first "exception" event's
  /// exception.message as the error of a failed span whose status has no message.
  void note_exception(std::string_view event_name, OtelSpanStatus& status);
};

/// The attributes["otel.scope"] text of an instrumentation scope ({"name", "version",
/// "attributes"?}), or "" when the scope says nothing. `scratch` is reused for its attributes.
std::string otel_scope_json(const Json* scope, OtelAttributes& scratch);

/// Appends one event {"name", "time" (RFC 3339), "attributes", "body"?} to the array text in
/// `events` (opening it when empty; close_otel_array() closes it); "body" (a log record's) is
/// written when `body` is not null. An event whose content went into the span's messages
/// (`in_messages`) and that has nothing left (no attribute, no body) is left out.
void append_otel_event(std::string& events, std::string_view name, std::optional<int64_t> time_ns,
                       const OtelAttributes& attributes, const Json* body = nullptr, bool in_messages = false);

/// Appends one link {"trace_id", "span_id", "trace_state"?, "attributes"} like append_otel_event.
void append_otel_link(std::string& links, std::string_view trace_id, std::string_view span_id,
                      std::string_view trace_state, const OtelAttributes& attributes);

/// Closes an array text opened by append_otel_event or append_otel_link (no-op when empty).
void close_otel_array(std::string& array);

/// Finishes a span whose ids, name and times are set: maps its attributes (map_otel_span), sets
/// status and error, and writes `attributes_json`: the unmapped span attributes, then
/// "otel.resource", "otel.scope", "otel.span_kind", "otel.events", "otel.links",
/// "otel.trace_state" (each only when there is something to say, and never over a source
/// attribute of the same name).
void finish_otel_span(OtelAttributes& attributes, OtelResource* resource, const OtelSpanExtras& extras, Span& span);

}  // namespace tracesift::import
