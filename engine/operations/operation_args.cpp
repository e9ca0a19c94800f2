#include "engine/operations/operation_args.hpp"

#include <algorithm>
#include <cmath>

#include "engine/error.hpp"

namespace tracesift::ops {

namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;

/// How a JSON value reads in an error message.
std::string shown(const nlohmann::json& v) {
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string_view OperationArgs::text(size_t i) const {
  return i < texts_.size() ? std::string_view(texts_[i]) : std::string_view();
}

nlohmann::json OperationArgs::value(size_t i, std::string_view field) const {
  nlohmann::json v = nlohmann::json::parse(text(i), nullptr, false);
  if (v.is_discarded())
    throw Error(Errc::invalid_argument, std::string(field) + " is not a JSON value", std::string(field));
  return v;
}

std::string OperationArgs::string(size_t i, std::string_view field) const {
  if (!given(i)) throw Error(Errc::invalid_argument, std::string(field) + " is required", std::string(field));
  const nlohmann::json v = value(i, field);
  if (!v.is_string())
    throw Error(Errc::invalid_argument, std::string(field) + " must be a string, got " + shown(v), std::string(field));
  return v.get<std::string>();
}

std::string OperationArgs::optional_string(size_t i, std::string_view field) const {
  return given(i) ? string(i, field) : std::string();
}

std::optional<std::string> OperationArgs::optional_text(size_t i, std::string_view field) const {
  std::string s = optional_string(i, field);
  if (s.empty()) return std::nullopt;
  return s;
}

int64_t OperationArgs::id(size_t i, std::string_view what, std::string_view field) const {
  const auto refuse = [&] {
    return Error(Errc::invalid_argument, std::string(what) + " must be a positive integer", std::string(field));
  };
  if (!given(i)) throw refuse();
  const nlohmann::json v = nlohmann::json::parse(text(i), nullptr, false);
  if (!v.is_number()) throw refuse();
  const double d = v.get<double>();
  if (!(d >= 1 && d <= kMaxSafeInteger) || d != std::floor(d)) throw refuse();
  return static_cast<int64_t>(d);
}

nlohmann::json OperationArgs::object(size_t i, std::string_view what) const {
  if (!given(i)) return nlohmann::json::object();
  nlohmann::json v = value(i, what);
  if (!v.is_object()) throw Error(Errc::invalid_argument, std::string(what) + " must be a JSON object");
  return v;
}

store::IdPage id_page(const nlohmann::json& request, std::string_view kind,
                      std::initializer_list<std::string_view> other_keys) {
  for (const auto& [key, value] : request.items()) {
    const bool known = key == "limit" || key == "offset" || key == "cursor" ||
                       std::find(other_keys.begin(), other_keys.end(), key) != other_keys.end();
    if (!known) {
      std::string keys = "limit, offset, cursor";
      for (const auto other : other_keys) keys += ", " + std::string(other);
      throw Error(Errc::invalid_argument,
                  "unknown key '" + key + "' of a " + std::string(kind) + " page (" + keys + ")", key);
    }
  }
  store::IdPage page{.limit = count_member(request, "limit", 100), .offset = count_member(request, "offset", 0)};
  const auto cursor = request.find("cursor");
  if (cursor != request.end() && !cursor->is_null()) {
    if (!cursor->is_string()) throw Error(Errc::invalid_argument, "cursor must be a string", "cursor");
    page.after_id = store::id_after_cursor(kind, cursor->get<std::string>());
  }
  return page;
}

store::IdPage id_page_text(std::string_view json_text, std::string_view kind) {
  if (json_text.empty()) return {};
  const nlohmann::json request = nlohmann::json::parse(json_text, nullptr, false);
  if (request.is_discarded() || !request.is_object())
    throw Error(Errc::invalid_argument, "a page must be a JSON object {limit?, offset?, cursor?}", "page");
  return id_page(request, kind);
}

int64_t count_member(const nlohmann::json& request, std::string_view field, int64_t fallback) {
  const auto it = request.find(field);
  if (it == request.end()) return fallback;
  const bool whole =
      it->is_number_integer() || (it->is_number_float() && std::floor(it->get<double>()) == it->get<double>());
  if (!whole || it->get<double>() < 0 || it->get<double>() > kMaxSafeInteger) {
    throw Error(Errc::invalid_argument, std::string(field) + " must be a non-negative integer, got " + shown(*it),
                std::string(field));
  }
  return static_cast<int64_t>(it->get<double>());
}

}  // namespace tracesift::ops
