#include "json_scan.hpp"

#include <cstring>

#include "../import/format_reader.hpp"
#include "../json_text.hpp"

namespace tracesift::exporter {

namespace {

bool is_ws(char c) noexcept {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads four hex digits at p (the caller checked there are four bytes).
bool hex4(const char* p, unsigned& out) noexcept {
  out = 0;
  for (int i = 0; i < 4; ++i) {
    const int d = hex_digit(p[i]);
    if (d < 0) return false;
    out = (out << 4) | static_cast<unsigned>(d);
  }
  return true;
}

// Strict RFC 8259 grammar and UTF-8 in one pass, recording every value's extent as a node.
class TreeBuilder {
 public:
  TreeBuilder(std::string_view text, std::vector<JsonTree::Node>& nodes)
      : base_(text.data()), p_(text.data()), end_(text.data() + text.size()), nodes_(nodes) {}

  bool document() {
    ws();
    if (!value(0)) return false;
    ws();
    return p_ == end_;
  }

 private:
  uint32_t offset() const noexcept { return static_cast<uint32_t>(p_ - base_); }

  void ws() {
    while (p_ < end_ && is_ws(*p_)) ++p_;
  }

  bool value(int depth) {
    if (p_ >= end_) return false;
    const auto index = static_cast<uint32_t>(nodes_.size());
    nodes_.push_back({offset(), 0, 0});
    bool ok;
    switch (*p_) {
      case '"': ok = string(); break;
      case '{': ok = object(depth + 1); break;
      case '[': ok = array(depth + 1); break;
      case 't': ok = literal("true"); break;
      case 'f': ok = literal("false"); break;
      case 'n': ok = literal("null"); break;
      default: ok = number();
    }
    if (!ok) return false;
    JsonTree::Node& n = nodes_[index];
    n.end = offset();
    n.next = static_cast<uint32_t>(nodes_.size());
    return true;
  }

  bool object(int depth) {
    if (depth > import::kMaxJsonDepth) return false;
    ++p_;
    ws();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    while (true) {
      ws();
      if (p_ >= end_ || *p_ != '"' || !value(depth)) return false;  // the key, as a string node
      ws();
      if (p_ >= end_ || *p_ != ':') return false;
      ++p_;
      ws();
      if (!value(depth)) return false;
      ws();
      if (p_ >= end_) return false;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != '}') return false;
      ++p_;
      return true;
    }
  }

  bool array(int depth) {
    if (depth > import::kMaxJsonDepth) return false;
    ++p_;
    ws();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    while (true) {
      ws();
      if (!value(depth)) return false;
      ws();
      if (p_ >= end_) return false;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != ']') return false;
      ++p_;
      return true;
    }
  }

  bool string() {
    ++p_;
    while (true) {
      // Eight plain ASCII bytes at a time; stop at anything that needs a look.
      while (end_ - p_ >= 8) {
        uint64_t word;
        std::memcpy(&word, p_, 8);
        if (swar::needs_escape(word) | (word & swar::kHighs)) break;
        p_ += 8;
      }
      if (p_ >= end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (!escape()) return false;
      } else if (c >= 0x80) {
        if (!utf8()) return false;
      } else {
        ++p_;
      }
    }
  }

  // One UTF-8 sequence (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
  bool utf8() {
    const size_t len = utf8_sequence_length(std::string_view(p_, static_cast<size_t>(end_ - p_)), 0);
    p_ += len;
    return len > 0;
  }

  bool escape() {
    if (end_ - p_ < 2) return false;
    const char e = p_[1];
    if (e != 'u') {
      if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
        p_ += 2;
        return true;
      }
      return false;
    }
    unsigned cp;
    if (end_ - p_ < 6 || !hex4(p_ + 2, cp)) return false;
    p_ += 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
    if (cp >= 0xD800 && cp <= 0xDBFF) {              // a high surrogate needs its low half
      unsigned low;
      if (end_ - p_ < 6 || p_[0] != '\\' || p_[1] != 'u' || !hex4(p_ + 2, low) || low < 0xDC00 || low > 0xDFFF)
        return false;
      p_ += 6;
    }
    return true;
  }

  bool literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  bool digits() {
    const char* start = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ > start;
  }

  bool number() {
    if (p_ < end_ && *p_ == '-') ++p_;
    if (p_ >= end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (!digits()) {
      return false;
    }
    if (p_ < end_ && *p_ == '.') {
      ++p_;
      if (!digits()) return false;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) return false;
    }
    return true;
  }

