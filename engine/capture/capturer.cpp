#include "capturer.hpp"

#include "../query/fact_filter.hpp"
#include "../query/filter.hpp"
#include "../sample/sample_hash.hpp"
#include "rule_preview.hpp"

namespace tracesift::capture {
Capturer::Capturer(store::Database& db) : writer_(db) {}

uint64_t Capturer::capture_batch(const std::vector<Rule>& rules, const FactTable& facts,
                                 const std::vector<import::WrittenSpan>& written, const std::vector<FactRow>& rows,
                                 int64_t now_ns) {
  if (rules.empty()) return 0;
  // Compiled per batch: relative times ("since": "1h") are anchored at the batch, and values first
  // seen in this batch are already in the dictionaries.
  std::vector<CompiledFilter> compiled;
  compiled.reserve(rules.size());
  for (const Rule& rule : rules) compiled.emplace_back(parse_filter_text(rule.filter_json, now_ns), facts);
  std::vector<store::NewDatapoint> captures;
  for (size_t i = 0; i < written.size(); ++i) {
    if (!written[i].completed) continue;
    const FactRow& row = rows[i];
    for (size_t k = 0; k < rules.size(); ++k) {
      const Rule& rule = rules[k];
      if (!compiled[k].matches(row) || !sample_passes(rule.seed, row.span_hash, rule.sample_rate)) continue;
      // The span was written earlier in this transaction: the datapoint links to its row.
      captures.push_back({rule.dataset_id, rule.id, written[i].rowid});
    }
  }
  return static_cast<uint64_t>(writer_.add_all(captures, store::datapoint_source::capture, now_ns));
}

BackfillResult Capturer::backfill(const Rule& rule, const FactTable& facts, int64_t now_ns) {
  // The same scan a preview counts (rule_preview.hpp), so a preview says what this captures.
  std::vector<int64_t> rowids;
  const RuleScan scan = scan_rule(rule, facts, now_ns, &rowids);
  BackfillResult result{rule.id, scan.matched, scan.sampled, 0};
  std::vector<store::NewDatapoint> captures;
  captures.reserve(rowids.size());
  for (const int64_t rowid : rowids) captures.push_back({rule.dataset_id, rule.id, rowid});
  // Pairs captured before are left alone, and not counted.
  result.captured = static_cast<uint64_t>(writer_.add_all(captures, store::datapoint_source::capture, now_ns));
  return result;
}

}  // namespace tracesift::capture
