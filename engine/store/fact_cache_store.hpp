// The persisted copy of the fact table (query/fact_table) in the `fact_cache` table, and the span
// generation that says whether it is current: every transaction that writes spans bumps
// meta.spans_generation, and a copy is read only when it was written at the generation now stored.
#pragma once

#include <cstdint>
#include <string_view>

#include "sqlite.hpp"

namespace tracesift::store {

/// The stored parts of the copy in order: part 0 is its header, part k + 1 its chunk k.
class FactCacheParts {
 public:
  /// Starts reading the parts of `db`, which must outlive the reader.
  explicit FactCacheParts(Database& db);
  /// Steps to the next part; false after the last.
  bool step() { return st_.step(); }
  /// The current part's number.
  int64_t part() const { return st_.column_int(0); }
  /// The current part's bytes (valid until the next step).
  std::string_view data() const { return st_.column_blob(1); }

 private:
  Statement st_;
};

/// Writes the parts of the copy and keeps the span generation.
class FactCacheStore {
 public:
  /// Works on `db`, which must outlive the store (statements are prepared when used: the store
  /// exists before the schema is brought up to date).
  explicit FactCacheStore(Database& db) : db_(db) {}

  /// The span generation now stored.
  int64_t spans_generation();
  /// Bumps the span generation (inside the transaction that writes spans); returns the new one.
  int64_t bump_spans_generation();
  /// The largest span rowid (0 when there are no spans).
  int64_t max_span_rowid();

  /// Writes part `part`.
  void put_part(int64_t part, std::string_view data);
  /// Deletes the parts numbered `first` and above.
  void drop_parts_from(int64_t first);

 private:
  Database& db_;
};

}  // namespace tracesift::store
