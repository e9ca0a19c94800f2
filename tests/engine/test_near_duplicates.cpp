// Near-duplicate detection: exact verification above the threshold, LSH recall on pairs of known
// Jaccard similarity, and signatures pinned so the wasm run of these tests proves native == wasm.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "engine/dataset/input_text.hpp"
#include "engine/dataset/near_duplicates.hpp"
#include "engine/error.hpp"
#include "engine/sample/sample_hash.hpp"

// Each test file has a namespace of its own: the test files are compiled several to a unit.
namespace test_near_duplicates {

using namespace tracesift;

namespace {

// `n` distinct words, a deterministic function of (stream, i).
std::vector<std::string> words(uint64_t stream, size_t n) {
  std::vector<std::string> w;
  for (size_t i = 0; i < n; ++i) w.push_back("w" + std::to_string(mix64(stream * 1000003 + i) % 1000000007));
  return w;
}

std::string join(const std::vector<std::string>& w) {
  std::string s;
  for (const auto& x : w) {
    if (!s.empty()) s += ' ';
    s += x;
  }
  return s;
}

// A pair of texts whose word 3-gram sets have exactly `shared` common shingles and `d` of their
// own each: B is A with its last d words replaced, so J = shared / (shared + 2d).
std::pair<std::string, std::string> pair_with(uint64_t stream, size_t shared, size_t d) {
  std::vector<std::string> a = words(stream, shared + 2 + d);
  std::vector<std::string> b = a;
  const std::vector<std::string> fresh = words(stream + 0x5eed0000, d);
  for (size_t i = 0; i < d; ++i) b[b.size() - d + i] = fresh[i];
  return {join(a), join(b)};
}

const char* const kSixty =
    "the quarterly report shows that revenue grew in every region except the north where a "
    "late shipment of parts delayed three large orders the team expects those orders to close "
    "next month and has asked finance to move the forecast accordingly while support reduced "
    "the average response time to four hours after hiring two more agents in march this year";

}  // namespace

TEST_CASE("shingles: word 3-grams, case and punctuation ignored", "[near_dup]") {
  CHECK(text_shingles("").empty());
  CHECK(text_shingles("  ,.;!? ").empty());
  CHECK(text_shingles("hello").size() == 1);
  CHECK(text_shingles("hello there").size() == 1);
  CHECK(text_shingles("a b c d e").size() == 3);
  CHECK(text_shingles("a b c a b c").size() == 3);  // a set: "a b c" twice
  CHECK(text_shingles("Hello, World! How are you?") == text_shingles("hello world how are you"));
  CHECK(text_shingles("order_id: 42") == text_shingles("order id 42"));
  CHECK(text_shingles("hello") != text_shingles("hello there"));
  // Each CJK character is a word of its own.
  CHECK(text_shingles("今天天气很好").size() == 4);
  CHECK(shingle_jaccard("今天天气很好", "今天天气很好吗") == Approx(0.8));
  CHECK(shingle_jaccard("", "") == 1);
  CHECK(shingle_jaccard("", "something here now") == 0);
}

TEST_CASE("exact copies match, the count includes repeats", "[near_dup]") {
  NearDuplicateIndex index;
  CHECK(index.size() == 0);
  CHECK_FALSE(index.matches(kSixty));
  index.add(kSixty);
  index.add(kSixty);
  CHECK(index.size() == 2);
  CHECK(index.matches(kSixty));
  CHECK(index.matches(std::string(kSixty) + "  "));
  // As similarity texts of inputs differing only in formatting and case.
  const std::string a = similarity_text(R"([{"role":"user","content":"Where is my order 12345? It is late."}])");
  const std::string b = similarity_text(R"([ {"content": "WHERE is my order 12345?  It is late.", "role": "user"} ])");
  index.add(a);
  CHECK(index.matches(b));
}

TEST_CASE("a word changed in a 60-word text matches at 0.8", "[near_dup]") {
  NearDuplicateIndex index(0.8);
  index.add(kSixty);
  std::string one = kSixty;
  one.replace(one.find("revenue"), 7, "income");
  // 58 shingles, 3 replaced: J = 55 / 61.
  CHECK(shingle_jaccard(kSixty, one) == Approx(55.0 / 61));
  CHECK(index.matches(one));
  std::string two = one;
  two.replace(two.find("shipment"), 8, "delivery");
  CHECK(shingle_jaccard(kSixty, two) == Approx(52.0 / 64));
  CHECK(index.matches(two));
  std::string three = two;
  three.replace(three.find("finance"), 7, "accounting");
  CHECK(shingle_jaccard(kSixty, three) < 0.8);  // 49 / 67
  CHECK_FALSE(index.matches(three));
  // A stricter index does not take even one change.
  NearDuplicateIndex strict(0.95);
  strict.add(kSixty);
  CHECK_FALSE(strict.matches(one));
  CHECK(strict.matches(kSixty));
}

TEST_CASE("unrelated texts do not match", "[near_dup]") {
  NearDuplicateIndex index;
  for (uint64_t s = 0; s < 200; ++s) index.add(join(words(s, 40 + s % 50)));
  size_t matched = 0;
  for (uint64_t s = 1000; s < 1500; ++s) matched += index.matches(join(words(s, 40 + s % 50)));
  CHECK(matched == 0);
  CHECK_FALSE(index.matches("the quarterly report"));
  // The same vocabulary in another order shares few 3-grams.
  std::vector<std::string> w = words(3, 43);
  std::reverse(w.begin(), w.end());
  CHECK_FALSE(index.matches(join(w)));
  CHECK(index.matches(join(words(3, 43))));
}

TEST_CASE("the threshold holds on pairs of known Jaccard similarity", "[near_dup]") {
  // Never a match below the threshold (each candidate is verified exactly); at or above it a pair
  // is missed only when no band agrees: 1 - (1 - J^6)^21 = 0.17% at J = 0.8 with independent values.
  struct Case {
    size_t shared, d;
    double jaccard;
    double min_rate, max_rate;
  };
  const Case cases[] = {
      {50, 25, 0.5, 0, 0},       {60, 20, 0.6, 0, 0},      {70, 15, 0.7, 0, 0},
      {79, 10, 79.0 / 99, 0, 0}, {80, 10, 0.8, 0.985, 1},  {90, 5, 0.9, 1, 1},
      {8, 1, 0.8, 0.985, 1},     {400, 50, 0.8, 0.985, 1}, {200, 100, 0.5, 0, 0},
  };
  for (const Case& c : cases) {
    constexpr size_t kPairs = 400;
    NearDuplicateIndex index(0.8);
    std::vector<std::string> queries;
    for (size_t p = 0; p < kPairs; ++p) {
      auto [a, b] = pair_with(c.shared * 7919 + p, c.shared, c.d);
      if (p == 0) CHECK(shingle_jaccard(a, b) == Approx(c.jaccard));
      index.add(a);
      queries.push_back(std::move(b));
    }
    size_t matched = 0;
    for (const auto& q : queries) matched += index.matches(q);
    const double rate = static_cast<double>(matched) / kPairs;
    INFO("J = " << c.jaccard << " over " << c.shared + c.d << " shingles: " << matched << " / " << kPairs);
    CHECK(rate >= c.min_rate);
    CHECK(rate <= c.max_rate);
  }
}

TEST_CASE("signature values agree as often as the Jaccard similarity", "[near_dup]") {
  // The densified one-permutation signature is unbiased: mean agreement ~ J, for long texts
  // (every bin full) and short ones (most bins filled by densification).
  for (const auto& [shared, d] : std::vector<std::pair<size_t, size_t>>{{60, 20}, {8, 4}, {300, 100}}) {
    const double j = static_cast<double>(shared) / static_cast<double>(shared + 2 * d);
    double agree = 0;
    constexpr int kPairs = 300;
    for (int p = 0; p < kPairs; ++p) {
      auto [a, b] = pair_with(shared * 31 + static_cast<uint64_t>(p), shared, d);
      const MinHashSignature sa = minhash_signature(a), sb = minhash_signature(b);
      for (size_t i = 0; i < kMinHashSize; ++i) agree += sa[i] == sb[i];
    }
    agree /= kPairs * static_cast<double>(kMinHashSize);
    INFO("J = " << j << " over " << shared + d << " shingles: agreement " << agree);
    CHECK(std::abs(agree - j) < 0.02);
  }
}

TEST_CASE("the LSH layout follows the threshold", "[near_dup]") {
  const NearDuplicateIndex at8(0.8);
  CHECK(at8.bands() == 21);
  CHECK(at8.rows() == 6);
  CHECK(at8.threshold() == 0.8);
  const NearDuplicateIndex at5(0.5);
  CHECK(at5.rows() < at8.rows());
  CHECK(NearDuplicateIndex(0.95).rows() > at8.rows());
  CHECK(NearDuplicateIndex(1.0).bands() == 1);
  for (const int threshold_percent : {10, 30, 50, 70, 80, 90, 95}) {
    const NearDuplicateIndex index(threshold_percent / 100.0);
    CHECK(index.bands() * index.rows() <= static_cast<int>(kMinHashSize));
  }
  // A lower threshold finds pairs the default one does not.
  auto [a, b] = pair_with(77, 60, 20);  // J = 0.6
  NearDuplicateIndex loose(0.5);
  loose.add(a);
  CHECK(loose.matches(b));
  NearDuplicateIndex exact(1.0);
  exact.add(a);
  CHECK_FALSE(exact.matches(b));
  CHECK(exact.matches(a));
}

TEST_CASE("thresholds of 0 or below, or above 1, are refused", "[near_dup]") {
  for (const double bad : {0.0, -0.5, 1.01, std::nan(""), std::numeric_limits<double>::infinity()}) {
    INFO(bad);
    try {
      NearDuplicateIndex index(bad);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::invalid_argument);
      CHECK(e.field() == "threshold");
    }
  }
}

