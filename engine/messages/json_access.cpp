// Reading source JSON forgivingly: members that may be missing or of another type.
#include "detail.hpp"

namespace tracesift::messages::detail {

const Json* member(const Json& o, std::string_view key) {
  if (!o.is_object()) return nullptr;
  const auto it = o.find(key);
  return it == o.end() ? nullptr : &*it;
}

const std::string* string_member(const Json& o, std::string_view key) {
  const Json* v = member(o, key);
  return v && v->is_string() ? &v->get_ref<const std::string&>() : nullptr;
}

const std::string* id_member(const Json& o, std::string_view key) {
  const std::string* s = string_member(o, key);
  return s && !s->empty() ? s : nullptr;
}

bool type_is(const Json& o, std::string_view type) {
  const std::string* t = string_member(o, "type");
  return t && *t == type;
}

bool is_empty(const Json& v) noexcept {
  return v.is_null() || ((v.is_string() || v.is_array() || v.is_object()) && v.empty()) ||
         (v.is_string() && v.get_ref<const std::string&>().empty());
}

void Conversion::leftover(size_t index, std::string_view key, const Json& value) {
  lossless = false;
  Json entry = Json::object();
  entry["message"] = index;
  entry[std::string(key)] = value;
  dropped.push_back(std::move(entry));
}

}  // namespace tracesift::messages::detail
