// The query-string form of the filter: a hand-written scanner over terms, errors with positions.
#include "query_text.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <string>

#include "../error.hpp"

namespace tracesift {
namespace {

/// What a key of the query form controls.
enum class KeyKind { exact, name, cost, tokens, duration, since, until };

/// One spelling of a key.
struct KeyInfo {
  std::string_view spelling;  ///< as written (lower case)
  KeyKind kind;               ///< what it controls
  NegatableKey column;        ///< for exact keys and name: the column
};

constexpr KeyInfo kKeys[] = {
    {"model", KeyKind::exact, NegatableKey::model},
    {"provider", KeyKind::exact, NegatableKey::provider},
    {"kind", KeyKind::exact, NegatableKey::kind},
    {"status", KeyKind::exact, NegatableKey::status},
    {"environment", KeyKind::exact, NegatableKey::environment},
    {"env", KeyKind::exact, NegatableKey::environment},
    {"task", KeyKind::exact, NegatableKey::task},
    {"session", KeyKind::exact, NegatableKey::session_id},
    {"session_id", KeyKind::exact, NegatableKey::session_id},
    {"trace", KeyKind::exact, NegatableKey::trace_id},
    {"trace_id", KeyKind::exact, NegatableKey::trace_id},
    {"user", KeyKind::exact, NegatableKey::user_id},
    {"user_id", KeyKind::exact, NegatableKey::user_id},
    {"name", KeyKind::name, NegatableKey::name},
    {"cost", KeyKind::cost, NegatableKey::name},
    {"tokens", KeyKind::tokens, NegatableKey::name},
    {"duration", KeyKind::duration, NegatableKey::name},
    {"since", KeyKind::since, NegatableKey::name},
    {"until", KeyKind::until, NegatableKey::name},
};

/// The operator between a key and its value.
enum class Op { colon, gt, ge, lt, le };

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Length of a decimal number at the start of `s` (`-?digits[.digits]` or `-?.digits`), 0 if none.
size_t decimal_length(std::string_view s) noexcept {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    size_t frac = 0;
    size_t j = i + 1;
    while (j < s.size() && is_digit(s[j])) ++j, ++frac;
    if (frac > 0) {
      i = j;
      digits += frac;
    }
  }
  return digits > 0 ? i : 0;
}

double to_double(std::string_view s) {
  return std::strtod(std::string(s).c_str(), nullptr);
}

class Parser {
 public:
  Parser(std::string_view text, int64_t now_ns) : t_(text), now_ns_(now_ns) {}

  Filter run() {
    for (;;) {
      while (i_ < t_.size() && is_space(t_[i_])) ++i_;
      if (i_ == t_.size()) break;
      term();
    }
    return std::move(f_);
  }

 private:
  std::string_view t_;
  int64_t now_ns_;
  size_t i_ = 0;
  Filter f_;

  /// 1-based code point number of byte offset `at` (UTF-8 continuation bytes are not counted).
  int64_t character(size_t at) const noexcept {
    int64_t n = 1;
    for (size_t k = 0; k < at && k < t_.size(); ++k)
      if ((static_cast<unsigned char>(t_[k]) & 0xC0) != 0x80) ++n;
    return n;
  }

  [[noreturn]] void fail(size_t at, const std::string& why, const std::string& field = {}) const {
    const int64_t n = character(at);
    throw Error(Errc::invalid_filter, "query: " + why + " at character " + std::to_string(n), field, 0, n);
  }

  bool at_end_of_term() const noexcept { return i_ == t_.size() || is_space(t_[i_]); }

  /// Reads a quoted string starting at the `"` at i_; leaves i_ after the closing quote.
  std::string quoted(const std::string& field) {
    const size_t open = i_++;
    std::string out;
    for (;;) {
      if (i_ >= t_.size()) fail(open, "unterminated quote starting", field);
      const char c = t_[i_];
      if (c == '"') break;
      if (c == '\\') {
        if (i_ + 1 >= t_.size()) fail(open, "unterminated quote starting", field);
        const char e = t_[i_ + 1];
        if (e != '"' && e != '\\') fail(i_, "unknown escape '\\" + std::string(1, e) + "' (only \\\" and \\\\)", field);
        out += e;
        i_ += 2;
        continue;
      }
      out += c;
      ++i_;
    }
    ++i_;
    if (!at_end_of_term()) fail(i_, "expected a space after the closing quote", field);
    return out;
  }