TEST_CASE("texts without words match only each other", "[near_dup]") {
  NearDuplicateIndex index;
  index.add(kSixty);
  CHECK_FALSE(index.matches(""));
  CHECK_FALSE(index.matches("?!"));
  index.add("");
  CHECK(index.size() == 2);
  CHECK(index.matches(""));
  CHECK(index.matches(" ... "));
  CHECK_FALSE(index.matches("a few words"));
  // Short texts: one or two words are one shingle, matched only by the same words.
  index.add("Thanks!");
  CHECK(index.matches("thanks"));
  CHECK_FALSE(index.matches("thanks a lot"));
}

TEST_CASE("the seed changes the hashing, not the answers", "[near_dup]") {
  CHECK(minhash_signature(kSixty, 1) != minhash_signature(kSixty, 2));
  CHECK(minhash_signature(kSixty, 1) == minhash_signature(kSixty, 1));
  std::string one = kSixty;
  one.replace(one.find("revenue"), 7, "income");
  for (const uint64_t seed : {0ull, 1ull, 99ull, 0xffffffffffffffffull}) {
    NearDuplicateIndex index(0.8, seed);
    index.add(kSixty);
    CHECK(index.matches(one));
    CHECK_FALSE(index.matches(join(words(5, 60))));
  }
}

