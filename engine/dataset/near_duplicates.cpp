#include "near_duplicates.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "../error.hpp"
#include "../sample/sample_hash.hpp"

namespace tracesift {
namespace {

constexpr int kBinBits = 7;  // kMinHashSize == 1 << kBinBits
static_assert(kMinHashSize == size_t{1} << kBinBits);
constexpr uint32_t kEmptyBin = 0xffffffffu;

// How each byte takes part in words: a separator, a byte of a word (ASCII letters and digits,
// 2-byte UTF-8 characters and stray continuation bytes), or the lead byte of a 3- or 4-byte
// UTF-8 character, which is a word of its own (CJK text has no spaces between words).
enum : uint8_t { kSeparator, kWordByte, kSoloLead };

constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    t[c] = alnum || (c >= 0x80 && c < 0xe0) ? kWordByte : c >= 0xe0 ? kSoloLead : kSeparator;
  }
  return t;
}();

constexpr uint64_t kPad = 0x6a09e667f3bcc909ull;  // the missing words of a one- or two-word text
constexpr uint64_t kBytes = 0x0101010101010101ull;

uint64_t seed_key(uint64_t seed) noexcept {
  return mix64(seed ^ 0x243f6a8885a308d3ull);
}

// Up to 8 bytes from p (< end), little-endian, the bytes at and after `end` or past `n` zero.
uint64_t load_bytes(const uint8_t* p, size_t n, const uint8_t* end) noexcept {
  uint64_t x = 0;
  if (end - p >= 8) {
    std::memcpy(&x, p, 8);
  } else {
    std::memcpy(&x, p, static_cast<size_t>(end - p));
  }
  return n >= 8 ? x : x & ((uint64_t{1} << (8 * n)) - 1);
}

// ASCII 'A'-'Z' to lower case in all 8 bytes at once; other bytes (UTF-8 included) unchanged.
constexpr uint64_t fold_case(uint64_t x) noexcept {
  const uint64_t low7 = x & (0x7f * kBytes);
  const uint64_t at_least_a = low7 + (0x80 - 'A') * kBytes;   // high bit set where >= 'A'
  const uint64_t above_z = low7 + (0x80 - 'Z' - 1) * kBytes;  // high bit set where > 'Z'
  const uint64_t upper = at_least_a & ~above_z & ~x & (0x80 * kBytes);
  return x | (upper >> 2);
}

// The hash of the word at [p, p + n), case-folded.
uint64_t word_hash(const uint8_t* p, size_t n, const uint8_t* end) noexcept {
  uint64_t h = n * 0x9e3779b97f4a7c15ull;
  for (; n > 8; p += 8, n -= 8) h = mix64(h ^ fold_case(load_bytes(p, 8, end)));
  return mix64(h ^ fold_case(load_bytes(p, n, end)));
}

uint64_t shingle_hash(uint64_t w0, uint64_t w1, uint64_t w2, uint64_t key) noexcept {
  return mix64((w0 * 0x9e3779b97f4a7c15ull) ^ (w1 * 0xc2b2ae3d27d4eb4full) ^ w2 ^ key);
}

// Calls emit(h) with the 64-bit hash of each word 3-gram of `text` (one hash for a text of one or
// two words, none for a text without words).
// Design note: words are found byte by byte but hashed 8 bytes at a time: a per-byte hash (FNV)
// is a chain of dependent multiplications, measured at twice the cost of the whole scan.
template <typename Emit>
void for_each_shingle(std::string_view text, uint64_t key, Emit&& emit) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto* const end = p + text.size();
  uint64_t w0 = 0, w1 = 0;
  size_t words = 0;
  while (p < end) {
    const uint8_t cls = kByteClass[*p];
    if (cls == kSeparator) {
      ++p;
      continue;
    }
    const uint8_t* const start = p++;
    if (cls == kSoloLead) {
      while (p < end && (*p & 0xc0) == 0x80) ++p;
    } else {
      while (p < end && kByteClass[*p] == kWordByte) ++p;
    }
    const uint64_t w2 = word_hash(start, static_cast<size_t>(p - start), end);
    if (++words >= 3) emit(shingle_hash(w0, w1, w2, key));
    w0 = w1;
    w1 = w2;
  }
  if (words == 1) emit(shingle_hash(w1, kPad, kPad, key));
  if (words == 2) emit(shingle_hash(w0, w1, kPad, key));
}