  /// Reads an unquoted value up to the next space; quotes inside are refused.
  std::string_view word(const std::string& field) {
    const size_t start = i_;
    while (!at_end_of_term()) {
      if (t_[i_] == '"') fail(i_, "unexpected '\"' inside a word (quote the whole value)", field);
      ++i_;
    }
    return t_.substr(start, i_ - start);
  }

  void term() {
    const size_t start = i_;
    bool negated = false;
    if (t_[i_] == '-' && i_ + 1 < t_.size() && !is_space(t_[i_ + 1])) {
      negated = true;
      ++i_;
    }
    if (t_[i_] == '"') {
      const size_t at = i_;
      name_term(quoted("name"), negated, at);
      return;
    }
    const size_t key_start = i_;
    while (!at_end_of_term() && t_[i_] != ':' && t_[i_] != '>' && t_[i_] != '<' && t_[i_] != '"') ++i_;
    if (at_end_of_term() || t_[i_] == '"') {
      i_ = key_start;
      name_term(std::string(word("name")), negated, key_start);
      return;
    }
    const std::string_view key_text = t_.substr(key_start, i_ - key_start);
    if (key_text.empty()) fail(key_start, "expected a key before '" + std::string(1, t_[i_]) + "'");
    const std::string key = lower(key_text);
    const KeyInfo* info = nullptr;
    for (const auto& k : kKeys)
      if (k.spelling == key) info = &k;
    if (!info) fail(key_start, "unknown key '" + std::string(key_text) + "'", key);

    const size_t op_start = i_;
    Op op = Op::colon;
    if (t_[i_] == '>') op = Op::gt;
    if (t_[i_] == '<') op = Op::lt;
    ++i_;
    if (op != Op::colon && i_ < t_.size() && t_[i_] == '=') {
      op = op == Op::gt ? Op::ge : Op::le;
      ++i_;
    }
    const std::string op_text(t_.substr(op_start, i_ - op_start));
    const bool comparison =
        info->kind == KeyKind::cost || info->kind == KeyKind::tokens || info->kind == KeyKind::duration;
    if (comparison && op == Op::colon)
      fail(op_start,
           "key '" + key + "' takes a comparison (" + key + ">x, " + key + ">=x, " + key + "<x, " + key +
               "<=x), not ':'",
           key);
    if (!comparison && op != Op::colon)
      fail(op_start, "key '" + key + "' takes ':' (" + key + ":value), not '" + op_text + "'", key);
    if (negated && info->kind != KeyKind::exact && info->kind != KeyKind::name)
      fail(start, "key '" + key + "' cannot be negated", key);

    const size_t value_start = i_;
    const bool was_quoted = i_ < t_.size() && t_[i_] == '"';
    const std::string value = was_quoted ? quoted(key) : std::string(word(key));
    const std::string after = "'" + std::string(key_text) + op_text + "'";
    if (value.empty() && !was_quoted) {
      if (comparison) fail(value_start, "expected a number after " + after, key);
      fail(value_start, "expected a value after " + after, key);
    }

    try {
      switch (info->kind) {
        case KeyKind::exact: exact(*info, key, value, negated, key_start); break;
        case KeyKind::name: name_term(value, negated, value_start); break;
        case KeyKind::cost: {
          if (decimal_length(value) != value.size()) fail(value_start, "expected a number after " + after, key);
          bound(f_.min_cost, f_.max_cost, op, filter_check::cost(key, to_double(value)), key, start);
          break;
        }
        case KeyKind::tokens: {
          const size_t len = decimal_length(value);
          if (len != value.size() || value.find('.') != std::string::npos)
            fail(value_start, "expected a whole number after " + after, key);
          int64_t n = 0;
          const auto r = std::from_chars(value.data(), value.data() + value.size(), n);
          if (r.ec != std::errc()) filter_check::too_many_tokens(key, value);
          bound(f_.min_tokens, f_.max_tokens, op, filter_check::tokens(key, n), key, start);
          break;
        }
        case KeyKind::duration: {
          const size_t len = decimal_length(value);
          if (len == 0) fail(value_start, "expected a duration after " + after + " (500ms, 2s, 1.5s, 3m)", key);
          const std::string_view unit = std::string_view(value).substr(len);
          double scale = 0;
          if (unit.empty() || unit == "ms") scale = 1;
          if (unit == "s") scale = 1000;
          if (unit == "m") scale = 60'000;
          if (unit == "h") scale = 3'600'000;
          if (scale == 0)
            fail(value_start + len, "unknown duration unit '" + std::string(unit) + "' (ms, s, m, h)", key);
          const double ms = to_double(std::string_view(value).substr(0, len)) * scale;
          bound(f_.min_duration_ms, f_.max_duration_ms, op, filter_check::duration_ms(key, ms), key, start);
          break;
        }
        case KeyKind::since:
        case KeyKind::until: {
          auto& slot = info->kind == KeyKind::since ? f_.since_ns : f_.until_ns;
          if (slot) fail(key_start, "key '" + key + "' given twice", key);
          slot = filter_check::time(key, value, now_ns_);
          break;
        }
      }
    } catch (const FilterProblem& p) {
      fail(value_start, "key '" + key + "': " + p.why, key);
    }
    try {
      filter_check::ranges(f_);
    } catch (const FilterProblem& p) {
      fail(start, "key '" + key + "': " + p.why, key);
    }
  }

