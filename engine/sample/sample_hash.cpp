#include "sample_hash.hpp"

namespace tracesift {

uint64_t hash_text(std::string_view text) noexcept {
  uint64_t h = 0xcbf29ce484222325ull;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return mix64(h ^ text.size());
}

uint64_t default_seed(std::string_view dataset, std::string_view rule_name) noexcept {
  return mix64(hash_text(dataset) * 31 + hash_text(rule_name)) & kMaxSeed;
}

}  // namespace tracesift