// Densification: a short text leaves bins empty, and an empty bin must get a value that two
// similar texts share as often as their Jaccard similarity says. The optimal densification
// (Shrivastava, ICML 2017): each bin has a fixed pseudo-random order of all the bins, and an
// empty bin takes the value of the first non-empty bin in its order. The orders do not depend on
// the text, so two texts fill an empty bin from the same bin whenever the first bin of its order
// that either text fills is filled by both, which keeps Pr[values equal] = Jaccard.
// Design note: measured against the alternatives (bench/near_dup_native.cpp, 2,000-5,000 pairs at
// J = 0.8 of 18, 90 and 450 shingles, and the densification alone on 500-byte and 230-byte
// inputs): LSH recall 99.6-99.9% here, the same as "fast densification" (Mai et al., UAI 2019:
// non-empty bins offer their values in rounds), which took 1.1 us per text natively and 2.5 us
// in wasm against 0.6-0.9 us and 0.65-1.6 us here; the rotation densification (Shrivastava & Li,
// UAI 2014: the nearest non-empty bin to the left or right) is cheaper still but missed 7% of the
// pairs of 18 shingles.
struct DensifyOrders {
  std::array<std::array<uint8_t, kMinHashSize>, kMinHashSize> order;  // order[i]: bins in the order tried
  std::array<std::array<uint8_t, kMinHashSize>, kMinHashSize> rank;   // rank[i][j]: j's place in order[i]

  DensifyOrders() {
    for (size_t i = 0; i < kMinHashSize; ++i) {
      auto& o = order[i];
      for (size_t j = 0; j < kMinHashSize; ++j) o[j] = static_cast<uint8_t>(j);
      for (size_t k = kMinHashSize - 1; k > 0; --k) {  // Fisher-Yates on our own hash
        std::swap(o[k], o[mix64(0x8f1bbcdcbfa53e0bull + i * kMinHashSize + k) % (k + 1)]);
      }
      for (size_t j = 0; j < kMinHashSize; ++j) rank[i][o[j]] = static_cast<uint8_t>(j);
    }
  }
};

const DensifyOrders& densify_orders() {
  static const DensifyOrders orders;
  return orders;
}

// Turns per-bin minima (kEmptyBin where no shingle fell) into a signature; `bins` must have at
// least one non-empty bin.
// Design note: two ways to the same donor. With many full bins, walking the order finds one in
// a few steps; the first four are read without branches (which bins are full is a coin toss the
// branch predictor would lose). With few full bins (a short text) the walk is long, and taking the
// full bin of lowest rank costs n_full steps per empty bin instead; the crossover is near
// sqrt(kMinHashSize) full bins.
void densify(const std::array<uint32_t, kMinHashSize>& bins, MinHashSignature& sig) {
  std::array<uint8_t, kMinHashSize> full, empty;
  size_t n_full = 0, n_empty = 0;
  for (size_t i = 0; i < kMinHashSize; ++i) {
    const bool is_full = bins[i] != kEmptyBin;
    full[n_full] = empty[n_empty] = static_cast<uint8_t>(i);
    n_full += is_full;
    n_empty += !is_full;
  }
  sig = bins;
  const DensifyOrders& orders = densify_orders();
  if (n_full * n_full <= kMinHashSize) {
    for (size_t e = 0; e < n_empty; ++e) {
      const auto& rank = orders.rank[empty[e]];
      uint32_t best = ~0u;  // rank << 8 | bin: the lowest wins
      for (size_t k = 0; k < n_full; ++k) best = std::min(best, uint32_t{rank[full[k]]} << 8 | full[k]);
      sig[empty[e]] = bins[best & 0xff];
    }
    return;
  }
  for (size_t e = 0; e < n_empty; ++e) {
    const auto& order = orders.order[empty[e]];
    uint32_t v = bins[order[3]];
    v = bins[order[2]] != kEmptyBin ? bins[order[2]] : v;
    v = bins[order[1]] != kEmptyBin ? bins[order[1]] : v;
    v = bins[order[0]] != kEmptyBin ? bins[order[0]] : v;
    for (size_t k = 4; v == kEmptyBin; ++k) v = bins[order[k]];
    sig[empty[e]] = v;
  }
}

