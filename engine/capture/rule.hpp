// A capture rule (docs/CONTRACT.md): a filter and a sample rate that route matching finished spans into a
// dataset; its validated input, and its JSON form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracesift::capture {

/// A stored capture rule.
struct Rule {
  int64_t id = 0;            ///< rule id (never reused)
  int64_t dataset_id = 0;    ///< target dataset's row
  std::string dataset;       ///< target dataset's name
  std::string name;          ///< unique within the dataset
  std::string filter_json;   ///< the filter as given (an object, or a JSON string of query text)
  double sample_rate = 1.0;  ///< 0.0 .. 1.0
  uint64_t seed = 0;         ///< sampling seed (0 .. 2^53-1)
  int64_t created_ns = 0;    ///< creation time (UTC ns)
  int64_t captured = 0;      ///< datapoints this rule has added (when listed)
};

/// A new rule, as add_rule and preview_rule take it.
struct RuleInput {
  std::string dataset;           ///< target dataset name (a collection; created when missing)
  std::string name;              ///< rule name, unique within the dataset
  std::string filter_json;       ///< the filter: an object or a JSON string of query text
  double sample_rate = 1.0;      ///< 0.0 .. 1.0
  std::optional<uint64_t> seed;  ///< 0 .. 2^53-1; derived from dataset and name when absent
};

/// A change to a rule, as update_rule and preview_rule_update take it: each field set is replaced.
struct RulePatch {
  std::optional<std::string> name;         ///< rule name
  std::optional<std::string> filter_json;  ///< the filter: an object or a JSON string of query text
  std::optional<double> sample_rate;       ///< 0.0 .. 1.0
  std::optional<uint64_t> seed;            ///< 0 .. 2^53-1
};

/// Parses and validates a rule object {"dataset","name","filter","sample_rate","seed"?}. Throws
/// Error{invalid_argument} naming the field for unknown or missing keys, wrong types, a name that
/// is empty, a rate outside 0.0–1.0 or a seed that is not a non-negative integer; the filter itself
/// is checked by the engine.
RuleInput parse_rule_input(std::string_view json_text);

/// Parses a rule patch (any of name, filter, sample_rate, seed), validated as parse_rule_input.
RulePatch parse_rule_patch(std::string_view json_text);

/// The rule as JSON: {"id","dataset","name","filter","sample_rate","seed","created_at","captured"}.
std::string rule_json(const Rule& rule);

}  // namespace tracesift::capture
