// The capture rules' operation results as JSON text.
#include "capture_json.hpp"

#include "../json_text.hpp"

namespace tracesift::capture {

std::string rules_json(const std::vector<Rule>& rules) {
  return json_array(rules, [](const Rule& r) { return rule_json(r); });
}

std::string rule_deleted_json(int64_t id, int64_t kept_datapoints) {
  return deleted_json(id, 0, kept_datapoints);
}

std::string backfill_json(const BackfillResult& r) {
  return JsonObject()
      .field("rule_id", r.rule_id)
      .field("matched", r.matched)
      .field("sampled", r.sampled)
      .field("captured", r.captured)
      .text();
}

}  // namespace tracesift::capture