// The shingle hashes of `text` (unsorted, possibly repeated) into `shingles`, and its signature
// into `sig`; false (sig untouched) when the text has no words.
bool sketch_text(std::string_view text, uint64_t key, std::vector<uint32_t>& shingles, MinHashSignature& sig) {
  std::array<uint32_t, kMinHashSize> bins;
  bins.fill(kEmptyBin);
  shingles.clear();
  for_each_shingle(text, key, [&](uint64_t h) {
    const auto v = static_cast<uint32_t>(h);
    uint32_t& b = bins[h >> (64 - kBinBits)];
    b = std::min(b, v);
    shingles.push_back(v);
  });
  if (shingles.empty()) return false;
  densify(bins, sig);
  return true;
}

void sort_unique(std::vector<uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// |a ∩ b| for sorted distinct arrays.
size_t intersection_size(const uint32_t* a, size_t na, const uint32_t* b, size_t nb) noexcept {
  size_t i = 0, j = 0, n = 0;
  while (i < na && j < nb) {
    const uint32_t x = a[i], y = b[j];
    n += x == y;
    i += x <= y;
    j += y <= x;
  }
  return n;
}

// Whether sets of sizes na, nb with `inter` common elements reach `threshold`.
bool reaches(size_t inter, size_t na, size_t nb, double threshold) noexcept {
  return static_cast<double>(inter) / static_cast<double>(na + nb - inter) >= threshold;
}

// The fewest common elements with which sets of sizes na, nb reach `threshold` (exactly as
// reaches() decides), or min(na, nb) + 1 when they cannot.
size_t required_overlap(size_t na, size_t nb, double threshold) noexcept {
  const size_t most = std::min(na, nb);
  const double x = threshold * static_cast<double>(na + nb) / (1 + threshold);
  size_t i = std::min(most + 1, static_cast<size_t>(std::ceil(x)));
  while (i > 0 && reaches(i - 1, na, nb, threshold)) --i;
  while (i <= most && !reaches(i, na, nb, threshold)) ++i;
  return i;
}

}  // namespace

std::vector<uint32_t> text_shingles(std::string_view text, uint64_t seed) {
  std::vector<uint32_t> out;
  const uint64_t key = seed_key(seed);
  for_each_shingle(text, key, [&](uint64_t h) { out.push_back(static_cast<uint32_t>(h)); });
  sort_unique(out);
  return out;
}

double shingle_jaccard(std::string_view a, std::string_view b, uint64_t seed) {
  const std::vector<uint32_t> sa = text_shingles(a, seed), sb = text_shingles(b, seed);
  if (sa.empty() && sb.empty()) return 1;
  const size_t inter = intersection_size(sa.data(), sa.size(), sb.data(), sb.size());
  return static_cast<double>(inter) / static_cast<double>(sa.size() + sb.size() - inter);
}

MinHashSignature minhash_signature(std::string_view text, uint64_t seed) {
  MinHashSignature sig;
  sig.fill(kEmptyBin);
  std::vector<uint32_t> shingles;
  sketch_text(text, seed_key(seed), shingles, sig);
  return sig;
}

// --- NearDuplicateIndex::KeyTable ---------------------------------------------------------------

