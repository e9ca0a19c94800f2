// Splits a byte stream fed in arbitrary chunks into lines, counting line numbers, with a cap on
// line length so a runaway line cannot exhaust memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tracesift::import {

/// Receives what a LineSplitter finds.
class LineSink {
 public:
  virtual ~LineSink() = default;
  /// A complete line (without "\n" or "\r\n"), numbered from 1. Returning false stops the
  /// splitter: feed() then returns how much of its chunk it consumed.
  virtual bool on_line(std::string_view line, uint64_t line_number) = 0;
  /// A line longer than the cap; its bytes were dropped.
  virtual void on_oversized_line(uint64_t line_number, uint64_t bytes) = 0;
};

/// Incremental line splitter: a line may straddle any number of chunks.
class LineSplitter {
 public:
  /// Lines longer than `max_line_bytes` are reported to on_oversized_line instead of on_line;
  /// numbering starts after `first_line - 1` lines.
  explicit LineSplitter(uint64_t max_line_bytes, uint64_t first_line = 1)
      : max_line_bytes_(max_line_bytes), line_number_(first_line - 1) {}

  /// Feeds the next chunk; complete lines go to `sink`. Returns the bytes consumed: all of the
  /// chunk, unless `sink` stopped the splitter.
  size_t feed(std::string_view chunk, LineSink& sink);
  /// Ends the stream: a last line without a newline goes to `sink`.
  void finish(LineSink& sink);
  /// Lines started so far (the number of the line being read).
  uint64_t line_number() const noexcept { return line_number_; }

 private:
  bool emit(std::string_view line, LineSink& sink);

  uint64_t max_line_bytes_;
  std::string pending_;         // the start of a line whose end has not arrived yet
  uint64_t pending_bytes_ = 0;  // its full length so far, even when dropped
  bool dropping_ = false;       // the pending line passed the cap: drop bytes until its end
  uint64_t line_number_ = 0;    // lines completed so far
};

}  // namespace tracesift::import
