#include "json_doc.hpp"

#include <algorithm>
#include <cstring>

#include "../error.hpp"
#include "../import/format_reader.hpp"
#include "json_scan.hpp"

namespace tracesift::exporter {

using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {
constexpr size_t kMaxDepth = import::kMaxJsonDepth;  // as the importers
}

bool JsonDoc::parse(std::string_view text, element& root) {
  padded_.resize(text.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(padded_.data(), text.data(), text.size());
  if (parser_.capacity() < text.size() || parser_.max_depth() != kMaxDepth) {
    if (parser_.allocate(std::max<size_t>(text.size(), 64 << 10), kMaxDepth) != simdjson::SUCCESS) return false;
  }
  return parser_.parse(padded_.data(), text.size(), false).get(root) == simdjson::SUCCESS;
}

std::string_view json_type_name(element v) noexcept {
  switch (v.type()) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::STRING: return "a string";
    case element_type::BOOL: return "a boolean";
    case element_type::NULL_VALUE: return "null";
    default: return "a number";
  }
}

void append_int64(std::string& out, int64_t v) {
  char buf[24];
  char* const end = buf + sizeof buf;
  char* p = end;
  const bool negative = v < 0;
  uint64_t u = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (negative) *--p = '-';
  out.append(p, static_cast<size_t>(end - p));
}

void append_minified(std::string& out, element v) {
  simdjson::internal::string_builder<> builder;
  builder.append(v);
  out.append(builder.str());
}

void append_one_line_json(std::string& out, std::string_view text, JsonDoc& scratch) {
  if (!std::memchr(text.data(), '\n', text.size()) && !std::memchr(text.data(), '\r', text.size())) {
    out.append(text);
    return;
  }
  element root;
  if (!scratch.parse(text, root)) throw Error(Errc::internal, "a stored JSON value is not valid JSON");
  append_minified(out, root);
}

}  // namespace tracesift::exporter
