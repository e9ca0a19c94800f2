#include "time_series.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include <nlohmann/json.hpp>

#include "../error.hpp"
#include "../json_depth.hpp"
#include "../json_text.hpp"
#include "../timestamp.hpp"

namespace tracesift {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kAutoMaxBuckets = 200;
// Bucket sizes chosen automatically (seconds): neighbours differ by at most 3.5x, so the smallest
// size giving at most 200 buckets gives at least ~57 when the range is wide enough.
constexpr std::array<int64_t, 22> kLadder = {1,     2,     5,      10,     15,      30,     60,    120,
                                             300,   600,   900,    1800,   3600,    7200,   10800, 21600,
                                             43200, 86400, 172800, 604800, 1209600, 2592000};

int64_t floor_div(int64_t a, int64_t b) noexcept {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t bucket_count(int64_t min_ns, int64_t max_ns, int64_t size) noexcept {
  return floor_div(max_ns, size) - floor_div(min_ns, size) + 1;
}

int64_t auto_bucket(int64_t min_ns, int64_t max_ns) noexcept {
  for (const int64_t s : kLadder)
    if (bucket_count(min_ns, max_ns, s * kSecond) <= kAutoMaxBuckets) return s * kSecond;
  // Beyond 200 x 30 days: whole multiples of 30 days.
  int64_t size = kLadder.back() * kSecond;
  while (bucket_count(min_ns, max_ns, size) > kAutoMaxBuckets) size *= 2;
  return size;
}

std::string bucket_label(int64_t ns) {
  const int64_t s = ns / kSecond;
  if (s % 604800 == 0) return std::to_string(s / 604800) + "w";
  if (s % 86400 == 0) return std::to_string(s / 86400) + "d";
  if (s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

void append_point(std::string& out, const SeriesPoint& p) {
  out += "\"spans\":" + std::to_string(p.spans) + ",\"input_tokens\":" + std::to_string(p.input_tokens) +
         ",\"output_tokens\":" + std::to_string(p.output_tokens) + ",\"cost_usd\":";
  append_json_number(out, p.cost_usd);
  out += ",\"failed\":" + std::to_string(p.failed);
}

void append_series(std::string& out, const Series& s) {
  out += "\"total\":{";
  append_point(out, s.total);
  out += "},\"buckets\":[";
  for (size_t i = 0; i < s.buckets.size(); ++i) {
    out += i ? ",{" : "{";
    append_point(out, s.buckets[i]);
    out += '}';
  }
  out += ']';
}

}  // namespace

int64_t parse_bucket(std::string_view text, std::string_view field) {
  const auto bad = [&](const std::string& why) {
    throw Error(Errc::invalid_argument,
                std::string(field) + ": " + why + " (a number and a unit s, m, h, d or w, like 5m or 1h)",
                std::string(field));
  };
  if (text.size() < 2) bad("'" + std::string(text) + "' is not a bucket size");
  int64_t n = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if (c < '0' || c > '9' || n > 1'000'000) bad("'" + std::string(text) + "' is not a bucket size");
    n = n * 10 + (c - '0');
  }
  int64_t unit = 0;
  switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 604800; break;
    default: bad("'" + std::string(text) + "' has no unit");
  }
  if (n <= 0) bad("a bucket must be at least 1s");
  if (n * unit > 100LL * 365 * 86400) bad("a bucket must be at most 100 years");
  return n * unit * kSecond;
}

StatsRequest parse_stats_request(std::string_view json_text) {
  check_json_depth(json_text, Errc::invalid_argument, "stats request");
  const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw Error(Errc::invalid_argument, "a stats request must be a JSON object");
  StatsRequest req;
  for (const auto& [key, v] : j.items()) {
    if (key == "bucket") {
      if (!v.is_string()) throw Error(Errc::invalid_argument, "bucket must be a string like \"1h\" or \"auto\"", key);
      const std::string text = v.get<std::string>();
      req.bucket_ns = text == "auto" ? 0 : parse_bucket(text, "bucket");
    } else if (key == "by_model") {
      if (!v.is_boolean()) throw Error(Errc::invalid_argument, "by_model must be true or false", key);
      req.by_model = v.get<bool>();
    } else if (key == "top_models") {
      if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > kMaxTopModels)
        throw Error(Errc::invalid_argument, "top_models must be an integer from 0 to 100, got " + v.dump(), key);
      req.top_models = v.get<int64_t>();
    } else {
      throw Error(Errc::invalid_argument, "unknown stats key '" + key + "' (bucket, by_model, top_models)", key);
    }
  }
  return req;
}

void SeriesPoint::add(const FactRow& r) noexcept {
  ++spans;
  input_tokens += r.input_tokens;
  output_tokens += r.tokens - r.input_tokens;
  if (r.has_cost()) cost_usd += r.cost;
  if (r.status == static_cast<uint8_t>(SpanStatus::failed)) ++failed;
}

void SeriesPoint::add(const SeriesPoint& p) noexcept {
  spans += p.spans;
  input_tokens += p.input_tokens;
  output_tokens += p.output_tokens;
  cost_usd += p.cost_usd;
  failed += p.failed;
}

int64_t bucket_start_ns(int64_t index, int64_t bucket_ns) noexcept {
  // Design note: buckets are aligned to the epoch, so the first and last of a range reaching 1677
  // or 2262 begin or end outside int64 ns; their boundaries are the nearest instants a span can have.
  if (index < std::numeric_limits<int64_t>::min() / bucket_ns) return std::numeric_limits<int64_t>::min();
  if (index > std::numeric_limits<int64_t>::max() / bucket_ns) return std::numeric_limits<int64_t>::max();
  return index * bucket_ns;
}

