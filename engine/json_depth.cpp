// The nesting limit of JSON texts, checked by scanning the text (no recursion, no allocation).
#include "json_depth.hpp"

#include <algorithm>

namespace tracesift {

int json_nesting_depth(std::string_view text, int limit) noexcept {
  int depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) {
        max_depth = depth;
        if (max_depth > limit) return max_depth;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

std::optional<std::string> json_too_deep(std::string_view text, int limit) {
  if (json_nesting_depth(text, limit) <= limit) return std::nullopt;
  // Second pass, only for texts refused: the top-level object member where the limit is passed.
  constexpr size_t kMaxKeyShown = 100;
  int depth = 0;
  bool top_object = false, expect_key = false;
  std::string key;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      const size_t start = i + 1;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      if (depth == 1 && top_object && expect_key) {
        key.assign(text.substr(start, std::min(i - start, kMaxKeyShown)));
        expect_key = false;
      }
    } else if (c == '{' || c == '[') {
      if (depth == 0) {
        top_object = c == '{';
        expect_key = top_object;
      }
      if (++depth > limit) return top_object ? key : std::string();
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == ',' && depth == 1) {
      expect_key = top_object;
    }
  }
  return std::string();  // unreachable: the first pass found the excess
}

void check_json_depth(std::string_view text, Errc code, std::string_view what, std::string_view field) {
  const auto where = json_too_deep(text);
  if (!where) return;
  const std::string limit = std::to_string(kMaxJsonDepth);
  if (!where->empty()) {
    throw Error(code, std::string(what) + ": field '" + *where + "' is nested deeper than " + limit + " levels",
                *where);
  }
  throw Error(code, std::string(what) + " is nested deeper than " + limit + " levels", std::string(field));
}

}  // namespace tracesift
