// The capture rules' operation results as JSON text (docs/CONTRACT.md), for the bindings and the CLI.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capturer.hpp"
#include "rule.hpp"

namespace tracesift::capture {

/// The rules as a JSON array of rule_json objects.
std::string rules_json(const std::vector<Rule>& rules);

/// A deleted rule: {"deleted": id, "kept_datapoints": n} (its datapoints stay in the dataset).
std::string rule_deleted_json(int64_t id, int64_t kept_datapoints);

/// A backfill: {"rule_id", "matched", "sampled", "captured"}.
std::string backfill_json(const BackfillResult& result);

}  // namespace tracesift::capture
