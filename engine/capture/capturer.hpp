// Runs capture rules: over the spans an import batch finished (inside the batch's transaction),
// or over every stored span (backfill). Each matching rule whose sample passes adds one datapoint;
// a (rule, span) pair is captured at most once.
#pragma once

#include <cstdint>
#include <vector>

#include "../import/import_session.hpp"
#include "../query/fact_table.hpp"
#include "../store/datapoint_writer.hpp"
#include "../store/sqlite.hpp"
#include "rule.hpp"

namespace tracesift::capture {

/// What a backfill did.
struct BackfillResult {
  int64_t rule_id = 0;    ///< the rule
  uint64_t matched = 0;   ///< finished spans matching its filter
  uint64_t sampled = 0;   ///< of those, the ones its sample keeps
  uint64_t captured = 0;  ///< new datapoints (the rest were captured before)
};

/// The datapoint writer of capture rules.
class Capturer {
 public:
  /// Prepares its statements on `db`, which must outlive it.
  explicit Capturer(store::Database& db);

  /// Captures the finished spans of a batch: `rows[i]` are the facts of `written[i]`, already in
  /// `facts`' dictionaries. Returns the datapoints added.
  uint64_t capture_batch(const std::vector<Rule>& rules, const FactTable& facts,
                         const std::vector<import::WrittenSpan>& written, const std::vector<FactRow>& rows,
                         int64_t now_ns);

  /// Applies `rule` to every stored finished span (call inside a transaction).
  BackfillResult backfill(const Rule& rule, const FactTable& facts, int64_t now_ns);

 private:
  store::DatapointWriter writer_;
};

}  // namespace tracesift::capture
