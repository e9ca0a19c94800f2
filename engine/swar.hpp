// Eight-bytes-at-a-time byte tests on a 64-bit word (SWAR): the JSON escaper and the export's
// scanners skip the bytes that need nothing eight at a time.
#pragma once

#include <cstdint>

namespace tracesift {

/// Eight-bytes-at-a-time byte tests on a 64-bit word (the bytes of a string loaded with memcpy).
namespace swar {
inline constexpr uint64_t kOnes = 0x0101010101010101ull;   ///< 0x01 in every byte
inline constexpr uint64_t kHighs = 0x8080808080808080ull;  ///< 0x80 in every byte

/// Non-zero when some byte of `x` is zero (a yes/no answer; which bytes is not exact).
constexpr uint64_t has_zero(uint64_t x) noexcept {
  return (x - kOnes) & ~x & kHighs;
}
/// Non-zero when some byte of `x` is `c`.
constexpr uint64_t has_byte(uint64_t x, unsigned char c) noexcept {
  return has_zero(x ^ (kOnes * c));
}
/// Exactly the bytes of `x` equal to `c`, as their high bits (for counting).
constexpr uint64_t bytes_equal(uint64_t x, unsigned char c) noexcept {
  const uint64_t y = x ^ (kOnes * c);
  return ~(((y & ~kHighs) + ~kHighs) | y) & kHighs;
}
/// How many bytes of `x` are `c`.
constexpr unsigned count_byte(uint64_t x, unsigned char c) noexcept {
  return static_cast<unsigned>(((bytes_equal(x, c) >> 7) * kOnes) >> 56);
}
/// Non-zero when some byte of `x` needs escaping in a JSON string: below 0x20, '"' or '\'
/// (bytes from 0x80 are UTF-8 and pass).
constexpr uint64_t needs_escape(uint64_t x) noexcept {
  return ((x - kOnes * 0x20) & ~x & kHighs) | has_byte(x, '"') | has_byte(x, '\\');
}
}  // namespace swar

}  // namespace tracesift
