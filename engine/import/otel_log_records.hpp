// The log records of an OTLP document ({"resourceSpans": [...], "resourceLogs": [...]}) linked to
// its spans by trace and span id: events of the GenAI conventions (message events, operation
// details) are often emitted as log records, not span events.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "../json_value.hpp"
#include "format_reader.hpp"
#include "otel_span_record.hpp"

namespace tracesift::import {

/// The log records of one OTLP document, by the span they are linked to.
class OtelLogIndex {
 public:
  /// Indexes the `resource_logs` array (named `key` in errors). A record without a span id belongs
  /// to no span and is left out; a record that is not an object or whose ids are not ids is
  /// reported to `sink` ("resourceLogs[0].scopeLogs[0].logRecords[2]: field 'spanId': ...").
  void build(const Json& resource_logs, std::string_view key, RecordSink& sink);
  /// The records linked to the span, in document order, or nullptr.
  const std::vector<OtelLinkedLog>* find(std::string_view trace_id, std::string_view span_id) const;
  /// True when no record is indexed.
  bool empty() const noexcept { return by_span_.empty(); }
  /// Forgets the records (the document they point into is going away).
  void clear() noexcept { by_span_.clear(); }

 private:
  std::unordered_map<std::string, std::vector<OtelLinkedLog>> by_span_;
};

/// The event name of a log record: its `eventName`, else its attribute `event.name`; "" when none.
std::string_view otel_log_event_name(const Json& record);

/// Reads a linked log record as an event of the span being read: its name (otel_log_event_name, or
/// "log"), time (timeUnixNano, else observedTimeUnixNano), attributes and body (an AnyValue); a
/// message event's messages go to `scratch.event_messages` (take_event_messages), and what is left
/// is appended to `scratch.events`. Throws OtelFieldError naming the record's path.
void read_otel_linked_log(const OtelLinkedLog& log, OtelSpanScratch& scratch);

}  // namespace tracesift::import
