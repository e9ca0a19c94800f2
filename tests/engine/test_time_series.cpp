// Time series for charts: checked against a brute-force count over the matching spans' records
// (read through the listing) on random spans, filters and bucket sizes; automatic bucket sizes;
// the split by model with its "other"; request validation.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/timestamp.hpp"
#include "random_spans.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_time_series {

using namespace tracesift;
using nlohmann::json;

namespace {

std::vector<json> matching(Engine& engine, const Filter& filter) {
  std::vector<json> out;
  const std::string text = engine.spans_jsonl(filter, 10000, 0);
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(json::parse(text.substr(start, nl - start)));
  return out;
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0 && a < 0) ? 1 : 0);
}

/// The point a brute-force sum over records gives.
struct Sum {
  uint64_t spans = 0, failed = 0;
  int64_t in = 0, out = 0;
  double cost = 0;
  void add(const json& s) {
    ++spans;
    if (s["status"] == "failed") ++failed;
    if (s["input_tokens"].is_number()) in += s["input_tokens"].get<int64_t>();
    if (s["output_tokens"].is_number()) out += s["output_tokens"].get<int64_t>();
    if (s["cost_usd"].is_number()) cost += s["cost_usd"].get<double>();
  }
};

void check_point(const SeriesPoint& p, const Sum& s) {
  CHECK(p.spans == s.spans);
  CHECK(p.failed == s.failed);
  CHECK(p.input_tokens == s.in);
  CHECK(p.output_tokens == s.out);
  CHECK(p.cost_usd == Approx(s.cost).margin(1e-9));
}

}  // namespace