void NearDuplicateIndex::KeyTable::insert(uint64_t key, uint32_t value) {
  if ((used_ + 1) * 2 > slots_.size()) grow();
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = tag_of(key);
  size_t slot = key & mask;
  while (slots_[slot].tag != 0 && slots_[slot].tag != tag) slot = (slot + 1) & mask;
  if (slots_[slot].tag == 0) {
    slots_[slot] = {tag, kNone};
    homes_[slot] = static_cast<uint32_t>(key);
    ++used_;
  }
  nodes_.push_back({value, slots_[slot].head});
  slots_[slot].head = static_cast<uint32_t>(nodes_.size() - 1);
}

uint32_t NearDuplicateIndex::KeyTable::find(uint64_t key) const noexcept {
  if (slots_.empty()) return kNone;
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = tag_of(key);
  for (size_t slot = key & mask;; slot = (slot + 1) & mask) {
    if (slots_[slot].tag == tag) return slots_[slot].head;
    if (slots_[slot].tag == 0) return kNone;
  }
}

void NearDuplicateIndex::KeyTable::prefetch(uint64_t key) const noexcept {
  if (!slots_.empty()) __builtin_prefetch(&slots_[key & (slots_.size() - 1)]);
}

void NearDuplicateIndex::KeyTable::grow() {
  const size_t size = std::max<size_t>(slots_.size() * 2, 1024);
  std::vector<Slot> old_slots(size, Slot{0, kNone});
  std::vector<uint32_t> old_homes(size, 0);
  old_slots.swap(slots_);
  old_homes.swap(homes_);
  const size_t mask = size - 1;
  for (size_t i = 0; i < old_slots.size(); ++i) {
    if (old_slots[i].tag == 0) continue;
    size_t slot = old_homes[i] & mask;
    while (slots_[slot].tag != 0) slot = (slot + 1) & mask;
    slots_[slot] = old_slots[i];
    homes_[slot] = old_homes[i];
  }
}

// --- NearDuplicateIndex -----------------------------------------------------------------------

NearDuplicateIndex::NearDuplicateIndex(double threshold, uint64_t seed) : threshold_(threshold), seed_(seed_key(seed)) {
  if (!std::isfinite(threshold) || threshold <= 0 || threshold > 1) {
    throw Error(
        Errc::invalid_argument,
        "near-duplicate threshold must be a Jaccard similarity above 0 and at most 1, got " + std::to_string(threshold),
        "threshold");
  }
  // The most rows per band whose miss probability at J = threshold, 1 - (1 - t^r)^b with
  // b = K / r, stays at most 0.5%; computed with plain multiplications (exactly rounded, so the
  // same layout everywhere).
  for (int r = 1; r <= static_cast<int>(kMinHashSize); ++r) {
    const int b = static_cast<int>(kMinHashSize) / r;
    double band_hit = 1;  // t^r
    for (int i = 0; i < r; ++i) band_hit *= threshold;
    double all_miss = 1;  // (1 - t^r)^b
    for (int i = 0; i < b; ++i) all_miss *= 1 - band_hit;
    if (all_miss <= 0.005) {
      rows_ = r;
      bands_ = b;
    }
  }
  if (rows_ == 0) {  // very low thresholds: one value per band, as many bands as values
    rows_ = 1;
    bands_ = static_cast<int>(kMinHashSize);
  }
}

bool NearDuplicateIndex::sketch(std::string_view text) const {
  return sketch_text(text, seed_, scratch_shingles_, scratch_sig_);
}

uint64_t NearDuplicateIndex::band_key(const MinHashSignature& sig, int band) const noexcept {
  const uint32_t* const rows = sig.data() + static_cast<size_t>(band) * static_cast<size_t>(rows_);
  uint64_t h = mix64(static_cast<uint64_t>(band) + 0x452821e638d01377ull);
  for (int i = 0; i < rows_; ++i) {
    h = (h ^ rows[i]) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 32;
  }
  return mix64(h);
}

bool NearDuplicateIndex::shares_band(const MinHashSignature& a, const MinHashSignature& b) const noexcept {
  for (int band = 0; band < bands_; ++band) {
    if (band_key(a, band) == band_key(b, band)) return true;
  }
  return false;
}

