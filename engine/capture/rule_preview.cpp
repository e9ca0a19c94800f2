#include "rule_preview.hpp"

#include "../json_text.hpp"
#include "../query/fact_filter.hpp"
#include "../query/filter.hpp"
#include "../sample/sample_hash.hpp"

namespace tracesift::capture {

RuleScan scan_rule(const Rule& rule, const FactTable& facts, int64_t now_ns, std::vector<int64_t>* sampled_rowids) {
  const CompiledFilter filter(parse_filter_text(rule.filter_json, now_ns), facts);
  RuleScan scan;
  scan.seed = rule.seed;
  scan.sample_rate = rule.sample_rate;
  scan.spans = facts.rows().size();
  for (const FactRow& row : facts.rows()) {
    if (!filter.matches(row)) continue;
    if (!is_terminal(static_cast<SpanStatus>(row.status))) {
      ++scan.running;
      continue;
    }
    ++scan.matched;
    if (!sample_passes(rule.seed, row.span_hash, rule.sample_rate)) continue;
    ++scan.sampled;
    if (sampled_rowids) sampled_rowids->push_back(row.rowid);
  }
  return scan;
}

std::string rule_scan_json(const RuleScan& s) {
  std::string out = "{\"spans\":" + std::to_string(s.spans) + ",\"matched\":" + std::to_string(s.matched) +
                    ",\"sampled\":" + std::to_string(s.sampled) + ",\"running\":" + std::to_string(s.running) +
                    ",\"sample_rate\":";
  append_json_number(out, s.sample_rate);
  out += ",\"seed\":" + std::to_string(s.seed) + "}";
  return out;
}

}  // namespace tracesift::capture