TEST_CASE("property: time series equal a brute-force sum over the matching spans", "[stats]") {
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(61, 4000));
  const char* filters[] = {R"({})",
                           R"("model:gpt-4o")",
                           R"("-status:running provider:openai cost>0.01")",
                           R"({"environment":"staging","min_tokens":200})",
                           R"("-model:gpt-4o-mini name:Summarize")",
                           R"({"model":"no-such-model"})"};
  const int64_t buckets[] = {0, 60'000'000'000, 300'000'000'000, 7'000'000'000, 86'400'000'000'000};
  for (const char* f : filters) {
    const Filter filter = engine.parse_filter(f);
    const std::vector<json> spans = matching(engine, filter);
    for (const int64_t bucket : buckets) {
      for (const int64_t top : {int64_t{0}, int64_t{2}, int64_t{10}}) {
        INFO(f << " bucket " << bucket << " top " << top);
        const Stats st = engine.stats(filter, StatsRequest{bucket, true, top});
        if (spans.empty()) {
          CHECK(st.all.buckets.empty());
          CHECK(st.all.total.spans == 0);
          CHECK(st.models.empty());
          continue;
        }
        REQUIRE(st.bucket_ns > 0);
        if (bucket) CHECK(st.bucket_ns == bucket);
        // Brute force: each span into bucket floor(start / size) - first, overall and by model.
        int64_t min_ns = INT64_MAX, max_ns = INT64_MIN;
        for (const auto& s : spans) {
          const int64_t t = *parse_rfc3339(s["started_at"].get<std::string>());
          min_ns = std::min(min_ns, t);
          max_ns = std::max(max_ns, t);
        }
        const int64_t first = floor_div(min_ns, st.bucket_ns);
        const auto count = static_cast<size_t>(floor_div(max_ns, st.bucket_ns) - first + 1);
        CHECK(st.start_ns == first * st.bucket_ns);
        REQUIRE(st.all.buckets.size() == count);
        if (bucket == 0 && max_ns - min_ns > 400'000'000'000) CHECK((count >= 50 && count <= 200));
        std::vector<Sum> all(count);
        Sum total;
        std::map<std::string, std::pair<Sum, std::vector<Sum>>> by_model;  // "" = no model
        for (const auto& s : spans) {
          const int64_t t = *parse_rfc3339(s["started_at"].get<std::string>());
          const auto b = static_cast<size_t>(floor_div(t, st.bucket_ns) - first);
          all[b].add(s);
          total.add(s);
          auto& m = by_model[s["model"].is_string() ? "=" + s["model"].get<std::string>() : ""];
          if (m.second.empty()) m.second.resize(count);
          m.first.add(s);
          m.second[b].add(s);
        }
        check_point(st.all.total, total);
        for (size_t b = 0; b < count; ++b) check_point(st.all.buckets[b], all[b]);
        // The named models are the top ones by span count; the rest sum into "other".
        std::vector<std::pair<uint64_t, std::string>> ranked;
        for (const auto& [k, v] : by_model) ranked.push_back({v.first.spans, k});
        std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
          return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        const size_t named = std::min<size_t>(ranked.size(), static_cast<size_t>(top));
        REQUIRE(st.models.size() == named);
        Sum other;
        std::vector<Sum> other_buckets(count);
        for (size_t k = 0; k < ranked.size(); ++k) {
          const auto& [sum, per_bucket] = by_model[ranked[k].second];
          if (k < named) {
            const std::string key = st.models[k].model ? "=" + *st.models[k].model : "";
            CHECK(key == ranked[k].second);
            check_point(st.models[k].series.total, sum);
            for (size_t b = 0; b < count; ++b) check_point(st.models[k].series.buckets[b], per_bucket[b]);
          } else {
            for (size_t b = 0; b < count; ++b) {
              other_buckets[b].spans += per_bucket[b].spans;
              other_buckets[b].failed += per_bucket[b].failed;
              other_buckets[b].in += per_bucket[b].in;
              other_buckets[b].out += per_bucket[b].out;
              other_buckets[b].cost += per_bucket[b].cost;
            }
          }
        }
        CHECK(st.other.has_value() == (named < ranked.size()));
        CHECK(st.other_models == ranked.size() - named);
        if (st.other)
          for (size_t b = 0; b < count; ++b) check_point(st.other->buckets[b], other_buckets[b]);
      }
    }
  }
}

TEST_CASE("stats requests and bucket sizes are validated", "[stats]") {
  CHECK(parse_bucket("5m", "bucket") == 300'000'000'000);
  CHECK(parse_bucket("1w", "bucket") == 604'800'000'000'000);
  CHECK(parse_stats_request(R"({"bucket":"auto","by_model":true,"top_models":3})").top_models == 3);
  auto field_of = [](const std::string& text) {
    try {
      parse_stats_request(text);
    } catch (const Error& e) {
      CHECK(e.code() == Errc::invalid_argument);
      return e.field();
    }
    return std::string("<no error>");
  };
  CHECK(field_of(R"({"bucket":"5"})") == "bucket");
  CHECK(field_of(R"({"bucket":"0h"})") == "bucket");
  CHECK(field_of(R"({"bucket":"1y"})") == "bucket");
  CHECK(field_of(R"({"bucket":60})") == "bucket");
  CHECK(field_of(R"({"top_models":101})") == "top_models");
  CHECK(field_of(R"({"by_model":"yes"})") == "by_model");
  CHECK(field_of(R"({"size":"1h"})") == "size");

  // A bucket that would need more than 10,000 buckets is refused, naming the field.
  Engine engine(":memory:");
  test::import_jsonl(engine, test::random_spans_jsonl(62, 200));
  try {
    engine.stats(engine.parse_filter("{}"), StatsRequest{100'000'000, false, 5});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.field() == "bucket");
  }
  const auto json_text = stats_json(engine.stats(engine.parse_filter("{}"), StatsRequest{}), false);
  const json j = json::parse(json_text);
  CHECK(j["bucket"] == "30s");  // about an hour of spans: up to 120 buckets of 30 seconds
  CHECK((j["buckets"].size() >= 100 && j["buckets"].size() <= 120));
  CHECK(!j.contains("models"));
  CHECK(j["total"]["spans"] == 200);
}

}  // namespace test_time_series
