#include "capturer.hpp"

#include "../query/fact_filter.hpp"
#include "../query/filter.hpp"
#include "../sample/sample_hash.hpp"

namespace tracesift::capture {
namespace {

bool finished(const FactRow& r) {
  return is_terminal(static_cast<SpanStatus>(r.status));
}

}  // namespace

Capturer::Capturer(store::Database& db)
    : db_(db),
      insert_values_(db.prepare("INSERT OR IGNORE INTO datapoints "
                                "(dataset_id, source, source_span_id, rule_id, input, output, created_ns, span_row) "
                                "VALUES (?, 'span_export', ?, ?, ?, ?, ?, ?)")),
      insert_from_row_(
          db.prepare("INSERT OR IGNORE INTO datapoints "
                     "(dataset_id, source, source_span_id, rule_id, input, output, created_ns, span_row) "
                     "SELECT ?, 'span_export', span_id, ?, input, output, ?, id FROM spans WHERE id = ?")) {}

uint64_t Capturer::capture_batch(const std::vector<Rule>& rules, const FactTable& facts,
                                 const std::vector<import::WrittenSpan>& written, const std::vector<FactRow>& rows,
                                 int64_t now_ns) {
  if (rules.empty()) return 0;
  // Compiled per batch: relative times ("since": "1h") are anchored at the batch, and values first
  // seen in this batch are already in the dictionaries.
  std::vector<CompiledFilter> compiled;
  compiled.reserve(rules.size());
  for (const Rule& rule : rules) compiled.emplace_back(parse_filter_text(rule.filters_json, now_ns), facts);
  uint64_t captured = 0;
  for (size_t i = 0; i < written.size(); ++i) {
    if (!written[i].completed) continue;
    const FactRow& row = rows[i];
    for (size_t k = 0; k < rules.size(); ++k) {
      const Rule& rule = rules[k];
      if (!compiled[k].matches(row) || !sample_passes(rule.seed, row.span_hash, rule.sample_rate)) continue;
      const Span& span = *written[i].span;
      insert_values_.reset();
      insert_values_.bind_int(1, rule.dataset_id);
      insert_values_.bind_text(2, span.span_id);
      insert_values_.bind_int(3, rule.id);
      insert_values_.bind_opt_text(4, span.input_json);
      insert_values_.bind_opt_text(5, span.output_json);
      insert_values_.bind_int(6, now_ns);
      insert_values_.bind_int(7, written[i].rowid);
      insert_values_.step();
      captured += static_cast<uint64_t>(db_.changes());  // 0 when the pair was captured before
    }
  }
  insert_values_.reset();
  return captured;
}

BackfillResult Capturer::backfill(const Rule& rule, const FactTable& facts, int64_t now_ns) {
  const CompiledFilter filter(parse_filter_text(rule.filters_json, now_ns), facts);
  BackfillResult result{rule.id, 0, 0, 0};
  for (const FactRow& row : facts.rows()) {
    if (!finished(row) || !filter.matches(row)) continue;
    ++result.matched;
    if (!sample_passes(rule.seed, row.span_hash, rule.sample_rate)) continue;
    ++result.sampled;
    insert_from_row_.reset();
    insert_from_row_.bind_int(1, rule.dataset_id);
    insert_from_row_.bind_int(2, rule.id);
    insert_from_row_.bind_int(3, now_ns);
    insert_from_row_.bind_int(4, row.rowid);
    insert_from_row_.step();
    result.captured += static_cast<uint64_t>(db_.changes());
  }
  insert_from_row_.reset();
  return result;
}

}  // namespace tracesift::capture