Stats compute_stats(const FactTable& table, const CompiledFilter& filter, const StatsRequest& request) {
  // Design note: the filter is evaluated once per row (the scan), keeping the matching rows'
  // indexes; the buckets need the matching range first, so the sums are a second pass over the
  // matches only. Sums per model are kept per dictionary id and ranked after, so the split costs
  // no second scan either.
  const std::vector<FactRow>& rows = table.rows();
  std::vector<uint32_t> matched;
  int64_t min_ns = std::numeric_limits<int64_t>::max();
  int64_t max_ns = std::numeric_limits<int64_t>::min();
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!filter.matches(rows[i])) continue;
    matched.push_back(static_cast<uint32_t>(i));
    min_ns = std::min(min_ns, rows[i].started_ns);
    max_ns = std::max(max_ns, rows[i].started_ns);
  }
  Stats out;
  out.bucket_ns = request.bucket_ns;
  if (matched.empty()) return out;
  if (out.bucket_ns == 0) out.bucket_ns = auto_bucket(min_ns, max_ns);
  const int64_t count = bucket_count(min_ns, max_ns, out.bucket_ns);
  if (count > kMaxBuckets)
    throw Error(Errc::invalid_argument,
                "a " + bucket_label(out.bucket_ns) + " bucket over the matching spans' time range needs " +
                    std::to_string(count) + " buckets (at most " + std::to_string(kMaxBuckets) +
                    "); choose a larger bucket or a narrower filter",
                "bucket");
  const int64_t first = floor_div(min_ns, out.bucket_ns);
  out.first_bucket = first;
  out.start_ns = bucket_start_ns(first, out.bucket_ns);
  out.all.buckets.assign(static_cast<size_t>(count), {});
  std::vector<Series> per_model;  // by dictionary id, filled on first use
  if (request.by_model) per_model.resize(table.models().size());
  for (const uint32_t i : matched) {
    const FactRow& r = rows[i];
    const auto b = static_cast<size_t>(floor_div(r.started_ns, out.bucket_ns) - first);
    out.all.buckets[b].add(r);
    if (!request.by_model) continue;
    Series& m = per_model[r.model];
    if (m.buckets.empty()) m.buckets.assign(static_cast<size_t>(count), {});
    m.buckets[b].add(r);
    m.total.add(r);
  }
  for (const SeriesPoint& p : out.all.buckets) out.all.total.add(p);
  if (!request.by_model) return out;

  std::vector<uint32_t> ids;
  for (uint32_t id = 0; id < per_model.size(); ++id)
    if (per_model[id].total.spans > 0) ids.push_back(id);
  const auto name = [&](uint32_t id) -> std::optional<std::string> {
    if (id == Dictionary::kNull) return std::nullopt;
    return table.models().value(id);
  };
  std::sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) {
    if (per_model[a].total.spans != per_model[b].total.spans)
      return per_model[a].total.spans > per_model[b].total.spans;
    return name(a) < name(b);  // no model first among equals, then by name
  });
  const size_t top = std::min(ids.size(), static_cast<size_t>(request.top_models));
  for (size_t k = 0; k < top; ++k) out.models.push_back({name(ids[k]), std::move(per_model[ids[k]])});
  if (top < ids.size()) {
    Series other;
    other.buckets.assign(static_cast<size_t>(count), {});
    for (size_t k = top; k < ids.size(); ++k) {
      const Series& m = per_model[ids[k]];
      for (size_t b = 0; b < m.buckets.size(); ++b) other.buckets[b].add(m.buckets[b]);
      other.total.add(m.total);
    }
    out.other = std::move(other);
    out.other_models = ids.size() - top;
  }
  return out;
}

std::string stats_json(const Stats& s, bool by_model) {
  std::string out = "{\"bucket\":";
  if (s.bucket_ns > 0)
    append_json_string(out, bucket_label(s.bucket_ns));
  else
    out += "null";
  out += ",\"bucket_seconds\":";
  out += s.bucket_ns > 0 ? std::to_string(s.bucket_ns / kSecond) : "null";
  const auto n = static_cast<int64_t>(s.all.buckets.size());
  out += ",\"from\":";
  if (n > 0)
    append_json_string(out, format_rfc3339(s.start_ns));
  else
    out += "null";
  out += ",\"to\":";
  if (n > 0)
    append_json_string(out, format_rfc3339(bucket_start_ns(s.first_bucket + n, s.bucket_ns)));
  else
    out += "null";
  out += ",\"total\":{";
  append_point(out, s.all.total);
  out += "},\"buckets\":[";
  for (int64_t i = 0; i < n; ++i) {
    out += i ? ",{\"start\":" : "{\"start\":";
    append_json_string(out, format_rfc3339(bucket_start_ns(s.first_bucket + i, s.bucket_ns)));
    out += ',';
    append_point(out, s.all.buckets[static_cast<size_t>(i)]);
    out += '}';
  }
  out += ']';
  if (by_model) {
    out += ",\"models\":[";
    for (size_t i = 0; i < s.models.size(); ++i) {
      out += i ? ",{\"model\":" : "{\"model\":";
      append_json_opt_string(out, s.models[i].model);
      out += ',';
      append_series(out, s.models[i].series);
      out += '}';
    }
    out += "],\"other\":";
    if (s.other) {
      out += "{\"models\":" + std::to_string(s.other_models) + ',';
      append_series(out, *s.other);
      out += '}';
    } else {
      out += "null";
    }
  }
  out += '}';
  return out;
}

}  // namespace tracesift
