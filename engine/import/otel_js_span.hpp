// OTel-JS ReadableSpan dumps ({"name", "spanContext", "startTime": [s, ns], "attributes": {flat},
// ...}), as JSON.stringify writes the spans of the OpenTelemetry JavaScript SDK.
#pragma once

#include "../json_value.hpp"
#include "format_reader.hpp"
#include "otel_span_record.hpp"

namespace tracesift::import {

/// True when `value` looks like an OTel-JS ReadableSpan: an object with "spanContext" (or the
/// SDK's private "_spanContext") and "startTime".
bool is_otel_js_span(const Json& value);

/// Reads one ReadableSpan: one span to `sink`, or one error naming the field. The JS SpanKind
/// enum (INTERNAL = 0 ... CONSUMER = 4) differs from OTLP's; HrTime [0, 0] or "ended": false
/// means still running; "parentSpanId" or "parentSpanContext.spanId" gives the parent.
void read_otel_js_span(const Json& value, OtelSpanScratch& scratch, RecordSink& sink);

}  // namespace tracesift::import
