#include "timestamp.hpp"

#include <array>

namespace tracesift {
namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;

bool read_digits(std::string_view s, size_t pos, size_t count, int64_t& out) noexcept {
  if (pos + count > s.size()) return false;
  int64_t v = 0;
  for (size_t i = 0; i < count; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

bool is_leap(int64_t y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int64_t y, unsigned m) noexcept {
  static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Inverse of days_from_civil (H. Hinnant's algorithm, public domain description).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) noexcept {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

void append_padded(std::string& out, int64_t v, int width) {
  char buf[20];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, static_cast<size_t>(width));
}

}  // namespace

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int64_t> parse_rfc3339(std::string_view s) noexcept {
  TimeError ignored;
  return parse_rfc3339(s, ignored);
}

std::optional<int64_t> parse_rfc3339(std::string_view s, TimeError& error) noexcept {
  error = TimeError::syntax;
  int64_t year, month, day, hour, minute, second;
  if (!read_digits(s, 0, 4, year) || s.size() < 20 || s[4] != '-' || !read_digits(s, 5, 2, month) || s[7] != '-' ||
      !read_digits(s, 8, 2, day)) {
    return std::nullopt;
  }
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  if (!read_digits(s, 11, 2, hour) || s[13] != ':' || !read_digits(s, 14, 2, minute) || s[16] != ':' ||
      !read_digits(s, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, static_cast<unsigned>(month)) || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t frac_ns = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 9) frac_ns = frac_ns * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 9; ++i) frac_ns *= 10;
  }
  int64_t offset_seconds = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int64_t oh, om;
    if (!read_digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_seconds = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  if (second == 60) second = 59;  // a leap second folds onto the second before it
  const int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  // INT64_MIN/MAX ns are -9223372036.854775808 s and 9223372036.854775807 s; whole seconds of a
  // 4-digit year always fit, so the range is checked before the product can overflow.
  constexpr int64_t kMaxSecs = kMaxTimeNs / kNsPerSecond, kMaxFrac = kMaxTimeNs % kNsPerSecond;
  constexpr int64_t kMinSecs = kMinTimeNs / kNsPerSecond - 1, kMinFrac = kNsPerSecond + kMinTimeNs % kNsPerSecond;
  if (secs > kMaxSecs || (secs == kMaxSecs && frac_ns > kMaxFrac) || secs < kMinSecs ||
      (secs == kMinSecs && frac_ns < kMinFrac)) {
    error = TimeError::out_of_range;
    return std::nullopt;
  }
  error = TimeError::none;
  return secs < 0 ? (secs + 1) * kNsPerSecond + (frac_ns - kNsPerSecond) : secs * kNsPerSecond + frac_ns;
}

std::string time_out_of_range(std::string_view shown) {
  return std::string(shown) + " is outside the times tracesift can store (" + std::string(kTimeRangeText) + ")";
}

std::optional<int64_t> add_time_ns(int64_t ns, int64_t add) noexcept {
  if (add > 0 && ns > kMaxTimeNs - add) return std::nullopt;
  if (add < 0 && ns < kMinTimeNs - add) return std::nullopt;
  return ns + add;
}

std::string format_rfc3339(int64_t ns) {
  int64_t secs = ns / kNsPerSecond;
  int64_t frac = ns % kNsPerSecond;
  if (frac < 0) {
    frac += kNsPerSecond;
    secs -= 1;
  }
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  std::string out;
  out.reserve(30);
  append_padded(out, y, 4);
  out += '-';
  append_padded(out, m, 2);
  out += '-';
  append_padded(out, d, 2);
  out += 'T';
  append_padded(out, rem / 3600, 2);
  out += ':';
  append_padded(out, (rem / 60) % 60, 2);
  out += ':';
  append_padded(out, rem % 60, 2);
  if (frac != 0) {
    out += '.';
    if (frac % 1'000'000 == 0) {
      append_padded(out, frac / 1'000'000, 3);
    } else if (frac % 1'000 == 0) {
      append_padded(out, frac / 1'000, 6);
    } else {
      append_padded(out, frac, 9);
    }
  }
  out += 'Z';
  return out;
}

}  // namespace tracesift
