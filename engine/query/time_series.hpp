// Time series for charts: for a filter, the matching spans' volume, tokens, cost and failures in
// time buckets, in total and split by model (the top N models and the rest), from the fact table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fact_filter.hpp"
#include "fact_table.hpp"

namespace tracesift {

/// Most buckets one series may have (a given bucket size that needs more is refused).
inline constexpr int64_t kMaxBuckets = 10'000;
/// Most models a split names (the rest are summed as "other").
inline constexpr int64_t kMaxTopModels = 100;

/// What a time series is asked for.
struct StatsRequest {
  int64_t bucket_ns = 0;   ///< bucket size; 0 chooses one giving about 50 to 200 buckets
  bool by_model = false;   ///< also split by model
  int64_t top_models = 5;  ///< models named in the split, by span count; the rest are "other"
};

/// Parses {"bucket"?: "30s"|"5m"|"1h"|"1d"|"1w"|"auto", "by_model"?: bool, "top_models"?: 0..100}.
/// Errors are Error{invalid_argument} naming the key.
StatsRequest parse_stats_request(std::string_view json_text);

/// Parses a bucket size: a positive integer and a unit s, m, h, d or w ("15m"); Error naming `field`.
int64_t parse_bucket(std::string_view text, std::string_view field);

/// The sums of one bucket (or of a whole series).
struct SeriesPoint {
  uint64_t spans = 0;         ///< spans started in it
  int64_t input_tokens = 0;   ///< their input tokens (missing counts as 0)
  int64_t output_tokens = 0;  ///< their output tokens (missing counts as 0)
  double cost_usd = 0;        ///< their cost (spans without one add nothing)
  uint64_t failed = 0;        ///< of them, failed spans
  /// Adds one span's facts.
  void add(const FactRow& r) noexcept;
  /// Adds another point's sums.
  void add(const SeriesPoint& p) noexcept;
};

/// One series: a total and a point per bucket.
struct Series {
  SeriesPoint total;                 ///< over every bucket
  std::vector<SeriesPoint> buckets;  ///< same buckets as Stats::buckets
};

/// One model's series (model nullopt: spans without a model).
struct ModelSeries {
  std::optional<std::string> model;  ///< the model, or nullopt
  Series series;                     ///< its sums
};

/// The time series of a filter.
///
/// Design note: bucket b covers [start_ns + b * bucket_ns, start_ns + (b + 1) * bucket_ns);
/// start_ns is the first matching span's start rounded down to a multiple of bucket_ns since the
/// Unix epoch (so 1h buckets begin on the hour, 1d at UTC midnight). Buckets are dense, empty
/// ones included, from the first matching span to the last. A bucket boundary outside the times
/// a span can hold (near 1677 or 2262) is given as the nearest one it can (bucket_start_ns).
struct Stats {
  int64_t bucket_ns = 0;  ///< bucket size (the given one, or the chosen one; 0 when nothing matches and none was given)
  int64_t first_bucket = 0;         ///< index of bucket 0 counted from the Unix epoch
  int64_t start_ns = 0;             ///< start of bucket 0: bucket_start_ns(first_bucket, bucket_ns)
  Series all;                       ///< every matching span
  std::vector<ModelSeries> models;  ///< by_model: the top models by span count (ties by name)
  std::optional<Series> other;      ///< by_model: the other models summed, when there are any
  uint64_t other_models = 0;        ///< how many models `other` sums
};

/// The start of bucket `index` (counted from the Unix epoch) of `bucket_ns`, saturated at the
/// int64 limits instead of overflowing.
int64_t bucket_start_ns(int64_t index, int64_t bucket_ns) noexcept;

/// Computes the series of the rows matching `filter`: one scan of the table, then one pass over
/// the matching rows.
Stats compute_stats(const FactTable& table, const CompiledFilter& filter, const StatsRequest& request);

/// The stats as JSON: {"bucket", "bucket_seconds", "from", "to", "total": point, "buckets":
/// [{"start", point...}], "models"?: [{"model", "total", "buckets": [point]}], "other"?: {...}|null}
/// where a point is {"spans","input_tokens","output_tokens","cost_usd","failed"}.
std::string stats_json(const Stats& stats, bool by_model);

}  // namespace tracesift