void NearDuplicateIndex::add(std::string_view text) {
  ++added_;
  if (!sketch(text)) {
    has_empty_ = true;
    return;
  }
  std::vector<uint32_t>& set = scratch_shingles_;
  sort_unique(set);
  uint64_t set_hash = set.size();
  for (const uint32_t v : set) set_hash = mix64(set_hash ^ v);
  for (uint32_t n = set_table_.find(set_hash); n != KeyTable::kNone; n = set_table_.next(n)) {
    const uint32_t e = set_table_.value(n);
    const uint32_t* const stored = pool_.data() + entries_[e].begin;
    if (std::equal(set.begin(), set.end(), stored, stored + entries_[e].size)) return;
  }
  const auto entry = static_cast<uint32_t>(entries_.size());
  entries_.push_back({pool_.size(), static_cast<uint32_t>(set.size())});
  pool_.insert(pool_.end(), set.begin(), set.end());
  stamp_.push_back(0);
  set_table_.insert(set_hash, entry);
  for (int b = 0; b < bands_; ++b) band_table_.insert(band_key(scratch_sig_, b), entry);
}

void NearDuplicateIndex::hash_query() const {
  size_t capacity = 64;
  while (capacity < 2 * scratch_shingles_.size()) capacity *= 2;
  query_set_.assign(capacity, 0);
  query_has_zero_ = false;
  query_size_ = 0;
  const size_t mask = capacity - 1;
  for (const uint32_t v : scratch_shingles_) {
    if (v == 0) {  // 0 marks a free slot
      query_size_ += !query_has_zero_;
      query_has_zero_ = true;
      continue;
    }
    size_t slot = v & mask;
    while (query_set_[slot] != 0 && query_set_[slot] != v) slot = (slot + 1) & mask;
    if (query_set_[slot] == 0) {
      query_set_[slot] = v;
      ++query_size_;
    }
  }
}

bool NearDuplicateIndex::in_query(uint32_t v) const noexcept {
  if (v == 0) return query_has_zero_;
  const size_t mask = query_set_.size() - 1;
  for (size_t slot = v & mask;; slot = (slot + 1) & mask) {
    if (query_set_[slot] == v) return true;
    if (query_set_[slot] == 0) return false;
  }
}

bool NearDuplicateIndex::similar(uint32_t entry) const noexcept {
  const uint32_t* const set = pool_.data() + entries_[entry].begin;
  const size_t n = entries_[entry].size;
  const size_t need = required_overlap(query_size_, n, threshold_);
  if (need > std::min(query_size_, n)) return false;  // sizes too different
  size_t common = 0;
  for (size_t k = 0; k < n; ++k) {
    common += in_query(set[k]);
    if (common >= need) return true;
    if (common + (n - k - 1) < need) return false;
  }
  return false;
}

bool NearDuplicateIndex::matches(std::string_view text) const {
  if (!sketch(text)) return has_empty_;
  if (++query_ == 0) {  // the stamps wrapped: forget them all
    std::fill(stamp_.begin(), stamp_.end(), 0);
    query_ = 1;
  }
  // Design note: all band keys first, each table slot prefetched, then the lookups: the slots are
  // scattered over megabytes, and independent lookups let the cache misses overlap. (Staging the
  // candidates too, to prefetch their sets, was measured slower: it gives up stopping at the
  // first match.)
  std::array<uint64_t, kMinHashSize> keys;
  for (int b = 0; b < bands_; ++b) {
    keys[b] = band_key(scratch_sig_, b);
    band_table_.prefetch(keys[b]);
  }
  bool hashed = false;
  for (int b = 0; b < bands_; ++b) {
    for (uint32_t n = band_table_.find(keys[b]); n != KeyTable::kNone; n = band_table_.next(n)) {
      const uint32_t e = band_table_.value(n);
      if (stamp_[e] == query_) continue;
      stamp_[e] = query_;
      if (!hashed) {  // only texts with a candidate pay for a set of their shingles
        hash_query();
        hashed = true;
      }
      if (similar(e)) return true;
    }
  }
  return false;
}

}  // namespace tracesift