  const char* const base_;
  const char* p_;
  const char* const end_;
  std::vector<JsonTree::Node>& nodes_;
};

// Decodes the escaped content of a validated string into `out` (replacing it).
void unescape_into(std::string_view in, std::string& out) {
  out.clear();
  size_t i = 0;
  while (i < in.size()) {
    const size_t slash = in.find('\\', i);
    if (slash == std::string_view::npos) {
      out.append(in.substr(i));
      break;
    }
    out.append(in.substr(i, slash - i));
    if (slash + 1 >= in.size()) break;
    const char e = in[slash + 1];
    i = slash + 2;
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        unsigned cp = 0;
        if (i + 4 > in.size() || !hex4(in.data() + i, cp)) return;
        i += 4;
        unsigned low = 0;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= in.size() && in[i] == '\\' && in[i + 1] == 'u' &&
            hex4(in.data() + i + 2, low)) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        append_utf8(out, cp);
        break;
      }
      default: out += e;  // '"', '\\', '/'
    }
  }
}

}  // namespace

std::string_view Raw::type_name() const noexcept {
  if (text.empty()) return "missing";
  switch (text[0]) {
    case '"': return "a string";
    case '{': return "an object";
    case '[': return "an array";
    case 't':
    case 'f': return "a boolean";
    case 'n': return "null";
    default: return "a number";
  }
}

bool JsonTree::parse(std::string_view text) {
  text_ = text;
  nodes_.clear();
  // Offsets are 32-bit: stored values are far below 4 GiB (SQLite's own limit is 1 GB).
  if (text.size() >= 0xFFFFFFFFu) return false;
  if (!TreeBuilder(text, nodes_).document()) {
    nodes_.clear();
    return false;
  }
  return true;
}

ObjectReader::ObjectReader(Raw object) noexcept {
  if (!object.is_object() || !object.tree) return;
  tree_ = object.tree;
  i_ = object.node + 1;
  end_ = tree_->node(object.node).next;
}

bool ObjectReader::next(std::string_view& key, Raw& value) noexcept {
  if (i_ >= end_) return false;
  key = tree_->at(i_).inner();
  const uint32_t v = tree_->node(i_).next;
  value = tree_->at(v);
  i_ = tree_->node(v).next;
  return true;
}

ArrayReader::ArrayReader(Raw array) noexcept {
  if (!array.is_array() || !array.tree) return;
  tree_ = array.tree;
  i_ = array.node + 1;
  end_ = tree_->node(array.node).next;
}

bool ArrayReader::next(Raw& value) noexcept {
  if (i_ >= end_) return false;
  value = tree_->at(i_);
  i_ = tree_->node(i_).next;
  return true;
}

bool key_is(std::string_view key, std::string_view name) {
  if (key.find('\\') == std::string_view::npos) return key == name;
  std::string buf;
  unescape_into(key, buf);
  return buf == name;
}

Raw member(Raw object, std::string_view name) noexcept {
  ObjectReader reader(object);
  std::string_view key;
  Raw value;
  while (reader.next(key, value)) {
    if (key.size() == name.size() ? key == name : (key.find('\\') != std::string_view::npos && key_is(key, name)))
      return value;
  }
  return {};
}

std::string_view unescaped(Raw s, std::string& buf) {
  if (!s.is_string()) return {};
  const std::string_view in = s.inner();
  if (in.find('\\') == std::string_view::npos) return in;
  unescape_into(in, buf);
  return buf;
}

std::string_view stable_unescaped(Raw s, std::deque<std::string>& arena) {
  if (!s.is_string()) return {};
  const std::string_view in = s.inner();
  if (in.find('\\') == std::string_view::npos) return in;
  unescape_into(in, arena.emplace_back());
  return arena.back();
}

bool string_is(Raw s, std::string_view name) {
  if (!s.is_string()) return false;
  const std::string_view in = s.inner();
  if (in.find('\\') == std::string_view::npos) return in == name;
  std::string buf;
  unescape_into(in, buf);
  return buf == name;
}

void append_compact(std::string& out, Raw value) {
  const std::string_view text = value.text;
  size_t run = 0;  // start of the bytes not yet copied
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // the escaped byte cannot end the string
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (is_ws(c)) {
      out.append(text.substr(run, i - run));
      run = i + 1;
    }
  }
  out.append(text.substr(run));
}

}  // namespace tracesift::exporter
