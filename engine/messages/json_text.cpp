// JSON text held in strings, parsed with its key order kept; compact output.
#include <simdjson.h>

#include "../json_depth.hpp"
#include "messages.hpp"

namespace tracesift::messages {

namespace {

// A simdjson DOM value as ordered JSON (depth is bounded by the parser's max_depth).
Json ordered_from_dom(simdjson::dom::element e) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::ARRAY: {
      Json array = Json::array();
      const simdjson::dom::array children = e.get_array().value_unsafe();  // a copy: the result is a temporary
      for (const auto child : children) array.push_back(ordered_from_dom(child));
      return array;
    }
    case element_type::OBJECT: {
      Json object = Json::object();
      auto& members = object.get_ref<Json::object_t&>();
      const simdjson::dom::object fields = e.get_object().value_unsafe();
      for (const auto field : fields) {
        // A repeated key: the last value wins, at the place of the first.
        auto value = ordered_from_dom(field.value);
        const auto it = members.find(field.key);
        if (it != members.end()) {
          it->second = std::move(value);
        } else {
          members.emplace_back(std::string(field.key), std::move(value));
        }
      }
      return object;
    }
    case element_type::STRING: return std::string(e.get_string().value_unsafe());
    case element_type::INT64: return e.get_int64().value_unsafe();
    case element_type::UINT64: return e.get_uint64().value_unsafe();
    case element_type::DOUBLE: return e.get_double().value_unsafe();
    case element_type::BOOL: return e.get_bool().value_unsafe();
    case element_type::NULL_VALUE: return nullptr;
  }
  return nullptr;
}

}  // namespace

std::optional<Json> parse_json_text(std::string_view text) {
  // Design note: message attributes are parsed for nearly every LLM span; simdjson's parser plus
  // building the DOM takes about 40% of the time nlohmann's own parser does. Anything simdjson
  // refuses (e.g. integers beyond 64 bits) goes through nlohmann, so the result is the same.
  constexpr size_t kShrinkAbove = 8u << 20;
  thread_local simdjson::dom::parser parser;
  if (parser.max_depth() != static_cast<size_t>(kMaxJsonDepth)) {
    if (parser.allocate(64u << 10, kMaxJsonDepth) != simdjson::SUCCESS) return std::nullopt;
  }
  simdjson::dom::element root;
  std::optional<Json> out;
  if (parser.parse(text.data(), text.size(), true).get(root) == simdjson::SUCCESS) {
    out = ordered_from_dom(root);
  } else if (json_nesting_depth(text, kMaxJsonDepth) <= kMaxJsonDepth) {
    Json value = Json::parse(text.begin(), text.end(), nullptr, false);
    if (!value.is_discarded()) out = std::move(value);
  }
  if (text.size() > kShrinkAbove) parser = simdjson::dom::parser{};  // give back what a huge value took
  return out;
}

bool looks_like_json_container(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
}

std::string compact_text(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace tracesift::messages
