// Typed, forgiving reads of JSON values for the trace-format readers.
#include "json_fields.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <vector>

#include "../json_text.hpp"
#include "../span.hpp"
#include "../timestamp.hpp"
#include "format_reader.hpp"

namespace tracesift::import {

namespace {

std::string_view trim(std::string_view s) noexcept {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// True when `s` could be a JSON text at all (cheap test that spares a parse of plain prose).
bool may_be_json(std::string_view s) noexcept {
  s = trim(s);
  if (s.empty()) return false;
  const char c = s.front();
  if (c == '{') return s.back() == '}';
  if (c == '[') return s.back() == ']';
  if (c == '"') return s.size() >= 2 && s.back() == '"';
  if (c == '-' || (c >= '0' && c <= '9')) return true;
  return s == "true" || s == "false" || s == "null";
}

// True when `s` holds a JSON object or array (the only nested strings deep parsing opens).
bool may_be_container(std::string_view s) noexcept {
  s = trim(s);
  return s.size() >= 2 && ((s.front() == '{' && s.back() == '}') || (s.front() == '[' && s.back() == ']'));
}

// `text` parsed, or nullopt when it is not JSON or holds a number no span can store exactly.
std::optional<Json> try_parse(const std::string& text) {
  std::string error;
  return parse_json_record(text, error);
}

Json deep_parse(const Json& v, int depth) {
  if (depth > kMaxJsonDepth) return v;
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (!may_be_container(s)) return v;
    auto parsed = try_parse(s);
    if (!parsed) return v;
    return deep_parse(*parsed, depth + 1);
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (const auto& e : v) out.push_back(deep_parse(e, depth + 1));
    return out;
  }
  if (v.is_object()) {
    Json out = Json::object();
    auto& members = out.get_ref<Json::object_t&>();  // appended: the keys are unique already
    for (const auto& [k, e] : v.get_ref<const Json::object_t&>()) members.emplace_back(k, deep_parse(e, depth + 1));
    return out;
  }
  return v;
}

Json parse_embedded(const Json& v) {
  Json out = v;
  for (int round = 0; round < 4 && out.is_string(); ++round) {
    const auto& s = out.get_ref<const std::string&>();
    if (round == 0 ? !may_be_json(s) : !may_be_container(s)) break;
    auto parsed = try_parse(s);
    if (!parsed) break;
    out = std::move(*parsed);
  }
  return out;
}

const Json* member_of(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

bool empty_value(const Json& v) noexcept {
  if (v.is_null()) return true;
  if (v.is_string()) return v.get_ref<const std::string&>().empty();
  if (v.is_object() || v.is_array()) return v.empty();
  return false;
}

}  // namespace

void field_error(std::string_view path, std::string_view why) {
  throw RecordError{"field '" + std::string(path) + "': " + std::string(why)};
}

const Json* field(const Json& object, std::string_view key) {
  return member_of(object, key);
}

std::optional<std::string> string_field(const Json& object, std::string_view key, std::string_view path) {
  const Json* v = field(object, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) field_error(path, "expected a string, got " + brief(*v));
  return v->get<std::string>();
}

std::optional<std::string> string_if(const Json& object, std::string_view key) {
  const Json* v = field(object, key);
  if (!v || !v->is_string() || v->get_ref<const std::string&>().empty()) return std::nullopt;
  return v->get<std::string>();
}

std::optional<int64_t> count_value(const Json& v) {
  std::optional<int64_t> n;
  if (v.is_number_unsigned()) {
    const auto u = v.get<uint64_t>();
    if (u <= static_cast<uint64_t>(kMaxTokenCount)) n = static_cast<int64_t>(u);
  } else if (v.is_number_integer()) {
    n = v.get<int64_t>();
  } else if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d >= 0 && d <= static_cast<double>(kMaxTokenCount) && std::floor(d) == d) {
      n = static_cast<int64_t>(d);
    }
  } else if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    int64_t parsed = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), parsed);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) n = parsed;
  }
  if (!n || *n < 0 || *n > kMaxTokenCount) return std::nullopt;
  return n;
}

namespace {

// True when `v` is a count but for its size (an integer, integral number or decimal string above
// kMaxTokenCount): its message names the limit.
bool count_too_large(const Json& v) {
  if (v.is_number_unsigned()) return v.get<uint64_t>() > static_cast<uint64_t>(kMaxTokenCount);
  if (v.is_number_integer()) return v.get<int64_t>() > kMaxTokenCount;
  if (v.is_number_float()) return v.get<double>() > static_cast<double>(kMaxTokenCount);
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    return s.size() > 16 && s.find_first_not_of("0123456789") == std::string::npos;
  }
  return false;
}

}  // namespace

int64_t required_count(const Json& v, std::string_view path) {
  if (const auto n = count_value(v)) return *n;
  field_error(path, bad_token_count(brief(v), count_too_large(v)));
}

