// Reads of the `spans` table beside the span store's upserts: every span's query fields (what the
// fact table is built from), one span's trace, and span inputs by row.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../span.hpp"
#include "sqlite.hpp"

namespace tracesift::store {

/// The filterable fields of one stored span, as views into the row being read (valid for the
/// duration of the callback that receives them).
struct SpanFields {
  int64_t rowid = 0;                            ///< the row in `spans`
  std::string_view span_id;                     ///< span id
  std::string_view trace_id;                    ///< trace id
  std::string_view name;                        ///< span name
  SpanKind kind = SpanKind::custom;             ///< kind
  SpanStatus status = SpanStatus::running;      ///< status
  std::optional<std::string_view> model;        ///< model
  std::optional<std::string_view> provider;     ///< provider
  std::optional<std::string_view> environment;  ///< environment
  std::optional<std::string_view> task;         ///< task
  std::optional<std::string_view> session_id;   ///< session
  std::optional<std::string_view> user_id;      ///< end user
  std::optional<int64_t> input_tokens;          ///< prompt tokens
  std::optional<int64_t> output_tokens;         ///< completion tokens
  std::optional<double> cost_usd;               ///< cost
  int64_t started_ns = 0;                       ///< start
  std::optional<int64_t> ended_ns;              ///< end
  std::optional<std::string_view> input_json;   ///< input messages (compact JSON)
};

/// Calls `fn` with the fields of every stored span, in row order.
void for_each_span_fields(Database& db, const std::function<void(const SpanFields&)>& fn);

/// A stored span's row and trace.
struct SpanRef {
  int64_t rowid = 0;     ///< its row in `spans`
  std::string trace_id;  ///< its trace
};

/// The row and trace of span `span_id`, if stored.
std::optional<SpanRef> find_span(Database& db, std::string_view span_id);

/// One span of a trace, summarised.
struct TraceSpan {
  std::string span_id;                        ///< its id
  std::optional<std::string> parent_span_id;  ///< its parent, if any
  std::string name;                           ///< span name
  std::string kind;                           ///< llm_call, tool, ...
  std::string status;                         ///< running, completed, failed
  std::optional<std::string> model;           ///< model, if any
  int64_t started_ns = 0;                     ///< start (UTC ns)
  std::optional<int64_t> ended_ns;            ///< end, unless running
  std::optional<int64_t> input_tokens;        ///< prompt tokens
  std::optional<int64_t> output_tokens;       ///< completion tokens
  std::optional<double> cost_usd;             ///< cost
};

/// Number of stored spans of trace `trace_id`.
int64_t count_trace_spans(Database& db, std::string_view trace_id);

/// The first `limit` spans of trace `trace_id` by start time, then row.
std::vector<TraceSpan> trace_spans(Database& db, std::string_view trace_id, int64_t limit);

/// Reads span inputs by row through one prepared statement.
class SpanInputReader {
 public:
  /// Prepares the statement on `db`, which must outlive the reader.
  explicit SpanInputReader(Database& db);
  /// The input messages (compact JSON, "null" when none) of the span at `rowid`; nullopt when no
  /// such row. The view is valid until the next call.
  std::optional<std::string_view> input(int64_t rowid);

 private:
  Statement st_;
};

}  // namespace tracesift::store
