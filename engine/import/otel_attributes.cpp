// OpenTelemetry attributes (OTLP key/AnyValue lists or flat objects) as one ordered flat map.
#include "otel_attributes.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "../json_text.hpp"
#include "../messages/messages.hpp"
#include "json_fields.hpp"

namespace tracesift::import {

using nlohmann::json;

namespace {

// The member `camel` or, as the protobuf JSON mapping also allows, `snake`; nullptr if neither.
const json* member(const json& object, const char* camel, const char* snake) {
  auto it = object.find(camel);
  if (it == object.end()) it = object.find(snake);
  return it == object.end() ? nullptr : &*it;
}

// intValue: a JSON integer, or a decimal string (int64 is a string in the protobuf JSON mapping).
json int_value(const json& v) {
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
json double_value(const json& v) {
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
const json* any_value_in_place(const json& any) {
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

namespace {

// otel_any_value into J: nlohmann::json (keys sorted) or ordered_json (a kvlistValue's keys in
// list order). `kvlist` is set when a kvlistValue was converted (only then do the two differ).
template <class J>
J any_value(const json& any, bool& kvlist) {
  if (!any.is_object()) return J(any);
  if (any.empty()) return nullptr;  // an AnyValue with no value set
  if (any.size() != 1) return J(any);
  const auto it = any.begin();
  const std::string& k = it.key();
  const json& v = *it;
  if (k == "stringValue" || k == "string_value" || k == "boolValue" || k == "bool_value" || k == "bytesValue" ||
      k == "bytes_value") {
    return J(v);
  }
  if (k == "intValue" || k == "int_value") return J(int_value(v));
  if (k == "doubleValue" || k == "double_value") return J(double_value(v));
  if (k == "arrayValue" || k == "array_value") {
    if (!v.is_object()) return J(any);
    J out = J::array();
    if (const json* values = member(v, "values", "values"); values && values->is_array()) {
      for (const json& e : *values) out.push_back(any_value<J>(e, kvlist));
    } else if (values) {
      return J(any);
    }
    return out;
  }
  if (k == "kvlistValue" || k == "kvlist_value") {
    if (!v.is_object()) return J(any);
    J out = J::object();
    const json* values = member(v, "values", "values");
    if (!values) return out;
    if (!values->is_array()) return J(any);
    kvlist = true;
    for (const json& kv : *values) {
      const json* key = kv.is_object() ? member(kv, "key", "key") : nullptr;
      if (!key || !key->is_string()) return J(any);  // not a kvlist after all: keep it whole
      const json* value = member(kv, "value", "value");
      out[key->get<std::string>()] = value ? any_value<J>(*value, kvlist) : J(nullptr);
    }
    return out;
  }
  return J(any);
}

// True when the AnyValue holds a kvlistValue (itself, or in an arrayValue).
bool holds_kvlist(const json& any) {
  if (!any.is_object() || any.size() != 1) return false;
  const auto it = any.begin();
  const std::string& k = it.key();
  if (k == "kvlistValue" || k == "kvlist_value") return true;
  if (k != "arrayValue" && k != "array_value") return false;
  const json* values = it->is_object() ? member(*it, "values", "values") : nullptr;
  if (!values || !values->is_array()) return false;
  return std::any_of(values->begin(), values->end(), [](const json& e) { return holds_kvlist(e); });
}

// Appends an attribute's value: its ordered form when it has one.
void append_attribute_value(std::string& out, const OtelAttribute& a) {
  if (a.keeps_order) {
    out += a.ordered.dump(-1, ' ', false, json::error_handler_t::replace);
  } else {
    append_json_value(out, a.value());
  }
}

}  // namespace

json otel_any_value(const json& any) {
  bool kvlist = false;
  return any_value<json>(any, kvlist);
}

std::optional<nlohmann::ordered_json> otel_any_value_ordered(const json& any) {
  if (!holds_kvlist(any)) return std::nullopt;  // the common case: ints, strings, arrays of them
  bool kvlist = false;
  auto out = any_value<nlohmann::ordered_json>(any, kvlist);
  if (!kvlist) return std::nullopt;
  return out;
}

void OtelAttributes::clear() noexcept {
  entries_.clear();
  sorted_.clear();
}

void OtelAttributes::add(std::string_view key, const json& value) {
  entries_.push_back({key, &value, {}, false, {}, false});
}

void OtelAttributes::add_owned(std::string_view key, json value) {
  entries_.push_back({key, nullptr, std::move(value), false, {}, false});
}

void OtelAttributes::add_owned(std::string_view key, json value, nlohmann::ordered_json ordered) {
  entries_.push_back({key, nullptr, std::move(value), false, std::move(ordered), true});
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
      first.ordered = std::move(last.ordered);
      first.keeps_order = last.keeps_order;
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

const json* OtelAttributes::get(std::string_view key) const noexcept {
  const OtelAttribute* a = find(key);
  return a && !a->consumed ? &a->value() : nullptr;
}

const std::string* OtelAttributes::get_string(std::string_view key) const noexcept {
  const json* v = get(key);
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
    append_attribute_value(out, a);
  }
}

void OtelAttributes::append_object(std::string& out, std::span<const std::string_view> skip) const {
  out += '{';
  bool first = true;
  for (const OtelAttribute& a : entries_) {
    if (a.consumed || std::find(skip.begin(), skip.end(), a.key) != skip.end()) continue;
    append_json_key(out, a.key, first);
    first = false;
    append_attribute_value(out, a);
  }
  out += '}';
}

nlohmann::ordered_json OtelAttributes::to_json() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const OtelAttribute& a : entries_) {
    if (!a.consumed) out[std::string(a.key)] = a.keeps_order ? a.ordered : nlohmann::ordered_json(a.value());
  }
  return out;
}

std::string otel_attributes(const json* key_values, std::string_view field, OtelAttributes& out) {
  out.clear();
  if (!key_values || key_values->is_null()) {
    out.index();
    return {};
  }
  if (!key_values->is_array()) {
    return "field '" + std::string(field) + "': expected an array of {key, value}, got " + brief(*key_values);
  }
  size_t i = 0;
  for (const json& kv : *key_values) {
    const json* key = nullptr;
    const json* value = nullptr;
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
    } else if (const json* in_place = any_value_in_place(*value)) {
      out.add(k, *in_place);
    } else if (auto ordered = otel_any_value_ordered(*value)) {
      // A kvlistValue inside: the mapping reads the value, the span is written in source order.
      out.add_owned(k, otel_any_value(*value), std::move(*ordered));
    } else {
      out.add_owned(k, otel_any_value(*value));
    }
    ++i;
  }
  out.index();
  return {};
}

std::string flat_attributes(const json* attributes, std::string_view field, OtelAttributes& out) {
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

void append_json_value(std::string& out, const json& value) {
  if (value.is_string()) {
    append_json_string(out, value.get_ref<const std::string&>());
    return;
  }
  nlohmann::detail::serializer<json> writer(nlohmann::detail::output_adapter<char>(out), ' ',
                                            json::error_handler_t::replace);
  writer.dump(value, false, false, 0);
}

std::optional<nlohmann::json> attribute_json_text(std::string_view text) {
  auto value = messages::parse_json_text(text);
  if (!value) return std::nullopt;
  return nlohmann::json(*value);
}

}  // namespace tracesift::import
