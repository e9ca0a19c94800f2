// Reproducible per-span sampling: a decision is a pure function of (seed, span id), computed with
// our own 64-bit hash so native and wasm builds (libstdc++ vs libc++) decide identically.
#pragma once

#include <cstdint>
#include <string_view>

namespace tracesift {

/// SplitMix64's finaliser: a bijective 64-bit mix with full avalanche.
constexpr uint64_t mix64(uint64_t x) noexcept {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

/// A 64-bit hash of a string (FNV-1a over the bytes, then mix64); stable across platforms.
uint64_t hash_text(std::string_view text) noexcept;

/// The sampling key of one span under one seed: uniform over 64 bits for distinct span ids.
/// `span_hash` is hash_text(span_id).
constexpr uint64_t sample_key(uint64_t seed, uint64_t span_hash) noexcept {
  return mix64(span_hash ^ mix64(seed + 0x9e3779b97f4a7c15ull));
}

/// The sampling key as a number in [0, 1).
constexpr double sample_unit(uint64_t seed, uint64_t span_hash) noexcept {
  return static_cast<double>(sample_key(seed, span_hash) >> 11) * 0x1.0p-53;
}

/// Whether a span with `span_hash` is kept at `rate` (0 keeps none, 1 keeps all) under `seed`.
constexpr bool sample_passes(uint64_t seed, uint64_t span_hash, double rate) noexcept {
  return sample_unit(seed, span_hash) < rate;
}

/// Largest seed accepted from users: seeds travel through JSON and JavaScript numbers exactly.
inline constexpr uint64_t kMaxSeed = (1ull << 53) - 1;

/// The seed a rule gets when none is given: derived from its dataset and name, so two rules do
/// not sample the same spans by accident and the same recipe gives the same seed everywhere.
uint64_t default_seed(std::string_view dataset, std::string_view rule_name) noexcept;

}  // namespace tracesift
