// OpenTelemetry Python span JSON ({"name", "context": {"trace_id": "0x...", "span_id": "0x..."},
// "kind", "parent_id", "start_time": ISO 8601, "end_time", "status", "attributes", "events",
// "links", "resource"}), as ReadableSpan.to_json() (the SDK's ConsoleSpanExporter) and Phoenix
// ("span_kind", "status_code", nested attributes) write it.
#pragma once

#include <deque>
#include <string>

#include "../json_value.hpp"
#include "format_reader.hpp"
#include "otel_span_record.hpp"

namespace tracesift::import {

/// True when `value` is an OpenTelemetry Python span: an object with a "context" object holding
/// "span_id", and "start_time".
bool is_otel_python_span(const Json& value);

/// Reads one OpenTelemetry Python span into `sink` (a bad field is a record error naming it).
/// `keys` holds the dotted keys of nested (Phoenix) attributes while the span's maps refer to them.
void read_otel_python_span(const Json& span, OtelSpanScratch& scratch, std::deque<std::string>& keys, RecordSink& sink);

}  // namespace tracesift::import
