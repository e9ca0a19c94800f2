// Messages written as Python reprs ("role='user' content='Hi' tool_calls=None ..."), as Agno's
// OpenInference instrumentation puts them into a generation's input.
#include <cctype>

#include "../json_text.hpp"
#include "detail.hpp"

namespace tracesift::messages::detail {

namespace {

// A reader of the Python literals a pydantic/dataclass repr holds: strings, None/True/False,
// numbers, lists, tuples and dicts; other objects (`Metrics(...)`, `<...>`) read as null.
class PyReader {
 public:
  explicit PyReader(std::string_view s) : s_(s) {}

  bool at_end() {
    skip_space();
    return i_ >= s_.size();
  }

  // `name=` at the current position; nullopt when there is none.
  std::optional<std::string_view> key() {
    skip_space();
    const size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
    if (i_ == start || i_ >= s_.size() || s_[i_] != '=') return std::nullopt;
    const auto k = s_.substr(start, i_ - start);
    ++i_;
    return k;
  }

  std::optional<Json> value(int depth = 0) {
    skip_space();
    if (i_ >= s_.size() || depth > 64) return std::nullopt;
    const char c = s_[i_];
    if (c == '\'' || c == '"') return string(c);
    if (c == '[' || c == '(') return list(c == '[' ? ']' : ')', depth);
    if (c == '{') return dict(depth);
    if (c == '<') return skip_balanced('<', '>') ? std::optional<Json>(nullptr) : std::nullopt;
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      const size_t start = i_;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '.'))
        ++i_;
      const auto word = s_.substr(start, i_ - start);
      if (i_ < s_.size() && s_[i_] == '(') return skip_balanced('(', ')') ? std::optional<Json>(nullptr) : std::nullopt;
      if (word == "None") return Json(nullptr);
      if (word == "True") return Json(true);
      if (word == "False") return Json(false);
      return Json(std::string(word));  // an enum member or a name
    }
    return std::nullopt;
  }

 private:
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == ',')) ++i_;
  }

  std::optional<uint32_t> hex(size_t digits) {
    if (i_ + digits > s_.size()) return std::nullopt;
    uint32_t v = 0;
    for (size_t k = 0; k < digits; ++k) {
      const char h = s_[i_++];
      v <<= 4;
      if (h >= '0' && h <= '9') {
        v |= static_cast<uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        v |= static_cast<uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        v |= static_cast<uint32_t>(h - 'A' + 10);
      } else {
        return std::nullopt;
      }
    }
    return v;
  }

  std::optional<Json> string(char quote) {
    ++i_;
    std::string out;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == quote) return Json(std::move(out));
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) return std::nullopt;
      const char e = s_[i_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '0': out += '\0'; break;
        case 'x':
        case 'u':
        case 'U': {
          const auto cp = hex(e == 'x' ? 2 : e == 'u' ? 4 : 8);
          if (!cp || *cp > 0x10FFFF) return std::nullopt;
          append_utf8(out, *cp);
          break;
        }
        default: out += e;  // \\ \' \"
      }
    }
    return std::nullopt;
  }

  std::optional<Json> number() {
    const size_t start = i_;
    if (s_[i_] == '-') ++i_;
    bool real = false;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.' || s_[i_] == 'e' ||
                              s_[i_] == 'E' || s_[i_] == '+' || (s_[i_] == '-' && real))) {
      real = real || s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E';
      ++i_;
    }
    const Json v = Json::parse(s_.substr(start, i_ - start), nullptr, false);
    if (v.is_discarded()) return std::nullopt;
    return v;
  }

  std::optional<Json> list(char close, int depth) {
    ++i_;
    Json out = Json::array();
    for (;;) {
      skip_space();
      if (i_ >= s_.size()) return std::nullopt;
      if (s_[i_] == close) {
        ++i_;
        return out;
      }
      auto v = value(depth + 1);
      if (!v) return std::nullopt;
      out.push_back(std::move(*v));
    }
  }

  std::optional<Json> dict(int depth) {
    ++i_;
    Json out = Json::object();
    for (;;) {
      skip_space();
      if (i_ >= s_.size()) return std::nullopt;
      if (s_[i_] == '}') {
        ++i_;
        return out;
      }
      auto k = value(depth + 1);
      skip_space();
      if (!k || i_ >= s_.size() || s_[i_] != ':') return std::nullopt;
      ++i_;
      auto v = value(depth + 1);
      if (!v) return std::nullopt;
      out[k->is_string() ? k->get<std::string>() : compact_text(*k)] = std::move(*v);
    }
  }

  bool skip_balanced(char open, char close) {
    int level = 0;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '\'' || c == '"') {
        if (!string(c)) return false;
        continue;
      }
      ++i_;
      if (c == open) ++level;
      if (c == close && --level == 0) return true;
    }
    return false;
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<Json> python_repr_message(const std::string& text) {
  if (text.rfind("role='", 0) != 0) return std::nullopt;
  PyReader r(text);
  Json m = Json::object();
  while (!r.at_end()) {
    const auto k = r.key();
    if (!k) return std::nullopt;
    auto v = r.value();
    if (!v) return std::nullopt;
    if (*k == "role" || *k == "content" || *k == "tool_calls" || *k == "tool_call_id" || *k == "name") {
      m[std::string(*k)] = std::move(*v);
    } else if (*k == "tool_name" && v->is_string() && !m.contains("name")) {
      m["name"] = std::move(*v);
    }
  }
  if (!m.contains("role") || !m["role"].is_string()) return std::nullopt;
  return m;
}

}  // namespace tracesift::messages::detail
