// Adds datapoints copied from stored spans: the one place a datapoint row is written, for
// captures, backfills, saved datasets and hand-picked spans alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sqlite.hpp"

namespace tracesift::store {

/// Where a datapoint came from (the `source` field).
namespace datapoint_source {
inline constexpr std::string_view capture = "span_export";  ///< a capture rule
inline constexpr std::string_view filter = "filter";        ///< a dataset saved from a filtered slice
inline constexpr std::string_view manual = "manual";        ///< added by hand from selected spans
}  // namespace datapoint_source

/// Copies spans into datapoints: input, output, trace and session ids, and a metadata object.
class DatapointWriter {
 public:
  /// Prepares its statement on `db`, which must outlive it.
  explicit DatapointWriter(Database& db);
  /// Adds a datapoint of `dataset_id` from the span at `span_rowid`; a (rule, span) pair already
  /// captured is left alone. Returns true when a row was added.
  bool add(int64_t dataset_id, std::string_view source, std::optional<int64_t> rule_id, int64_t span_rowid,
           int64_t now_ns);

 private:
  Database& db_;
  Statement insert_;
};

}  // namespace tracesift::store
