// Sampling is a pure function of (seed, span id), identical natively and in wasm, and the kept
// fraction converges to the rate.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "engine/sample/sample_hash.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_sample_hash {

using namespace tracesift;

TEST_CASE("sample keys are fixed values, the same on every platform", "[sample]") {
  // Pinned outputs (recorded from the first native run): this test also runs compiled to wasm,
  // and any change of the hash would silently change every saved recipe's captures.
  CHECK(hash_text("") == 0xf52a15e9a9b5e89bull);
  CHECK(hash_text("span-1") == 0x78168aae19729b41ull);
  CHECK(sample_key(0, hash_text("span-1")) == 0xa1d472fa166ac1c6ull);
  CHECK(sample_key(42, hash_text("5fa5518cde73df3d")) == 0xbcfa26bfa3b1e15dull);
  CHECK(default_seed("dataset", "rule") == 0x1adf8ff7bc4ea2ull);
}

TEST_CASE("the kept fraction converges to the rate", "[sample]") {
  constexpr int kSpans = 200000;
  for (const double rate : {0.0, 0.01, 0.1, 0.5, 1.0}) {
    int kept = 0;
    for (int i = 0; i < kSpans; ++i) kept += sample_passes(1234, hash_text("span-" + std::to_string(i)), rate);
    INFO("rate " << rate << " kept " << kept);
    if (rate == 0.0) {
      CHECK(kept == 0);
    } else if (rate == 1.0) {
      CHECK(kept == kSpans);
    } else {
      // Binomial: within 5 standard deviations (false alarm about 1 in 1.7 million).
      const double sd = std::sqrt(kSpans * rate * (1 - rate));
      CHECK(std::abs(kept - kSpans * rate) < 5 * sd);
    }
  }
}

TEST_CASE("different seeds choose different spans, the same seed the same ones", "[sample]") {
  int same = 0, both = 0;
  for (int i = 0; i < 20000; ++i) {
    const uint64_t h = hash_text("s" + std::to_string(i));
    const bool a = sample_passes(1, h, 0.5), b = sample_passes(2, h, 0.5);
    CHECK(a == sample_passes(1, h, 0.5));
    same += a == b;
    both += a && b;
  }
  // Independent halves agree about half the time and are both kept about a quarter of the time.
  CHECK(std::abs(same - 10000) < 5 * std::sqrt(20000 * 0.25));
  CHECK(std::abs(both - 5000) < 5 * std::sqrt(20000 * 0.1875));
}

}  // namespace test_sample_hash
