#include "fact_cache_store.hpp"

#include <string>

namespace tracesift::store {

FactCacheParts::FactCacheParts(Database& db) : st_(db.prepare("SELECT part, data FROM fact_cache ORDER BY part")) {}

int64_t FactCacheStore::spans_generation() {
  return db_.query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'spans_generation'");
}

int64_t FactCacheStore::bump_spans_generation() {
  db_.exec("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'spans_generation'");
  return spans_generation();
}

int64_t FactCacheStore::max_span_rowid() {
  return db_.query_int("SELECT coalesce(max(id), 0) FROM spans");
}

void FactCacheStore::put_part(int64_t part, std::string_view data) {
  Statement st = db_.prepare("INSERT OR REPLACE INTO fact_cache (part, data) VALUES (?, ?)");
  st.bind_int(1, part);
  st.bind_blob(2, data);
  st.step();
}

void FactCacheStore::drop_parts_from(int64_t first) {
  Statement st = db_.prepare("DELETE FROM fact_cache WHERE part >= ?");
  st.bind_int(1, first);
  st.step();
}

}  // namespace tracesift::store
