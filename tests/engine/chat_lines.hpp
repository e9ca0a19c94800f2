// The lines of an openai-chat export, each checked against the format's rules
// (check_openai_chat_line): what every openai-chat test asserts first.
#pragma once

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "engine/export/openai_chat.hpp"

namespace tracesift::test {

/// The lines of `text` (each ended by a newline), each CHECKed to keep the openai-chat format.
inline std::vector<std::string> checked_chat_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(text.substr(start, nl - start));
    INFO(lines.back());
    CHECK(exporter::check_openai_chat_line(lines.back()) == std::nullopt);
  }
  CHECK(start == text.size());  // nothing after the last newline
  return lines;
}

}  // namespace tracesift::test
