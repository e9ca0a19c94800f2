#include "json_text.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "swar.hpp"

namespace tracesift {

size_t utf8_sequence_length(std::string_view s, size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t len;
  uint32_t cp;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

namespace {

/// The one JSON string escaper. With `kValidate`, bytes from 0x80 are checked as UTF-8 and an
/// invalid one becomes U+FFFD; without, they are copied as they are (the caller knows them valid).
/// Runs that need nothing are found eight bytes at a time and copied in one append.
template <bool kValidate>
void append_escaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Design note: no exact reserve here. libc++ (the wasm build) reserves exactly what is asked,
  // so reserving per string defeated geometric growth and made building a 10,000-span page
  // quadratic (85 s); plain appends grow the buffer geometrically.
  out += '"';
  const char* p = s.data();
  const char* const end = p + s.size();
  const char* run = p;
  while (p < end) {
    if (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      const uint64_t stop = swar::needs_escape(word) | (kValidate ? word & swar::kHighs : 0);
      if (stop == 0) {
        p += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x80) {
      const size_t n = kValidate ? utf8_sequence_length(s, static_cast<size_t>(p - s.data())) : 1;
      if (n != 0) {
        p += n;
        continue;
      }
      out.append(run, static_cast<size_t>(p - run));
      out += "\xEF\xBF\xBD";
      run = ++p;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++p;
      continue;
    }
    out.append(run, static_cast<size_t>(p - run));
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, 6);
      }
    }
    run = ++p;
  }
  out.append(run, static_cast<size_t>(end - run));
  out += '"';
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  append_escaped<true>(out, s);
}

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

void append_json_string_utf8(std::string& out, std::string_view s) {
  append_escaped<false>(out, s);
}

void append_json_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  // Shortest of %.15g / %.17g that round-trips.
  int n = std::snprintf(buf, sizeof buf, "%.15g", v);
  if (std::strtod(buf, nullptr) != v) n = std::snprintf(buf, sizeof buf, "%.17g", v);
  out.append(buf, static_cast<size_t>(n));
}

void append_json_key(std::string& out, std::string_view key, bool first) {
  if (!first) out += ',';
  append_json_string(out, key);
  out += ':';
}

void append_json_opt_string(std::string& out, const std::optional<std::string>& s) {
  if (s) {
    append_json_string(out, *s);
  } else {
    out += "null";
  }
}

void append_json_opt_int(std::string& out, const std::optional<int64_t>& v) {
  if (v) {
    out += std::to_string(*v);
  } else {
    out += "null";
  }
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string deleted_json(std::string_view name, int64_t removed, int64_t kept) {
  return JsonObject().field("deleted", name).field("removed", removed).field("kept", kept).text();
}

std::string deleted_json(int64_t id, int64_t removed, int64_t kept) {
  return JsonObject().field("deleted", id).field("removed", removed).field("kept", kept).text();
}

JsonObject& JsonObject::field(std::string_view key, std::string_view value) {
  append_json_key(out_, key, out_.size() == 1);
  append_json_string(out_, value);
  return *this;
}

JsonObject& JsonObject::field(std::string_view key, int64_t value) {
  append_json_key(out_, key, out_.size() == 1);
  out_ += std::to_string(value);
  return *this;
}

JsonObject& JsonObject::field(std::string_view key, uint64_t value) {
  append_json_key(out_, key, out_.size() == 1);
  out_ += std::to_string(value);
  return *this;
}

JsonObject& JsonObject::field(std::string_view key, double value) {
  append_json_key(out_, key, out_.size() == 1);
  append_json_number(out_, value);
  return *this;
}

JsonObject& JsonObject::field(std::string_view key, bool value) {
  append_json_key(out_, key, out_.size() == 1);
  out_ += value ? "true" : "false";
  return *this;
}

JsonObject& JsonObject::field(std::string_view key, std::nullptr_t) {
  return raw(key, "null");
}

JsonObject& JsonObject::raw(std::string_view key, std::string_view json_text) {
  append_json_key(out_, key, out_.size() == 1);
  out_ += json_text;
  return *this;
}

}  // namespace tracesift
