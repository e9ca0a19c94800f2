// OpenTelemetry attributes (OTLP key/AnyValue lists or flat objects) as one ordered flat map.
#include "otel_attributes.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "../json_text.hpp"
#include "../messages/messages.hpp"
#include "json_fields.hpp"

namespace tracesift::import {

namespace {

// The member `camel` or, as the protobuf JSON mapping also allows, `snake`; nullptr if neither.
const Json* member(const Json& object, const char* camel, const char* snake) {
  auto it = object.find(camel);
  if (it == object.end()) it = object.find(snake);
  return it == object.end() ? nullptr : &*it;
}

// intValue: a JSON integer, or a decimal string (int64 is a string in the protobuf JSON mapping).
Json int_value(const Json& v) {
  if (v.is_number_integer()) return v;
  if (v.is_number_float() && std::trunc(v.get<double>()) == v.get<double>() && std::abs(v.get<double>()) < 9.0e18) {
    return static_cast<int64_t>(v.get<double>());
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    int64_t n = 0;
    const char* first = s.data() + (!s.empty() && s[0] == '+' ? 1 : 0);
    const auto [end, ec] = std::from_chars(first, s.data() + s.size(), n);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return n;
  }
  return v;  // not an integer: kept as given
}

// doubleValue: a number, or a string ("NaN", "Infinity" and numbers may be strings in proto JSON).
Json double_value(const Json& v) {
  if (v.is_number()) return v;
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size() && std::isfinite(d)) return d;
  }
  return v;  // NaN, infinities and oddities stay strings
}

// The value of an AnyValue that can be referenced in place, or nullptr when it must be converted.
const Json* any_value_in_place(const Json& any) {
  if (!any.is_object() || any.size() != 1) return nullptr;
  const auto it = any.begin();
  const std::string& k = it.key();
  if ((k == "stringValue" || k == "string_value") && it->is_string()) return &*it;
  if ((k == "boolValue" || k == "bool_value") && it->is_boolean()) return &*it;
  if ((k == "intValue" || k == "int_value") && it->is_number_integer()) return &*it;
  if ((k == "doubleValue" || k == "double_value") && it->is_number()) return &*it;
  if ((k == "bytesValue" || k == "bytes_value") && it->is_string()) return &*it;
  return nullptr;
}

}  // namespace

Json otel_any_value(const Json& any) {
  if (!any.is_object()) return any;
  if (any.empty()) return nullptr;  // an AnyValue with no value set
  if (any.size() != 1) return any;
  const auto it = any.begin();
  const std::string& k = it.key();
  const Json& v = *it;
  if (k == "stringValue" || k == "string_value" || k == "boolValue" || k == "bool_value" || k == "bytesValue" ||
      k == "bytes_value") {
    return v;
  }
  if (k == "intValue" || k == "int_value") return int_value(v);
  if (k == "doubleValue" || k == "double_value") return double_value(v);
  if (k == "arrayValue" || k == "array_value") {
    if (!v.is_object()) return any;
    Json out = Json::array();
    if (const Json* values = member(v, "values", "values"); values && values->is_array()) {
      for (const Json& e : *values) out.push_back(otel_any_value(e));
    } else if (values) {
      return any;
    }
    return out;
  }
  if (k == "kvlistValue" || k == "kvlist_value") {
    if (!v.is_object()) return any;
    Json out = Json::object();  // the keys in list order
    const Json* values = member(v, "values", "values");
    if (!values) return out;
    if (!values->is_array()) return any;
    for (const Json& kv : *values) {
      const Json* key = kv.is_object() ? member(kv, "key", "key") : nullptr;
      if (!key || !key->is_string()) return any;  // not a kvlist after all: keep it whole
      const Json* value = member(kv, "value", "value");
      out[key->get<std::string>()] = value ? otel_any_value(*value) : Json(nullptr);
    }
    return out;
  }
  return any;
}

void OtelAttributes::clear() noexcept {
  entries_.clear();
  sorted_.clear();
}

void OtelAttributes::add(std::string_view key, const Json& value) {
  entries_.push_back({key, &value, {}, false});
}

void OtelAttributes::add_owned(std::string_view key, Json value) {
  entries_.push_back({key, nullptr, std::move(value), false});
}

void OtelAttributes::index() {
  sorted_.resize(entries_.size());
  for (uint32_t i = 0; i < sorted_.size(); ++i) sorted_[i] = i;
  std::stable_sort(sorted_.begin(), sorted_.end(),
                   [this](uint32_t a, uint32_t b) { return entries_[a].key < entries_[b].key; });
  // A repeated key: the first entry takes the last value; the others are dropped.
  size_t out = 0;
  for (size_t i = 0; i < sorted_.size();) {
    size_t j = i + 1;
    while (j < sorted_.size() && entries_[sorted_[j]].key == entries_[sorted_[i]].key) ++j;
    if (j - i > 1) {
      OtelAttribute& first = entries_[sorted_[i]];
      OtelAttribute& last = entries_[sorted_[j - 1]];
      first.ref = last.ref;
      first.owned = std::move(last.owned);
      for (size_t k = i + 1; k < j; ++k) entries_[sorted_[k]].consumed = true;
    }
    sorted_[out++] = sorted_[i];
    i = j;
  }
  sorted_.resize(out);
}

