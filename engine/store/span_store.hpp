// Reads and writes spans in the `spans` table: upsert with merge, filtered listing and counting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../query/filter.hpp"
#include "../span.hpp"
#include "sqlite.hpp"

namespace tracesift::store {

/// What an upsert did.
enum class UpsertOutcome { inserted, updated, unchanged };

/// What an upsert did, and to which row.
struct UpsertResult {
  UpsertOutcome outcome = UpsertOutcome::unchanged;  ///< inserted, updated or left alone
  int64_t rowid = 0;                                 ///< the span's row (0 when unchanged)
  bool completed = false;  ///< the span became finished now: arrived completed/failed, or left `running`
};

/// The span table's statements, prepared once per connection.
class SpanStore {
 public:
  /// Prepares the statements on `db` (whose schema must be current). `db` must outlive the store.
  explicit SpanStore(Database& db);

  /// Inserts a new span, or merges it into the stored span with the same id (see merge_spans).
  /// On `updated`, `merged` receives the span as now stored.
  UpsertResult upsert(const Span& span, Span& merged);

  /// Inserts a span whose id is new; an existing id is left as it is (reported unchanged).
  UpsertResult insert_only(const Span& span);

  /// Appends the spans at `rowids` as native JSONL (one line each), in the order given.
  void rows_jsonl(const std::vector<int64_t>& rowids, std::string& out);

  /// Matching spans as JSONL through SQL (compile_where), newest first: the reference the fact
  /// table's answers are tested against.
  void list_jsonl_sql(const Filter& filter, int64_t limit, int64_t offset, std::string& out);

  /// Number of matching spans through SQL (compile_where): the reference for tests.
  int64_t count_sql(const Filter& filter);

 private:
  Database& db_;
  Statement insert_;
  Statement select_by_id_;
  Statement update_;
  Statement select_by_rowid_;
};

}  // namespace tracesift::store