TEST_CASE("signatures are fixed values, the same on every platform", "[near_dup]") {
  // Pinned outputs (recorded from the first native run): this test also runs compiled to wasm,
  // so agreement proves native and wasm compute the same signatures (and so the same answers).
  const std::vector<uint32_t> shingles = text_shingles("The quick brown fox jumps");
  REQUIRE(shingles.size() == 3);
  CHECK(shingles[0] == 0x4aea24e7u);
  CHECK(shingles[1] == 0x85fcf817u);
  CHECK(shingles[2] == 0xf577fe9cu);
  const MinHashSignature sig = minhash_signature(kSixty);
  uint64_t h = 0;
  for (const uint32_t v : sig) h = mix64(h ^ v);
  CHECK(sig[0] == 0xf670ef8cu);
  CHECK(sig[127] == 0x8893618cu);
  CHECK(h == 0x10dcb1a404c46ad9ull);
  const MinHashSignature short_sig = minhash_signature("refund order 42 please", 7);
  uint64_t hs = 0;
  for (const uint32_t v : short_sig) hs = mix64(hs ^ v);
  CHECK(hs == 0x1f0873a0331f0dbdull);  // 2 shingles: nearly every value is densified
  CHECK(input_content_hash(R"([{"role":"user","content":"Hi there"}])") == 0x1ba63ef1196c8bceull);
}

}  // namespace test_near_duplicates
