// Near-duplicate detection for dataset leakage checks: is a text (similarity_text of an input)
// within Jaccard similarity `threshold` of any text of a reference set?
//
// A text is a set of shingles: the hashes of its word 3-grams (words being runs of ASCII letters
// and digits and 2-byte UTF-8 characters, ASCII case-folded; each character from U+0800 up, such
// as CJK, is a word of its own; punctuation and whitespace only separate). Candidates come from
// MinHash + LSH: a 128-value signature by one-permutation hashing with densification, cut into
// bands; a text agreeing with a stored one on a whole band is a candidate. Each candidate is then
// verified with the exact Jaccard similarity of the two shingle sets, so a match is never a false
// positive (up to 32-bit shingle hash collisions) and the only error is a missed pair, which the
// band layout makes rare (see NearDuplicateIndex).
//
// Design note: word 3-grams rather than character 5-grams, measured with bench/near_dup_native
// (10k eval texts): on bench/out/spans-100000 (templated trace inputs, 105k checked) matches()
// took 3.1 us vs 13.6 us per text, as character grams make inputs sharing a prompt template look
// alike (4x the LSH candidates to verify; 39.9k vs 27.6k texts matched); on generated 500-byte
// inputs 3.0 vs 4.9 us. Stored sets are also ~5x smaller (a shingle per word, not per byte).
// Character grams forgive small edits more (one word changed in ~100: J = 0.98 vs 0.94; three:
// 0.94 vs 0.82-0.84), but word 3-grams at 0.8 still take two or three scattered word changes per
// 60-100 words (see the tests).
//
// Everything is computed with the project's own hashes (sample_hash.hpp), never std::hash or
// std:: random engines, so signatures and decisions are identical natively and in wasm.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tracesift {

/// The number of values in a MinHash signature.
inline constexpr size_t kMinHashSize = 128;

/// A text's MinHash signature: value i is the smallest 32-bit shingle hash among the shingles
/// hashed into bin i, or, for a bin no shingle fell in, the value of the first non-empty bin in a
/// fixed pseudo-random order of the bins (densification). Two texts agree on a value with
/// probability equal to their Jaccard similarity.
using MinHashSignature = std::array<uint32_t, kMinHashSize>;

/// The distinct shingle hashes of a text under `seed`, sorted; empty for a text with no words.
/// A text of one or two words is one shingle.
std::vector<uint32_t> text_shingles(std::string_view text, uint64_t seed = 0);

/// The exact Jaccard similarity of two texts' shingle sets (1 when both have no words).
double shingle_jaccard(std::string_view a, std::string_view b, uint64_t seed = 0);

/// The MinHash signature of a text under `seed` (every value 0xffffffff for a text with no words).
MinHashSignature minhash_signature(std::string_view text, uint64_t seed = 0);

/// A set of texts answering "is this text a near-duplicate of one of them?".
/// Memory per stored text: its shingle set (4 bytes per distinct word 3-gram, about 0.6-0.7 bytes
/// per byte of English text) and ~24 bytes per band (a table slot and a list node; 21 bands at
/// 0.8): ~0.6 KB for a 230-byte input, ~6 MB for 10,000. Exact repeats of a stored shingle set
/// are counted but stored once.
class NearDuplicateIndex {
 public:
  /// An empty index matching at Jaccard similarity >= `threshold` (0 < threshold <= 1, else an
  /// Error with Errc::invalid_argument); `seed` varies the hashing (the same seed, the same answers).
  explicit NearDuplicateIndex(double threshold = 0.8, uint64_t seed = 0);

  /// Adds a text (normally similarity_text of an input).
  void add(std::string_view text);

  /// Whether some added text's shingle set has Jaccard similarity >= threshold with `text`'s.
  /// Never true below the threshold; a pair at or above it is missed when no band agrees, with
  /// probability about 1 - (1 - J^rows)^bands: 0.17% at J = 0.8 for the default layout (measured
  /// 0.1-0.4% over texts of 18-450 shingles), 1e-7 at J = 0.9. A text with no words matches only
  /// when a text with no words was added.
  /// Design note: const but not safe to call concurrently on one index: it reuses scratch buffers
  /// so the million-text check allocates nothing.
  bool matches(std::string_view text) const;

