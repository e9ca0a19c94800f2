#include "review_request.hpp"

#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "../error.hpp"
#include "../json_depth.hpp"
#include "review_types.hpp"

namespace tracesift::review {
namespace {

using nlohmann::json;

json object_of(std::string_view text, std::string_view what) {
  check_json_depth(text, Errc::invalid_argument, what);
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw Error(Errc::invalid_argument, std::string(what) + " must be a JSON object");
  return j;
}

std::string string_field(const json& j, const char* key) {
  if (!j[key].is_string()) throw Error(Errc::invalid_argument, std::string(key) + " must be a string", key);
  return j[key].get<std::string>();
}

int64_t integer_field(const json& j, const char* key, int64_t min) {
  const json& v = j[key];
  // Design note: get<int64_t>() wraps 1e19 to a negative number (and a double beyond int64 is
  // undefined behaviour), so each number type is bounded before it is converted.
  const bool whole_float =
      v.is_number_float() && std::isfinite(v.get<double>()) && std::floor(v.get<double>()) == v.get<double>();
  if (!v.is_number_integer() && !whole_float)
    throw Error(Errc::invalid_argument, std::string(key) + " must be an integer", key);
  if ((v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) ||
      (whole_float && std::fabs(v.get<double>()) >= 9.2e18))
    throw Error(Errc::invalid_argument, std::string(key) + " must be at most " + std::to_string(INT64_MAX), key);
  const int64_t n = whole_float ? static_cast<int64_t>(v.get<double>()) : v.get<int64_t>();
  if (n < min) throw Error(Errc::invalid_argument, std::string(key) + " must be >= " + std::to_string(min), key);
  return n;
}

}  // namespace

QueueRequest parse_queue_request(std::string_view json_text) {
  const json j = object_of(json_text, "a review queue");
  for (const auto& [key, v] : j.items())
    if (key != "name" && key != "golden" && key != "lease_seconds")
      throw Error(Errc::invalid_argument, "unknown key '" + key + "' in a review queue", key);
  for (const char* key : {"name", "golden"})
    if (!j.contains(key)) throw Error(Errc::invalid_argument, std::string("a review queue needs ") + key, key);
  QueueRequest r;
  r.name = string_field(j, "name");
  r.golden = string_field(j, "golden");
  r.lease_seconds = j.contains("lease_seconds") ? integer_field(j, "lease_seconds", 1) : kDefaultLeaseSeconds;
  if (r.lease_seconds > 366LL * 24 * 3600)
    throw Error(Errc::invalid_argument, "lease_seconds must be at most a year", "lease_seconds");
  return r;
}

EnqueueRequest parse_enqueue_request(std::string_view json_text) {
  const json j = object_of(json_text, "an enqueue request");
  for (const auto& [key, v] : j.items())
    if (key != "queue" && key != "dataset" && key != "rule_id" && key != "limit")
      throw Error(Errc::invalid_argument, "unknown key '" + key + "' in an enqueue request", key);
  if (!j.contains("queue")) throw Error(Errc::invalid_argument, "an enqueue request needs queue", "queue");
  EnqueueRequest r;
  r.queue = string_field(j, "queue");
  if (j.contains("dataset") == j.contains("rule_id"))
    throw Error(Errc::invalid_argument, "give exactly one of dataset and rule_id to enqueue from", "dataset");
  if (j.contains("dataset")) r.dataset = string_field(j, "dataset");
  if (j.contains("rule_id")) r.rule_id = integer_field(j, "rule_id", 1);
  if (j.contains("limit")) r.limit = integer_field(j, "limit", 0);
  return r;
}

}  // namespace tracesift::review
