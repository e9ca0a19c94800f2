// One span with its trace, for a detail view: the span's full record (messages, attributes) and
// a summary of every span of its trace (enough to draw the tree), ordered by start time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../store/span_reads.hpp"
#include "../store/span_store.hpp"
#include "../store/sqlite.hpp"

namespace tracesift {

/// Most spans of a trace a detail lists (the first by start time); `trace_total` counts them all.
inline constexpr int64_t kMaxTraceSpans = 10'000;

/// One span of a trace, summarised.
using TraceSpan = store::TraceSpan;

/// A span with its trace.
struct SpanDetail {
  std::string span_json;         ///< the full record, as `tracesift spans` prints it
  std::string trace_id;          ///< its trace
  std::vector<TraceSpan> trace;  ///< the trace's spans (this one included), by start time then row
  int64_t trace_total = 0;       ///< spans in the trace (more than `trace` holds past kMaxTraceSpans)
};

/// Reads span `span_id` and its trace; Error{not_found} (field "span_id") when it is not stored.
SpanDetail read_span_detail(store::Database& db, store::SpanStore& spans, std::string_view span_id);

/// The detail as JSON: {"span": record, "trace_id", "trace": [{"span_id", "parent_span_id", "name",
/// "kind", "status", "model", "started_at", "ended_at", "input_tokens", "output_tokens",
/// "cost_usd"}], "trace_total"}.
std::string span_detail_json(const SpanDetail& detail);

}  // namespace tracesift
