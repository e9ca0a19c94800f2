#include "error.hpp"

namespace tracesift {

std::string_view errc_name(Errc code) noexcept {
  for (const auto& [c, name] : kErrorCodes) {
    if (c == code) return name;
  }
  return "internal";
}

}  // namespace tracesift