size_t OtelAttributes::lower_bound(std::string_view key) const noexcept {
  const auto it = std::lower_bound(sorted_.begin(), sorted_.end(), key,
                                   [this](uint32_t i, std::string_view k) { return entries_[i].key < k; });
  return static_cast<size_t>(it - sorted_.begin());
}

OtelAttribute* OtelAttributes::find(std::string_view key) noexcept {
  const size_t i = lower_bound(key);
  if (i < sorted_.size() && entries_[sorted_[i]].key == key) return &entries_[sorted_[i]];
  return nullptr;
}

const OtelAttribute* OtelAttributes::find(std::string_view key) const noexcept {
  return const_cast<OtelAttributes*>(this)->find(key);
}

const Json* OtelAttributes::get(std::string_view key) const noexcept {
  const OtelAttribute* a = find(key);
  return a && !a->consumed ? &a->value() : nullptr;
}

const std::string* OtelAttributes::get_string(std::string_view key) const noexcept {
  const Json* v = get(key);
  if (!v || !v->is_string()) return nullptr;
  const auto& s = v->get_ref<const std::string&>();
  return s.empty() ? nullptr : &s;
}

void OtelAttributes::consume(std::string_view key) noexcept {
  if (OtelAttribute* a = find(key)) a->consumed = true;
}

bool OtelAttributes::all_consumed() const noexcept {
  for (const uint32_t i : sorted_) {
    if (!entries_[i].consumed) return false;
  }
  return true;
}

void OtelAttributes::append_members(std::string& out, bool& first) const {
  for (const OtelAttribute& a : entries_) {
    if (a.consumed) continue;
    append_json_key(out, a.key, first);
    first = false;
    append_json_value(out, a.value());
  }
}

void OtelAttributes::append_object(std::string& out, std::span<const std::string_view> skip) const {
  out += '{';
  bool first = true;
  for (const OtelAttribute& a : entries_) {
    if (a.consumed || std::find(skip.begin(), skip.end(), a.key) != skip.end()) continue;
    append_json_key(out, a.key, first);
    first = false;
    append_json_value(out, a.value());
  }
  out += '}';
}

Json OtelAttributes::to_json() const {
  Json out = Json::object();
  for (const OtelAttribute& a : entries_) {
    if (!a.consumed) out[std::string(a.key)] = a.value();
  }
  return out;
}

std::string otel_attributes(const Json* key_values, std::string_view field, OtelAttributes& out) {
  out.clear();
  if (!key_values || key_values->is_null()) {
    out.index();
    return {};
  }
  if (!key_values->is_array()) {
    return "field '" + std::string(field) + "': expected an array of {key, value}, got " + brief(*key_values);
  }
  size_t i = 0;
  for (const Json& kv : *key_values) {
    const Json* key = nullptr;
    const Json* value = nullptr;
    if (kv.is_object()) {
      for (auto it = kv.begin(); it != kv.end(); ++it) {
        const std::string_view k = it.key();
        if (k == "key") {
          key = &*it;
        } else if (k == "value") {
          value = &*it;
        }
      }
    }
    if (!key || !key->is_string()) {
      return "field '" + std::string(field) + "[" + std::to_string(i) +
             "]': expected {\"key\": string, \"value\": AnyValue}, got " + brief(kv);
    }
    const std::string& k = key->get_ref<const std::string&>();
    if (!value) {
      out.add_owned(k, nullptr);
    } else if (const Json* in_place = any_value_in_place(*value)) {
      out.add(k, *in_place);
    } else {
      out.add_owned(k, otel_any_value(*value));
    }
    ++i;
  }
  out.index();
  return {};
}

std::string flat_attributes(const Json* attributes, std::string_view field, OtelAttributes& out) {
  if (attributes && attributes->is_array()) return otel_attributes(attributes, field, out);
  out.clear();
  if (attributes && !attributes->is_null()) {
    if (!attributes->is_object())
      return "field '" + std::string(field) + "': expected an object, got " + brief(*attributes);
    for (auto it = attributes->begin(); it != attributes->end(); ++it) out.add(it.key(), *it);
  }
  out.index();
  return {};
}

void append_json_value(std::string& out, const Json& value) {
  if (value.is_string()) {
    append_json_string(out, value.get_ref<const std::string&>());
    return;
  }
  nlohmann::detail::serializer<Json> writer(nlohmann::detail::output_adapter<char>(out), ' ',
                                            Json::error_handler_t::replace);
  writer.dump(value, false, false, 0);
}

std::optional<Json> attribute_json_text(std::string_view text) {
  return messages::parse_json_text(text);
}

}  // namespace tracesift::import
