// Trace and span ids of OpenTelemetry sources (hex or base64) as lower-case hex.
#include "otel_ids.hpp"

#include <cstdint>

namespace tracesift::import {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Value of a hex digit, or -1.
int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Value of a base64 digit (standard and URL-safe alphabets), or -1.
int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

// Decodes base64 (padding optional) into hex when it holds exactly `bytes` bytes.
std::optional<std::string> base64_to_hex(std::string_view text, size_t bytes) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  // n bytes take ceil(n * 4 / 3) digits without padding.
  if (text.size() != (bytes * 4 + 2) / 3) return std::nullopt;
  std::string hex;
  hex.reserve(bytes * 2);
  uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    const int v = base64_value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const auto byte = static_cast<unsigned>((acc >> bits) & 0xFF);
      hex += kHex[byte >> 4];
      hex += kHex[byte & 0xF];
    }
  }
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;  // stray bits: not canonical base64
  if (hex.size() != bytes * 2) return std::nullopt;
  return hex;
}

}  // namespace

std::optional<std::string> normalize_otel_id(std::string_view text, size_t bytes) {
  if (text.size() == bytes * 2) {
    std::string hex(text);
    bool ok = true;
    for (auto& c : hex) {
      if (hex_value(c) < 0) {
        ok = false;
        break;
      }
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    }
    if (ok) return hex;
  }
  return base64_to_hex(text, bytes);
}

std::string describe_bad_otel_id(std::string_view text, size_t bytes) {
  std::string shown(text.substr(0, 48));
  if (text.size() > 48) shown += "...";
  return "'" + shown + "' is not an id of " + std::to_string(bytes) + " bytes (" + std::to_string(bytes * 2) +
         " hex digits, or base64)";
}

}  // namespace tracesift::import
