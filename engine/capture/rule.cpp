#include "rule.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "../error.hpp"
#include "../json_depth.hpp"
#include "../json_text.hpp"
#include "../sample/sample_hash.hpp"
#include "../store/dataset_store.hpp"
#include "../timestamp.hpp"

namespace tracesift::capture {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& field, const std::string& why) {
  throw Error(Errc::invalid_argument, "rule " + field + ": " + why, field);
}

std::string shown(const json& v) {
  std::string s = v.dump();
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

}  // namespace

namespace {

// The fields of a rule object; `for_update` allows a partial object without `dataset`.
struct RuleFields {
  std::optional<std::string> dataset;
  RulePatch patch;
};

RuleFields parse_rule_fields(std::string_view json_text, bool for_update) {
  check_json_depth(json_text, Errc::invalid_argument, "rule");
  const json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw Error(Errc::invalid_argument, "a rule must be a JSON object");
  RuleFields f;
  RulePatch& in = f.patch;
  for (const auto& [key, v] : j.items()) {
    if (key == "dataset" && !for_update) {
      if (!v.is_string()) bad(key, "expected the dataset's name as a string, got " + shown(v));
      f.dataset = store::checked_dataset_name(v.get<std::string>(), "dataset");
    } else if (key == "name") {
      if (!v.is_string()) bad(key, "expected a string, got " + shown(v));
      const std::string name = v.get<std::string>();
      if (name.find_first_not_of(" \t\r\n") == std::string::npos) bad(key, "must not be empty");
      if (name.size() > 200) bad(key, "must be at most 200 bytes");
      in.name = name;
    } else if (key == "filter") {
      if (!v.is_object() && !v.is_string()) bad(key, "expected a filter object or a query string, got " + shown(v));
      in.filter_json = v.dump();
    } else if (key == "sample_rate") {
      if (!v.is_number()) bad(key, "expected a number between 0.0 and 1.0, got " + shown(v));
      const double r = v.get<double>();
      if (!std::isfinite(r) || r < 0.0 || r > 1.0) bad(key, "must be between 0.0 and 1.0, got " + shown(v));
      in.sample_rate = r;
    } else if (key == "seed") {
      const bool integral = v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0);
      if (!integral || v.get<uint64_t>() > kMaxSeed) bad(key, "expected an integer from 0 to 2^53-1, got " + shown(v));
      in.seed = v.get<uint64_t>();
    } else if (key == "dataset") {
      bad(key, "a rule cannot move to another dataset; delete it and add it there");
    } else if (key == "filters") {
      bad(key, "is now 'filter' (the filter object or query text, as datasets take it)");
    } else {
      bad(key, "unknown key (dataset, name, filter, sample_rate, seed)");
    }
  }
  return f;
}

}  // namespace

RuleInput parse_rule_input(std::string_view json_text) {
  RuleFields f = parse_rule_fields(json_text, false);
  if (!f.dataset) bad("dataset", "is required");
  if (!f.patch.name) bad("name", "is required");
  if (!f.patch.filter_json) bad("filter", "is required (use {} to capture every finished span)");
  if (!f.patch.sample_rate) bad("sample_rate", "is required (0.0 to 1.0)");
  return RuleInput{std::move(*f.dataset), std::move(*f.patch.name), std::move(*f.patch.filter_json),
                   *f.patch.sample_rate, f.patch.seed};
}

RulePatch parse_rule_patch(std::string_view json_text) {
  return parse_rule_fields(json_text, true).patch;
}

std::string rule_json(const Rule& r) {
  return JsonObject()
      .field("id", r.id)
      .field("dataset", r.dataset)
      .field("name", r.name)
      .raw("filter", r.filter_json)
      .field("sample_rate", r.sample_rate)
      .field("seed", r.seed)
      .field("created_at", format_rfc3339(r.created_ns))
      .field("captured", r.captured)
      .text();
}

}  // namespace tracesift::capture
