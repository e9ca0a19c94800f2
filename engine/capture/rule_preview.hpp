// What a capture rule does over the stored spans: which finished spans its filter matches and
// which of those its sample keeps. Backfill captures exactly these; a preview only counts them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../query/fact_table.hpp"
#include "rule.hpp"

namespace tracesift::capture {

/// A rule's reach over the stored spans.
struct RuleScan {
  uint64_t spans = 0;      ///< spans stored
  uint64_t matched = 0;    ///< finished (completed or failed) spans matching the filter
  uint64_t sampled = 0;    ///< of those, the ones the sample keeps (exact: sampling is deterministic)
  uint64_t running = 0;    ///< spans matching the filter that are still running (evaluated when they finish)
  uint64_t seed = 0;       ///< the seed the sample used
  double sample_rate = 0;  ///< the rate the sample used
};

/// Scans the fact table with `rule`'s filter (relative times anchored at `now_ns`) and sample;
/// when `sampled_rowids` is given, the rows of the sampled spans are appended to it, in row order.
RuleScan scan_rule(const Rule& rule, const FactTable& facts, int64_t now_ns,
                   std::vector<int64_t>* sampled_rowids = nullptr);

/// The scan as JSON: {"spans","matched","sampled","running","sample_rate","seed"}.
std::string rule_scan_json(const RuleScan& scan);

}  // namespace tracesift::capture
