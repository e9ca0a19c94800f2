// The fact table: a compact in-memory copy of every span's filterable and sortable columns (about
// 100 bytes a span), kept in step with the `spans` table. Filters, counts, sorting, keyset paging,
// facets and capture-rule matching scan it instead of SQLite's rows.
//
// Design note: measured on 1M generated spans (docs/BENCHMARKS.md), SQLite needs ~200 ms natively
// for a count over an unindexed column and ~250 ms for the facet GROUP BYs even over a covering
// index, because it decodes each ~1 KB record; a tight loop over 100-byte rows does it in a few
// milliseconds. Full rows are then fetched from SQLite by rowid for the page being shown only.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../span.hpp"
#include "../store/span_reads.hpp"
#include "../store/sqlite.hpp"
#include "dictionary.hpp"

namespace tracesift {

/// The filterable columns of one span. Strings are dictionary ids; ids of high-cardinality keys
/// (session, trace, user) are 64-bit hashes (0 = none).
struct FactRow {
  static constexpr int64_t kNoEnd = std::numeric_limits<int64_t>::min();  ///< ended_ns of a running span

  int64_t rowid = 0;                                       ///< the row in `spans`
  int64_t started_ns = 0;                                  ///< started_at
  int64_t ended_ns = kNoEnd;                               ///< ended_at, or kNoEnd
  double cost = std::numeric_limits<double>::quiet_NaN();  ///< cost_usd, NaN when unknown
  int64_t tokens = 0;                                      ///< input + output tokens (nulls count as 0)
  int64_t input_tokens = 0;                                ///< input tokens (nulls count as 0); output is the rest
  uint64_t span_hash = 0;                                  ///< hash_text(span_id): the sampling key's input
  uint64_t input_hash = 0;  ///< input_content_hash(input): equal for the same normalised input
  uint64_t session = 0;     ///< hash of session_id, 0 when none
  uint64_t trace = 0;       ///< hash of trace_id
  uint64_t user = 0;        ///< hash of user_id, 0 when none
  uint32_t model = 0;       ///< dictionary ids (0 = null)
  uint32_t provider = 0;
  uint32_t environment = 0;
  uint32_t task = 0;
  uint32_t name = 0;
  uint8_t kind = 0;        ///< SpanKind
  uint8_t status = 0;      ///< SpanStatus
  uint8_t unused[2] = {};  ///< explicit padding: rows are persisted as bytes (fact_table.cpp)
  bool has_cost() const noexcept { return cost == cost; }       ///< false when cost is NaN
  bool has_end() const noexcept { return ended_ns != kNoEnd; }  ///< false for a running span
  /// ended_ns - started_ns (call has_end() first), saturated at the int64 limits.
  /// Design note: both times may be anywhere in int64, so a span from 1677 to 2262 would overflow;
  /// SQLite computes such a difference as a REAL, which compares with every bound (at most 9e18 ns)
  /// as the saturated value does.
  int64_t duration_ns() const noexcept {
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max(), kMin = std::numeric_limits<int64_t>::min();
    if (started_ns < 0 && ended_ns > kMax + started_ns) return kMax;
    if (started_ns > 0 && ended_ns < kMin + started_ns) return kMin;
    return ended_ns - started_ns;
  }
};

/// The filterable fields of one span (views), whether read back from SQLite or just imported.
using FactFields = store::SpanFields;

/// The fields of a span stored at `rowid`.
FactFields fact_fields(const Span& span, int64_t rowid);

/// A hash of a grouping key (session, trace, user): never 0, which means "none".
uint64_t key_hash(std::string_view value) noexcept;

/// Every span's facts, ordered by rowid, plus the dictionaries their ids refer to.
class FactTable {
 public:
  /// True once load() ran; until then the table is empty and need not be maintained.
  bool loaded() const noexcept { return loaded_; }
  /// Reads every span of `db` (once; later calls do nothing).
  void load(store::Database& db);
  /// Forgets every row (another process changed the spans): the next load() reads them again.
  void unload() { *this = FactTable(); }

  /// Makes a row, interning its strings. Does not add it.
  FactRow make_row(const FactFields& fields);
  /// Adds or replaces the row with the same rowid (rows arrive in rowid order in practice);
  /// returns its position in rows().
  size_t put(const FactRow& row);

  // --- the persisted copy (store/fact_cache_store): a header, then the rows in chunks ---
  /// Rows per chunk of the persisted copy: chunk k holds rows()[k * kChunkRows, ...).
  static constexpr size_t kChunkRows = 4096;
  /// Number of chunks the rows fill.
  size_t chunk_count() const noexcept { return (rows_.size() + kChunkRows - 1) / kChunkRows; }
  /// The header: the span generation and largest rowid the copy is valid for, the row count and
  /// the dictionaries.
  std::string encode_header(int64_t generation, int64_t max_rowid) const;
  /// Chunk `k`, column by column.
  std::string encode_chunk(size_t k) const;
  /// What a header says it is valid for.
  struct HeaderStamp {
    int64_t generation = -1;  ///< the span generation it was written at
    int64_t max_rowid = -1;   ///< the largest span rowid then
  };
  /// The stamp of an encoded header (nullopt if it is not one this engine wrote).
  static std::optional<HeaderStamp> header_stamp(std::string_view header);
  /// Loads the table from an encoded header and its chunks, which `next_chunk` gives in order
  /// (nullopt after the last); false, leaving the table unloaded, when anything does not decode or
  /// the chunks do not add up to the header's rows.
  bool load_encoded(std::string_view header, const std::function<std::optional<std::string_view>()>& next_chunk);

  /// All rows, ordered by rowid.
  const std::vector<FactRow>& rows() const noexcept { return rows_; }
  /// Dictionaries of the string columns.
  const Dictionary& models() const noexcept { return models_; }
  const Dictionary& providers() const noexcept { return providers_; }        ///< providers
  const Dictionary& environments() const noexcept { return environments_; }  ///< environments
  const Dictionary& tasks() const noexcept { return tasks_; }                ///< tasks
  const Dictionary& names() const noexcept { return names_; }                ///< span names

 private:
  bool loaded_ = false;
  std::vector<FactRow> rows_;
  Dictionary models_, providers_, environments_, tasks_, names_;
};

}  // namespace tracesift