std::optional<int64_t> count_field(const Json& object, std::string_view key, std::string_view path) {
  const Json* v = field(object, key);
  if (!v) return std::nullopt;
  return required_count(*v, path);
}

std::optional<double> cost_value(const Json& v) {
  double d = 0;
  if (v.is_number()) {
    d = v.get<double>();
  } else if (v.is_string()) {
    const auto parsed = try_parse(v.get<std::string>());
    if (!parsed || !parsed->is_number()) return std::nullopt;
    d = parsed->get<double>();
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(d) || d < 0) return std::nullopt;
  return d;
}

double required_cost(const Json& v, std::string_view path) {
  if (const auto c = cost_value(v)) return *c;
  field_error(path, "expected a number of US dollars >= 0, got " + brief(v));
}

namespace {

// A Unix time number `n` in units of `scale` ns, refused when the product leaves int64.
std::optional<int64_t> scaled_time(int64_t n, int64_t scale, std::string_view path, const Json& v) {
  if (n > kMaxTimeNs / scale) field_error(path, time_out_of_range(brief(v)));
  return n * scale;
}

}  // namespace

std::optional<int64_t> time_value(const Json& v, std::string_view path) {
  if (v.is_string()) {
    std::string s(trim(v.get_ref<const std::string&>()));
    // Langfuse and many loggers write UTC times without an offset ("2025-06-06T11:31:33.965").
    if (s.size() >= 19 && s.find_first_of("Zz+", 19) == std::string::npos && s.find('-', 19) == std::string::npos) {
      s += 'Z';
    }
    TimeError error;
    const auto ns = parse_rfc3339(s, error);
    if (error == TimeError::out_of_range) field_error(path, time_out_of_range(brief(v)));
    return ns;
  }
  if (!v.is_number()) return std::nullopt;
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!std::isfinite(d) || d <= 0) return std::nullopt;
    const int64_t scale = d < 1e11 ? 1'000'000'000 : d < 1e14 ? 1'000'000 : d < 1e17 ? 1'000 : 1;
    // 2^63 - 1024 is the largest double below 2^63: a product under it converts without overflow.
    if (d * static_cast<double>(scale) >= 9223372036854774784.0) field_error(path, time_out_of_range(brief(v)));
    // Whole and fractional parts apart: a double holds nanoseconds since 1970 only to ~256 ns.
    const double whole = std::floor(d);
    return static_cast<int64_t>(whole) * scale + std::llround((d - whole) * static_cast<double>(scale));
  }
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(kMaxTimeNs)) {
    field_error(path, time_out_of_range(brief(v)));
  }
  const int64_t n = v.get<int64_t>();
  if (n <= 0) return std::nullopt;
  if (n < 100'000'000'000) return scaled_time(n, 1'000'000'000, path, v);  // seconds
  if (n < 100'000'000'000'000) return scaled_time(n, 1'000'000, path, v);  // milliseconds
  if (n < 100'000'000'000'000'000) return scaled_time(n, 1'000, path, v);  // microseconds
  return n;                                                                // nanoseconds
}

Json parse_embedded_json(const Json& v) {
  return parse_embedded(v);
}

Json deep_parse_json(const Json& v) {
  return deep_parse(v, 0);
}

std::string compact(const Json& v) {
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {

// Writes `v` with sorted keys, as nlohmann::json's dump writes it (without building that DOM: a
// std::map per object would cost more than the rest of an openai-chat record's import).
void append_sorted(std::string& out, const Json& v, nlohmann::detail::serializer<Json>& scalars) {
  if (v.is_object()) {
    using Member = Json::object_t::value_type;
    std::vector<const Member*> members;
    members.reserve(v.size());
    for (const auto& m : v.get_ref<const Json::object_t&>()) members.push_back(&m);
    std::sort(members.begin(), members.end(), [](const Member* a, const Member* b) { return a->first < b->first; });
    out += '{';
    bool first = true;
    for (const Member* m : members) {
      append_json_key(out, m->first, first);
      first = false;
      append_sorted(out, m->second, scalars);
    }
    out += '}';
  } else if (v.is_array()) {
    out += '[';
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out += ',';
      append_sorted(out, v[i], scalars);
    }
    out += ']';
  } else if (v.is_string()) {
    append_json_string(out, v.get_ref<const std::string&>());
  } else {
    scalars.dump(v, false, false, 0);
  }
}

}  // namespace

std::string sorted_compact(const Json& v) {
  std::string out;
  nlohmann::detail::serializer<Json> scalars(nlohmann::detail::output_adapter<char>(out), ' ',
                                             Json::error_handler_t::replace);
  append_sorted(out, v, scalars);
  return out;
}

std::string brief(const Json& v) {
  std::string s = compact(v);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string to_lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_empty_value(const Json& v) noexcept {
  return empty_value(v);
}

void put_if_present(Json& out, const std::string& key, const Json& value) {
  if (!is_empty_value(value)) out[key] = value;
}

}  // namespace tracesift::import
