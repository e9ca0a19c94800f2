// The native twin of the import benchmark: streams a JSONL file into a database in 4 MiB chunks
// through the same engine code the wasm module runs, and prints one JSON line of figures.
// Usage: bench_import_native FILE [DB_PATH=:memory:]
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
        "\"spans_per_s\":%.0f,\"mb_per_s\":%.1f}\n",
        static_cast<unsigned long long>(c.bytes), static_cast<unsigned long long>(c.read),
        static_cast<unsigned long long>(c.imported), static_cast<unsigned long long>(c.errors), secs,
        static_cast<double>(c.read) / secs, static_cast<double>(c.bytes) / 1e6 / secs);
  } catch (const tracesift::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
