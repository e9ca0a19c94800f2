// A JSON value written over several lines among JSONL records (see multiline_record.hpp).
#include "multiline_record.hpp"

namespace tracesift::import {

bool MultiLineRecord::opens_multiline(std::string_view line) noexcept {
  const auto first = line.find_first_not_of(" \t");
  const auto last = line.find_last_not_of(" \t\r");
  // Design note: only a bracket alone on its line (how pretty-printers open a value) starts a
  // record; a JSONL line cut short must stay one bad line, not swallow the lines after it.
  return first != std::string_view::npos && first == last && (line[first] == '{' || line[first] == '[');
}

bool MultiLineRecord::is_text(std::string_view line) noexcept {
  const auto first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos) return false;
  const char c = line[first];
  const bool json_start = c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' ||
                          c == 'f' || c == 'n' || c == '}' || c == ']';
  return !json_start;
}

void MultiLineRecord::start(std::string_view line, uint64_t line_number) {
  text_.clear();
  depth_ = 0;
  in_string_ = escape_ = false;
  active_ = true;
  first_line_ = line_number;
  add(line);
}

bool MultiLineRecord::add(std::string_view line) {
  text_.append(line);
  text_ += '\n';
  return scan(line);
}

bool MultiLineRecord::scan(std::string_view line) {
  for (const char c : line) {
    if (in_string_) {
      if (escape_) {
        escape_ = false;
      } else if (c == '\\') {
        escape_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
      continue;
    }
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if ((c == '}' || c == ']') && --depth_ <= 0) {
      return true;
    }
  }
  return false;
}

std::string MultiLineRecord::take() {
  active_ = false;
  std::string out;
  out.swap(text_);
  return out;
}

}  // namespace tracesift::import
