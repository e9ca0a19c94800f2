// The native span JSONL format (docs/FORMAT.md): one span record of docs/CONTRACT.md per line. This is
// the import hot path, so it parses with simdjson's DOM parser, reused across lines.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "../span.hpp"
#include "format_reader.hpp"

namespace tracesift::import {

/// Parses native lines into spans, reusing its parser's buffers between lines.
class NativeLineParser {
 public:
  NativeLineParser();
  ~NativeLineParser();
  NativeLineParser(const NativeLineParser&) = delete;
  NativeLineParser& operator=(const NativeLineParser&) = delete;

  /// Parses one line into `out`. Returns an empty string on success, else the reason the line
  /// was rejected (naming the field where there is one).
  std::string parse(std::string_view line, Span& out);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Parses one native JSONL line into `out` (a convenience over a shared NativeLineParser).
std::string parse_native_line(std::string_view line, Span& out);

}  // namespace tracesift::import
