// A string dictionary: each distinct value gets a small dense id, so the fact table can compare
// and count values as integers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tracesift {

/// Interned strings with dense ids; id 0 is reserved for "no value" (SQL NULL).
class Dictionary {
 public:
  /// The id meaning "no value".
  static constexpr uint32_t kNull = 0;

  Dictionary() : values_(1) {}

  /// The id of `value`, adding it when new.
  uint32_t intern(std::string_view value) {
    key_.assign(value);
    const auto [it, added] = ids_.try_emplace(key_, static_cast<uint32_t>(values_.size()));
    if (added) values_.push_back(key_);
    return it->second;
  }
  /// The id of an optional value (kNull when absent).
  uint32_t intern(const std::optional<std::string_view>& value) { return value ? intern(*value) : kNull; }
  /// The id of `value` if it is known.
  std::optional<uint32_t> find(std::string_view value) const {
    key_.assign(value);
    const auto it = ids_.find(key_);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  /// The value of an id (id 0 gives the empty string; callers treat it as null).
  const std::string& value(uint32_t id) const { return values_[id]; }
  /// Number of ids handed out, counting the null id.
  size_t size() const noexcept { return values_.size(); }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> values_;
  mutable std::string key_;  // reused lookup key: avoids an allocation per lookup of long values
};

}  // namespace tracesift
