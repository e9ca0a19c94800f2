// Parse-only throughput of the two JSON parsers on a JSONL file, one DOM per line, to decide the
// import hot path's parser with numbers. Built natively and to wasm (run under node).
// Usage: bench_json_parse FILE
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>
#include <nlohmann/json.hpp>

namespace {

template <typename Fn>
double seconds_for(Fn&& fn) {
  const auto t0 = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const simdjson::padded_string padded(text);
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) lines.emplace_back(padded.data() + pos, end - pos);
    pos = end + 1;
  }
  size_t sink = 0;
  const double nlohmann_s = seconds_for([&] {
    for (const auto line : lines) sink += nlohmann::json::parse(line).size();
  });
  simdjson::dom::parser parser;
  const double simdjson_s = seconds_for([&] {
    for (const auto line : lines) {
      simdjson::dom::element doc;
      if (parser.parse(line.data(), line.size(), false).get(doc) == simdjson::SUCCESS) sink += 1;
    }
  });
  const double mb = static_cast<double>(text.size()) / 1e6;
  std::printf(
      "{\"lines\":%zu,\"mb\":%.1f,\"nlohmann_mb_s\":%.1f,\"simdjson_mb_s\":%.1f,\"kernel\":\"%s\",\"sink\":%zu}\n",
      lines.size(), mb, mb / nlohmann_s, mb / simdjson_s, simdjson::get_active_implementation()->name().c_str(), sink);
  return 0;
}