  void name_term(const std::string& value, bool negated, size_t at) {
    try {
      std::string v = filter_check::text("name", value);
      if (negated)
        f_.negations.push_back({NegatableKey::name, std::move(v)});
      else
        f_.name_terms.push_back(std::move(v));
    } catch (const FilterProblem& p) {
      fail(at, "name: " + p.why, "name");
    }
  }

  void exact(const KeyInfo& info, const std::string& key, const std::string& value, bool negated, size_t key_start) {
    std::string v = filter_check::text(key, value);
    if (info.column == NegatableKey::kind) v = std::string(to_string(filter_check::kind(key, v)));
    if (info.column == NegatableKey::status) v = std::string(to_string(filter_check::status(key, v)));
    if (negated) {
      f_.negations.push_back({info.column, std::move(v)});
      return;
    }
    auto set = [&](auto& slot, auto parsed) {
      if (slot) fail(key_start, "key '" + key + "' given twice", key);
      slot = std::move(parsed);
    };
    switch (info.column) {
      case NegatableKey::model: set(f_.model, std::move(v)); break;
      case NegatableKey::provider: set(f_.provider, std::move(v)); break;
      case NegatableKey::kind: set(f_.kind, *parse_span_kind(v)); break;
      case NegatableKey::status: set(f_.status, *parse_span_status(v)); break;
      case NegatableKey::environment: set(f_.environment, std::move(v)); break;
      case NegatableKey::task: set(f_.task, std::move(v)); break;
      case NegatableKey::session_id: set(f_.session_id, std::move(v)); break;
      case NegatableKey::trace_id: set(f_.trace_id, std::move(v)); break;
      case NegatableKey::user_id: set(f_.user_id, std::move(v)); break;
      case NegatableKey::name: break;  // not an exact key
    }
  }

  template <class T>
  void bound(std::optional<Bound<T>>& lo, std::optional<Bound<T>>& hi, Op op, T value, const std::string& key,
             size_t term_start) {
    const bool lower_side = op == Op::gt || op == Op::ge;
    auto& slot = lower_side ? lo : hi;
    if (slot)
      fail(term_start, std::string(lower_side ? "lower" : "upper") + " bound of '" + key + "' given twice", key);
    slot = Bound<T>{value, op == Op::ge || op == Op::le};
  }
};

}  // namespace

Filter parse_query_text(std::string_view text, int64_t now_ns) {
  return Parser(text, now_ns).run();
}

}  // namespace tracesift
