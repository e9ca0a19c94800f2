// Adds datapoints taken from stored spans: the one place a datapoint row is written, for
// captures, backfills, saved datasets and hand-picked spans alike.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sqlite.hpp"

namespace tracesift::store {

/// Where a datapoint came from (the `source` field).
namespace datapoint_source {
inline constexpr std::string_view capture = "span_export";  ///< a capture rule
inline constexpr std::string_view filter = "filter";        ///< a dataset saved from a filtered slice
inline constexpr std::string_view manual = "manual";        ///< added by hand from selected spans
}  // namespace datapoint_source

/// A datapoint to add: the dataset, the capture rule (0 for none) and the stored span.
struct NewDatapoint {
  int64_t dataset_id = 0;  ///< the dataset it joins
  int64_t rule_id = 0;     ///< the capture rule that took it, 0 for none
  int64_t span_rowid = 0;  ///< the stored span it links to
};

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
  /// Adds `datapoints` in order, all from `source`; (rule, span) pairs already captured are left
  /// alone. Returns how many rows were added.
  /// Design note: a statement per row costs its own AUTOINCREMENT bookkeeping and VM start, which
  /// made 750k single-row inserts ~3x slower than multi-row statements of kBulkRows rows.
  int64_t add_all(std::span<const NewDatapoint> datapoints, std::string_view source, int64_t now_ns);

 private:
  Database& db_;
  Statement insert_;
  std::optional<Statement> bulk_;  // kBulkRows rows per statement, prepared on first use
};

/// Adds the stored spans `span_ids` to dataset `dataset_id` as hand-picked (`manual`) datapoints,
/// each span once (one picked again, or already added by hand, is skipped), in the caller's
/// transaction. Returns how many rows were added; Error{not_found, field "span_ids"} names an id
/// no stored span has.
int64_t add_manual_datapoints(Database& db, int64_t dataset_id, const std::vector<std::string>& span_ids,
                              int64_t now_ns);

}  // namespace tracesift::store
