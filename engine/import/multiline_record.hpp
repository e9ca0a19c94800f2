// A JSON value written over several lines among JSONL records, such as the pretty-printed span
// objects that OpenTelemetry Python's ConsoleSpanExporter prints one after another.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tracesift::import {

/// Collects the lines of one multi-line JSON value until its brackets balance.
class MultiLineRecord {
 public:
  /// True when a line opens a multi-line value: a `{` or `[` alone on it (blanks aside), as
  /// pretty-printers write the first line of a value.
  static bool opens_multiline(std::string_view line) noexcept;
  /// True when no line could be JSON: it does not start (after blanks) like a JSON value.
  static bool is_text(std::string_view line) noexcept;

  /// Starts a value with its first line, numbered `line_number`.
  void start(std::string_view line, uint64_t line_number);
  /// Adds the next line; returns true when the value's brackets balance (the value is complete).
  bool add(std::string_view line);
  /// True between start() and take().
  bool active() const noexcept { return active_; }
  /// Bytes collected so far.
  size_t size() const noexcept { return text_.size(); }
  /// The line the value started on.
  uint64_t first_line() const noexcept { return first_line_; }
  /// The collected text; the record is no longer active.
  std::string take();

 private:
  bool scan(std::string_view line);

  std::string text_;
  uint64_t first_line_ = 0;
  int64_t depth_ = 0;
  bool in_string_ = false;
  bool escape_ = false;
  bool active_ = false;
};

}  // namespace tracesift::import
