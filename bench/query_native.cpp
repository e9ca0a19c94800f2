// The native twin of the query benchmark: opens a database file, loads the fact table, then times
// count, the first page (50 rows), facets and chart series (stats: automatic buckets, and by
// model) for a few filters. One JSON line per measurement.
// Usage: bench_query_native DB_PATH [REPS=11]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/error.hpp"

namespace {

double millis_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

template <class Fn>
void measure(const char* op, const std::string& filter_text, int reps, Fn&& fn) {
  std::vector<double> ms;
  for (int i = 0; i < reps; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    ms.push_back(millis_since(t0));
  }
  std::sort(ms.begin(), ms.end());
  const auto pct = [&](double p) { return ms[static_cast<size_t>(p * static_cast<double>(ms.size() - 1) + 0.5)]; };
  std::printf("{\"op\":\"%s\",\"filter\":%s,\"p50_ms\":%.2f,\"p95_ms\":%.2f}\n", op, filter_text.c_str(), pct(0.5),
              pct(0.95));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB_PATH [REPS]\n", argv[0]);
    return 2;
  }
  const int reps = argc > 2 ? std::atoi(argv[2]) : 11;
  try {
    tracesift::Engine engine(argv[1]);
    auto t0 = std::chrono::steady_clock::now();
    const int64_t total = engine.count({});
    std::printf("{\"op\":\"load\",\"spans\":%lld,\"ms\":%.1f}\n", static_cast<long long>(total), millis_since(t0));
    const std::vector<std::string> filters = {
        "{}",
        R"({"environment":"production"})",
        R"({"model":"gpt-4o","status":"completed"})",
        R"({"task":"rag-answer","provider":"openai","environment":"staging"})",
        R"({"name_contains":"summar"})",
        R"("model:gpt-4o-mini -status:failed cost>0.0001 tokens>=50")",
        R"({"since":"2025-05-20T00:00:00Z","until":"2025-05-21T00:00:00Z","provider":"anthropic"})",
    };
    for (const auto& text : filters) {
      const tracesift::Filter f = engine.parse_filter(text);
      measure("count", text, reps, [&] { engine.count(f); });
      measure("first_page", text, reps, [&] { engine.spans_jsonl(f, 50, 0); });
      tracesift::PageRequest by_cost;
      by_cost.sort = tracesift::SortKey::cost;
      by_cost.limit = 50;
      measure("first_page_by_cost", text, reps, [&] { engine.spans_page(f, by_cost); });
      measure("facets", text, reps, [&] { engine.facets(f); });
      measure("stats", text, reps, [&] { engine.stats(f, tracesift::StatsRequest{}); });
      measure("stats_by_model", text, reps, [&] { engine.stats(f, tracesift::StatsRequest{0, true, 5}); });
    }
  } catch (const tracesift::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
