#include "engine/store/id_page.hpp"

#include <charconv>

#include "engine/error.hpp"

namespace tracesift::store {

std::string id_cursor(std::string_view kind, int64_t id) {
  return std::string(kind) + ":" + std::to_string(id);
}

int64_t id_after_cursor(std::string_view kind, std::string_view cursor) {
  const std::string prefix = std::string(kind) + ":";
  int64_t id = 0;
  const char* first = cursor.data() + prefix.size();
  const char* last = cursor.data() + cursor.size();
  const bool ours = cursor.starts_with(prefix) && first != last;
  if (ours) {
    const auto [end, ec] = std::from_chars(first, last, id);
    if (ec == std::errc() && end == last && id > 0) return id;
  }
  throw Error(Errc::invalid_argument,
              "invalid cursor: not a cursor of a " + std::string(kind) + " listing (pass the nextCursor of its page)",
              "cursor");
}

}  // namespace tracesift::store
