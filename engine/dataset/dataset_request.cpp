#include "dataset_request.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "../error.hpp"
#include "../json_depth.hpp"
#include "../json_text.hpp"
#include "../sample/sample_hash.hpp"
#include "../store/dataset_store.hpp"

namespace tracesift::dataset {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& field, const std::string& why) {
  throw Error(Errc::invalid_argument, "dataset " + field + ": " + why, field);
}

std::string shown(const json& v) {
  std::string s = v.dump();
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

uint64_t non_negative(const std::string& field, const json& v, uint64_t max) {
  const bool integral = v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0);
  if (!integral || v.get<uint64_t>() > max)
    bad(field, "expected an integer from 0 to " + std::to_string(max) + ", got " + shown(v));
  return v.get<uint64_t>();
}

LeakageChecks parse_checks(const json& j) {
  if (!j.is_object()) bad("leakage", "expected an object of checks, got " + shown(j));
  LeakageChecks c;
  for (const auto& [key, v] : j.items()) {
    const std::string field = "leakage." + key;
    if (key == "jaccard") {
      if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() <= 0 || v.get<double>() > 1)
        bad(field, "expected a number above 0 and at most 1, got " + shown(v));
      c.jaccard = v.get<double>();
      continue;
    }
    bool* flag = key == "same_span"        ? &c.same_span
                 : key == "same_input"     ? &c.same_input
                 : key == "same_group"     ? &c.same_group
                 : key == "near_duplicate" ? &c.near_duplicate
                                           : nullptr;
    if (!flag) bad(field, "unknown check (same_span, same_input, same_group, near_duplicate, jaccard)");
    if (!v.is_boolean()) bad(field, "expected true or false, got " + shown(v));
    *flag = v.get<bool>();
  }
  return c;
}

}  // namespace

DatasetRequest parse_dataset_request(std::string_view json_text) {
  check_json_depth(json_text, Errc::invalid_argument, "dataset request");
  const json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw Error(Errc::invalid_argument, "a dataset request must be a JSON object");
  DatasetRequest r;
  bool has_leakage = false;
  for (const auto& [key, v] : j.items()) {
    if (key == "name") {
      if (!v.is_string()) bad(key, "expected a string, got " + shown(v));
      r.name = store::checked_dataset_name(v.get<std::string>(), "name");
    } else if (key == "type") {
      if (!v.is_string() || (v != "eval" && v != "training"))
        bad(key, "expected \"eval\" or \"training\", got " + shown(v));
      r.type = v.get<std::string>();
    } else if (key == "filter") {
      if (!v.is_object() && !v.is_string() && !v.is_null())
        bad(key, "expected a filter object or a query string, got " + shown(v));
      r.filter_json = v.is_null() ? "{}" : v.dump();
    } else if (key == "exclude") {
      if (!v.is_string() && !v.is_null()) bad(key, "expected the eval dataset's name, got " + shown(v));
      if (v.is_string()) r.exclude = store::checked_dataset_name(v.get<std::string>(), "exclude");
    } else if (key == "limit") {
      if (!v.is_null()) r.limit = static_cast<int64_t>(non_negative(key, v, kTrainingCap));
    } else if (key == "seed") {
      r.seed = non_negative(key, v, kMaxSeed);
    } else if (key == "leakage") {
      r.checks = parse_checks(v);
      has_leakage = true;
    } else {
      bad(key, "unknown key (name, type, filter, exclude, limit, seed, leakage)");
    }
  }
  if (r.name.empty()) bad("name", "is required");
  if (r.type.empty()) bad("type", "is required (eval or training)");
  if (r.type == "training" && !r.exclude)
    bad("exclude", "a training dataset must name the eval dataset whose rows it excludes");
  if (r.type == "eval" && r.exclude) bad("exclude", "only a training dataset excludes an eval dataset");
  if (r.type == "eval" && has_leakage) bad("leakage", "leakage checks apply to training datasets");
  if (r.limit && *r.limit > r.cap())
    bad("limit", "a " + r.type + " dataset holds at most " + std::to_string(r.cap()) + " rows");
  return r;
}

std::string report_json(const DatasetReport& r) {
  const Exclusions& x = r.excluded;
  return JsonObject()
      .field("name", r.name)
      .field("type", r.type)
      .field("rows", r.rows)
      .field("candidates", r.candidates)
      .raw("excluded", JsonObject()
                           .field("same_span", x.same_span)
                           .field("same_input", x.same_input)
                           .field("same_group", x.same_group)
                           .field("near_duplicate", x.near_duplicate)
                           .field("total", x.total())
                           .text())
      .field("overlap_ratio", r.overlap_ratio)
      .raw("warnings", json_array(r.warnings, json_string))
      .raw("recipe", r.recipe_json)
      .text();
}

CreateDatasetRequest parse_create_dataset_request(std::string_view json_text) {
  check_json_depth(json_text, Errc::invalid_argument, "dataset");
  const json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw Error(Errc::invalid_argument, "a dataset must be a JSON object");
  CreateDatasetRequest request;
  for (const auto& [key, v] : j.items()) {
    if (key != "name" && key != "type") {
      throw Error(Errc::invalid_argument, "unknown dataset key '" + key + "' (name, type)", key);
    }
    if (!v.is_string()) throw Error(Errc::invalid_argument, key + " must be a string", key);
    (key == "name" ? request.name : request.type) = v.get<std::string>();
  }
  return request;
}

std::vector<std::string> parse_span_ids(std::string_view json_text) {
  check_json_depth(json_text, Errc::invalid_argument, "span_ids", "span_ids");
  const json ids = json::parse(json_text, nullptr, false);
  if (ids.is_discarded() || !ids.is_array()) {
    throw Error(Errc::invalid_argument, "span_ids must be a JSON array of span ids", "span_ids");
  }
  std::vector<std::string> list;
  list.reserve(ids.size());
  for (const auto& id : ids) {
    if (!id.is_string()) throw Error(Errc::invalid_argument, "span_ids must hold strings", "span_ids");
    list.push_back(id.get<std::string>());
  }
  return list;
}

}  // namespace tracesift::dataset
