// Reads of a dataset's datapoints: the rows an export decodes (each datapoint beside its span as it
// is now and as it was when taken) and the keys a training dataset must not share with an eval one.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "sqlite.hpp"

namespace tracesift::store {

/// The column layout of a DatapointRows row.
namespace datapoint_columns {
/// The span columns, read once from the live span and once from its old version, in this order.
inline constexpr std::array<std::string_view, 19> kSpan = {
    "span_id",       "trace_id", "session_id", "input",       "output",    "name",    "kind",
    "status",        "model",    "provider",   "environment", "task",      "user_id", "input_tokens",
    "output_tokens", "cost_usd", "started_ns", "ended_ns",    "attributes"};
inline constexpr int kMetadataFirst = 5;  ///< name .. ended_ns make the metadata object
inline constexpr int kFirstInteger = 13;  ///< input_tokens, output_tokens, cost_usd (REAL), started_ns, ended_ns
inline constexpr int kCost = 15;          ///< cost_usd, a REAL
inline constexpr int kAttributes = 18;    ///< attributes
/// Columns 0..5: id, source, rule_id, created_ns, linked, has an old version.
inline constexpr int kOwn = 6;    ///< first own column: source_span_id, trace_id, session_id, input, output, metadata
inline constexpr int kLive = 12;  ///< first live span column
inline constexpr int kOld = kLive + static_cast<int>(kSpan.size());  ///< first old-version column
}  // namespace datapoint_columns

/// A dataset's datapoints in id order, laid out as datapoint_columns says.
class DatapointRows {
 public:
  /// Reads dataset `dataset_id` of `db`; the attributes column is read only with `tools`, the
  /// metadata columns (name .. ended_ns) only with `metadata` (else they are NULL).
  DatapointRows(Database& db, int64_t dataset_id, bool tools, bool metadata);
  /// Steps to the next row; false at the end.
  bool step() { return st_.step(); }
  /// The current row's columns.
  const Statement& row() const noexcept { return st_; }

 private:
  Statement st_;
};

/// What the leakage checks key on in one datapoint (views valid during the callback).
struct DatapointKeys {
  std::optional<std::string_view> span_id;     ///< the span it was taken from
  std::string_view input_json;                 ///< its input ("null" when none)
  std::optional<std::string_view> trace_id;    ///< its trace
  std::optional<std::string_view> session_id;  ///< its session
};

/// Calls `fn` with the keys of every datapoint of dataset `dataset_id` (its own content: a snapshot).
void for_each_datapoint_keys(Database& db, int64_t dataset_id, const std::function<void(const DatapointKeys&)>& fn);

}  // namespace tracesift::store
