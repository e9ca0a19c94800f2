// The native twin of the import benchmark: streams a JSONL file into a database in 4 MiB chunks
// through the same engine code the wasm module runs, and prints one JSON line of figures.
// Usage: bench_import_native FILE [DB_PATH=:memory:]
// TRACESIFT_RULES=N adds N capture rules before the import (varied filters, rates 0.01-0.5);
// TRACESIFT_FACTS=1 loads the fact table first, as the app does by showing spans before an import.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/error.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [DB_PATH]\n", argv[0]);
    return 2;
  }
  const std::string db_path = argc > 2 ? argv[2] : ":memory:";
  try {
    tracesift::EngineOptions options;
    if (const char* page = std::getenv("TRACESIFT_PAGE_SIZE")) options.page_size = std::atoi(page);
    tracesift::Engine engine(db_path, options);
    const int rules = std::getenv("TRACESIFT_RULES") ? std::atoi(std::getenv("TRACESIFT_RULES")) : 0;
    const char* filters[] = {R"({"model":"gpt-4o"})",
                             R"({"environment":"staging"})",
                             R"({"task":"rag-answer","status":"failed"})",
                             R"("provider:anthropic cost>0.0005")",
                             R"({"name_contains":"summar"})",
                             R"({"kind":"tool","min_tokens":100})"};
    for (int i = 0; i < rules; ++i) {
      const double rate =
          std::getenv("TRACESIFT_RATE") ? std::atof(std::getenv("TRACESIFT_RATE")) : 0.01 + 0.49 * (i % 5) / 4.0;
      engine.add_rule(
          {.dataset = "bench", .name = "r" + std::to_string(i), .filter_json = filters[i % 6], .sample_rate = rate});
    }
    if (std::getenv("TRACESIFT_FACTS")) engine.count({});
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot open %s\n", argv[1]);
      return 2;
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto session = engine.begin_import({.file_name = argv[1]});
    std::vector<char> buf(4 << 20);
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      session->feed(std::string_view(buf.data(), static_cast<size_t>(in.gcount())));
    }
    const auto report = session->finish();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto& c = report.counts;
    std::printf(
        "{\"runtime\":\"native\",\"bytes\":%llu,\"read\":%llu,\"imported\":%llu,\"errors\":%llu,\"seconds\":%.3f,"
        "\"spans_per_s\":%.0f,\"mb_per_s\":%.1f,\"rules\":%d,\"captured\":%llu}\n",
        static_cast<unsigned long long>(c.bytes), static_cast<unsigned long long>(c.read),
        static_cast<unsigned long long>(c.imported), static_cast<unsigned long long>(c.errors), secs,
        static_cast<double>(c.read) / secs, static_cast<double>(c.bytes) / 1e6 / secs, rules,
        static_cast<unsigned long long>(c.captured));
  } catch (const tracesift::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
