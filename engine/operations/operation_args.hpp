// The arguments of one operation call as they cross from JavaScript: one JSON text per parameter.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/store/id_page.hpp"

namespace tracesift::ops {

/// The arguments of an operation call, in declaration order (worker/src/operations.ts): each the
/// JSON text of one argument, "" for an argument not given. Accessors refuse a value of the wrong
/// type with Errc::invalid_argument naming `field`.
class OperationArgs {
 public:
  /// Arguments as JSON texts ("" = not given).
  explicit OperationArgs(std::vector<std::string> texts) : texts_(std::move(texts)) {}

  /// The JSON text of argument `i` as given ("" when not given), for the engine's own parsers.
  std::string_view text(size_t i) const;
  /// Whether argument `i` was given.
  bool given(size_t i) const { return !text(i).empty(); }
  /// Argument `i`, a string; refused when missing.
  std::string string(size_t i, std::string_view field) const;
  /// Argument `i`, a string, or "" when not given.
  std::string optional_string(size_t i, std::string_view field) const;
  /// Argument `i`, a string, or nullopt when not given or empty.
  std::optional<std::string> optional_text(size_t i, std::string_view field) const;
  /// Argument `i`, a positive integer id (at most 2^53 - 1); refused as "`what` must be a positive integer".
  int64_t id(size_t i, std::string_view what, std::string_view field) const;
  /// Argument `i`, a JSON object ({} when not given), parsed; refused when not an object.
  nlohmann::json object(size_t i, std::string_view what) const;

 private:
  nlohmann::json value(size_t i, std::string_view field) const;
  std::vector<std::string> texts_;
};

/// The paging members of a request object, {"limit"?, "offset"?, "cursor"?} (a cursor of a `kind`
/// listing, or null), each refused naming its field; the limit defaults to 100. Any other key
/// than those and `other_keys` is refused naming it.
store::IdPage id_page(const nlohmann::json& request, std::string_view kind,
                      std::initializer_list<std::string_view> other_keys = {});

/// A page request as JSON text ("" = the first 100), as id_page reads it.
store::IdPage id_page_text(std::string_view json_text, std::string_view kind);

/// A count in a request object (a limit or an offset): a non-negative integer at most 2^53 - 1,
/// or `fallback` when the member is missing; refused naming `field`.
int64_t count_member(const nlohmann::json& request, std::string_view field, int64_t fallback);

}  // namespace tracesift::ops
