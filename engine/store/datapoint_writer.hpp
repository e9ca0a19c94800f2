// Adds datapoints taken from stored spans: the one place a datapoint row is written, for
// captures, backfills, saved datasets and hand-picked spans alike.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "sqlite.hpp"

namespace tracesift::store {

/// Where a datapoint came from (the `source` field).
namespace datapoint_source {
inline constexpr std::string_view capture = "span_export";  ///< a capture rule
inline constexpr std::string_view filter = "filter";        ///< a dataset saved from a filtered slice
inline constexpr std::string_view manual = "manual";        ///< added by hand from selected spans
}  // namespace datapoint_source

/// Adds datapoints linked to stored spans: a small row that reads the span's content through the
/// datapoint_content view, as it was when the datapoint was added (schema v4: the span's old
/// version is copied aside before the span changes or goes).
class DatapointWriter {
 public:
  /// Prepares its statement on `db`, which must outlive it.
  explicit DatapointWriter(Database& db);
  /// Adds a datapoint of `dataset_id` from the stored span at `span_rowid` (the caller has read
  /// it); a (rule, span) pair already captured is left alone. Returns true when a row was added.
  bool add(int64_t dataset_id, std::string_view source, std::optional<int64_t> rule_id, int64_t span_rowid,
           int64_t now_ns);
  /// Adds one datapoint of `dataset_id` per stored span in `span_rowids` (no rule), in that order.
  /// Design note: a statement per row costs its own AUTOINCREMENT bookkeeping and VM start, which
  /// made 750k single-row inserts ~3x slower than multi-row statements of kBulkRows rows.
  void add_all(int64_t dataset_id, std::string_view source, std::span<const int64_t> span_rowids, int64_t now_ns);

 private:
  Database& db_;
  Statement insert_;
  std::optional<Statement> bulk_;  // kBulkRows rows per statement, prepared on first use
};

}  // namespace tracesift::store