  /// The number of texts added.
  size_t size() const noexcept { return added_; }

  /// The Jaccard similarity a match needs.
  double threshold() const noexcept { return threshold_; }

  /// The LSH layout: `bands` bands of `rows` signature values each (bands * rows <= kMinHashSize),
  /// the most rows (fewest candidates) whose miss rate at J = threshold is at most 0.5% (if the
  /// values were independent).
  int bands() const noexcept { return bands_; }
  /// See bands().
  int rows() const noexcept { return rows_; }

  /// Whether two signatures agree on a whole band: would one text be a candidate for the other
  /// (before verification)? For measuring the LSH step.
  bool shares_band(const MinHashSignature& a, const MinHashSignature& b) const noexcept;

 private:
  // A multimap from 64-bit keys to 32-bit values: open addressing over 32-bit tags of the keys
  // (8-byte slots, so a lookup touches one cache line), a linked list of values per slot. Keys
  // whose tags agree in one probe run share a list: a spurious candidate, which verification drops.
  class KeyTable {
   public:
    void insert(uint64_t key, uint32_t value);
    // The first node of `key`'s list, or kNone; walk with next().
    uint32_t find(uint64_t key) const noexcept;
    // Hints that find(key) will be called soon (the table is larger than the caches).
    void prefetch(uint64_t key) const noexcept;
    uint32_t value(uint32_t node) const noexcept { return nodes_[node].value; }
    uint32_t next(uint32_t node) const noexcept { return nodes_[node].next; }
    static constexpr uint32_t kNone = 0xffffffffu;

   private:
    struct Slot {
      uint32_t tag;  // 0 = free
      uint32_t head;
    };
    struct Node {
      uint32_t value;
      uint32_t next;
    };
    static uint32_t tag_of(uint64_t key) noexcept { return static_cast<uint32_t>(key >> 32) | 1; }
    void grow();
    std::vector<Slot> slots_;
    std::vector<uint32_t> homes_;  // per slot: the low bits of its key, to place it again on growth
    std::vector<Node> nodes_;
    size_t used_ = 0;
  };

  // Fills scratch_shingles_ (unsorted, repeats possible) and scratch_sig_ from `text`; false if it
  // has no words.
  bool sketch(std::string_view text) const;
  uint64_t band_key(const MinHashSignature& sig, int band) const noexcept;
  // Builds query_set_ from scratch_shingles_.
  void hash_query() const;
  bool in_query(uint32_t v) const noexcept;
  // Whether the query's shingle set reaches the threshold with stored set `entry`.
  bool similar(uint32_t entry) const noexcept;

  double threshold_;
  uint64_t seed_;
  int bands_ = 0;
  int rows_ = 0;
  size_t added_ = 0;
  bool has_empty_ = false;
  struct Entry {
    size_t begin;   // where its shingle set starts in pool_
    uint32_t size;  // the set's size
  };
  std::vector<Entry> entries_;           // the distinct shingle sets stored
  std::vector<uint32_t> pool_;           // every stored shingle set (sorted), one after the other
  KeyTable band_table_;                  // band key -> entries
  KeyTable set_table_;                   // hash of a whole shingle set -> entries (exact repeats)
  mutable std::vector<uint32_t> stamp_;  // per entry: the query that last checked it
  mutable uint32_t query_ = 0;
  mutable std::vector<uint32_t> scratch_shingles_;
  mutable MinHashSignature scratch_sig_{};
  mutable std::vector<uint32_t> query_set_;  // the query's shingles, open addressing, 0 = free
  mutable bool query_has_zero_ = false;
  mutable size_t query_size_ = 0;  // distinct shingles of the query
};

}  // namespace tracesift
