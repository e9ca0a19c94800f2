// Saving datasets and exporting them, timed through the Engine as the worker calls it: on a
// database of spans (a copy: the program adds datasets to it), the fact table is loaded first
// (untimed), then a 10,000-row eval dataset is saved, a training dataset excluding it with the
// cheap checks (same span, input, group), and one with every check (near-duplicates included);
// then the training set is exported in each format to /dev/null-like sinks (bytes counted).
// Built natively and to wasm (run under node), the same program measures both. Prints one JSON
// line per measurement.
// Usage: bench_datasets_native DB [FORMATS=jsonl,openai-chat,csv,hf] [SEED=1] [--no-near-dup]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/engine.hpp"
#include "engine/error.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void report(const char* what, double seconds, const tracesift::dataset::DatasetReport& r) {
  std::printf(
      "{\"step\":\"%s\",\"seconds\":%.3f,\"candidates\":%llu,\"rows\":%llu,\"excluded\":{\"same_span\":%llu,"
      "\"same_input\":%llu,\"same_group\":%llu,\"near_duplicate\":%llu}}\n",
      what, seconds, static_cast<unsigned long long>(r.candidates), static_cast<unsigned long long>(r.rows),
      static_cast<unsigned long long>(r.excluded.same_span), static_cast<unsigned long long>(r.excluded.same_input),
      static_cast<unsigned long long>(r.excluded.same_group),
      static_cast<unsigned long long>(r.excluded.near_duplicate));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_datasets_native DB [FORMATS] [SEED]\n");
    return 2;
  }
  const std::string formats = argc > 2 ? argv[2] : "jsonl,openai-chat,csv,hf";
  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  try {
    tracesift::Engine engine(argv[1]);
    auto t0 = std::chrono::steady_clock::now();
    const int64_t spans = engine.count(tracesift::Filter{});
    std::printf("{\"step\":\"load facts\",\"seconds\":%.3f,\"spans\":%lld}\n", seconds_since(t0),
                static_cast<long long>(spans));

    t0 = std::chrono::steady_clock::now();
    const auto ev = engine.save_dataset({.name = "bench-ev", .type = "eval", .limit = 10000, .seed = seed});
    report("eval 10k", seconds_since(t0), ev);
    t0 = std::chrono::steady_clock::now();
    const auto tr = engine.save_dataset({.name = "bench-tr",
                                         .type = "training",
                                         .exclude = "bench-ev",
                                         .seed = seed,
                                         .checks = {.near_duplicate = false}});
    report("training, cheap checks", seconds_since(t0), tr);
    const bool near_dup = !(argc > 4 && std::string_view(argv[4]) == "--no-near-dup");
    if (near_dup) {
      t0 = std::chrono::steady_clock::now();
      const auto nd =
          engine.save_dataset({.name = "bench-tr-nd", .type = "training", .exclude = "bench-ev", .seed = seed});
      report("training, every check", seconds_since(t0), nd);
      engine.delete_dataset("bench-tr-nd");
    }

    for (size_t start = 0; start < formats.size();) {
      size_t end = formats.find(',', start);
      if (end == std::string::npos) end = formats.size();
      const std::string format = formats.substr(start, end - start);
      start = end + 1;
      t0 = std::chrono::steady_clock::now();
      auto exp = engine.begin_export("bench-tr", format);
      tracesift::exporter::ExportPiece piece;
      uint64_t bytes = 0;
      while (exp->next(piece)) bytes += piece.bytes.size();
      const double s = seconds_since(t0);
      std::printf("{\"step\":\"export %s\",\"seconds\":%.3f,\"rows\":%lld,\"bytes\":%llu,\"mb_per_s\":%.1f}\n",
                  format.c_str(), s, static_cast<long long>(exp->rows()), static_cast<unsigned long long>(bytes),
                  static_cast<double>(bytes) / 1e6 / s);
      std::fflush(stdout);
    }
    for (const char* name : {"bench-tr", "bench-ev"}) engine.delete_dataset(name);
  } catch (const tracesift::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
