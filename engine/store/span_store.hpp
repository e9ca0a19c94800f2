// Reads and writes spans in the `spans` table: upsert with merge, filtered listing and counting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "../query/filter.hpp"
#include "../span.hpp"
#include "sqlite.hpp"

namespace tracesift::store {

/// What an upsert did.
enum class UpsertOutcome { inserted, updated, unchanged };

/// The span table's statements, prepared once per connection.
class SpanStore {
 public:
  /// Prepares the statements on `db` (whose schema must be current). `db` must outlive the store.
  explicit SpanStore(Database& db);

  /// Inserts a new span, or merges it into the stored span with the same id (see merge_spans).
  UpsertOutcome upsert(const Span& span);

  /// Inserts a span whose id is new; an existing id is left as it is (reported unchanged).
  UpsertOutcome insert_only(const Span& span);

  /// Appends matching spans as native JSONL (one line each), newest first.
  void list_jsonl(const Filter& filter, int64_t limit, int64_t offset, std::string& out);

  /// Number of matching spans.
  int64_t count(const Filter& filter);

 private:
  Database& db_;
  Statement insert_;
  Statement select_by_id_;
  Statement update_;
};

}  // namespace tracesift::store
