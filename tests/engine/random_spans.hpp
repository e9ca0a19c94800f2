// Seeded random spans for property tests: native JSONL with every filterable column varied,
// NULLs included, so the fact table can be checked against the SQL reference on many filters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/engine.hpp"
#include "engine/sample/sample_hash.hpp"
#include "engine/timestamp.hpp"

namespace tracesift::test {

/// A small deterministic PRNG (SplitMix64): identical sequences natively and in wasm.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  /// The next 64 random bits.
  uint64_t next() { return mix64(state_ += 0x9e3779b97f4a7c15ull); }
  /// A number in [0, n).
  uint64_t below(uint64_t n) { return next() % n; }
  /// True with probability p.
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  /// One of the given values.
  template <size_t N>
  std::string_view pick(const std::string_view (&values)[N]) {
    return values[below(N)];
  }

 private:
  uint64_t state_;
};

/// Value pools of the random spans (filters draw from the same pools, plus values never used).
inline constexpr std::string_view kModels[] = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-flash"};
inline constexpr std::string_view kProviders[] = {"openai", "anthropic", "google"};
inline constexpr std::string_view kEnvironments[] = {"production", "staging"};
inline constexpr std::string_view kTasks[] = {"rag-answer", "summarize", "triage"};
inline constexpr std::string_view kKinds[] = {"llm_call", "tool", "chain", "embedding"};
inline constexpr std::string_view kStatuses[] = {"completed", "completed", "failed", "running"};
inline constexpr std::string_view kNames[] = {"chat gpt-4o", "summarize ticket", "tool search", "Summarize",
                                              "retrieve docs"};
/// Start of the random spans' time window (1 hour wide).
inline const int64_t kSpanEpoch = *parse_rfc3339("2025-05-01T00:00:00Z");

/// `count` random spans as native JSONL, ids "s<seed>-<i>".
inline std::string random_spans_jsonl(uint64_t seed, int count) {
  Rng rng(seed);
  std::string out;
  auto opt = [&](std::string_view key, std::string_view value, double null_chance) {
    out += ",\"" + std::string(key) + "\":";
    out += rng.chance(null_chance) ? "null" : "\"" + std::string(value) + "\"";
  };
  // Every draw is its own statement: the operands of `+` are evaluated in an unspecified order
  // (GCC and Clang differ), so draws inside one expression would give other spans in wasm.
  for (int i = 0; i < count; ++i) {
    const std::string_view status = rng.pick(kStatuses);
    const int64_t started_s = static_cast<int64_t>(rng.below(3600));
    const int64_t started_ms = static_cast<int64_t>(rng.below(1000));
    const int64_t started = kSpanEpoch + started_s * 1'000'000'000 + started_ms * 1'000'000;
    const uint64_t trace = rng.below(count / 4 + 1);
    const std::string_view name = rng.pick(kNames);
    const std::string_view kind = rng.pick(kKinds);
    out += "{\"span_id\":\"s" + std::to_string(seed) + "-" + std::to_string(i) + "\",\"trace_id\":\"t" +
           std::to_string(trace) + "\",\"name\":\"" + std::string(name) + "\",\"kind\":\"" + std::string(kind) +
           "\",\"status\":\"" + std::string(status) + "\"";
    opt("model", rng.pick(kModels), 0.2);
    opt("provider", rng.pick(kProviders), 0.2);
    opt("environment", rng.pick(kEnvironments), 0.1);
    opt("task", rng.pick(kTasks), 0.1);
    opt("session_id", "sess" + std::to_string(rng.below(20)), 0.3);
    opt("user_id", "u" + std::to_string(rng.below(10)), 0.3);
    if (!rng.chance(0.2)) out += ",\"input_tokens\":" + std::to_string(rng.below(500));
    if (!rng.chance(0.2)) out += ",\"output_tokens\":" + std::to_string(rng.below(500));
    if (!rng.chance(0.25)) out += ",\"cost_usd\":" + std::to_string(static_cast<double>(rng.below(1000)) / 10000.0);
    out += ",\"started_at\":\"" + format_rfc3339(started) + "\"";
    if (status != "running")
      out += ",\"ended_at\":\"" + format_rfc3339(started + static_cast<int64_t>(rng.below(5000)) * 1'000'000) + "\"";
    out += ",\"input\":[{\"role\":\"user\",\"content\":\"q" + std::to_string(i) + "\"}]}\n";
  }
  return out;
}

/// Imports JSONL text into `engine` in batches of `batch_size`; returns the report.
inline import::ImportReport import_jsonl(Engine& engine, std::string_view text, uint64_t batch_size = 500) {
  auto session = engine.begin_import({.file_name = "random.jsonl", .batch_size = batch_size});
  session->feed(text);
  return session->finish();
}

}  // namespace tracesift::test
