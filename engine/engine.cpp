#include "engine.hpp"

#include <algorithm>
#include <chrono>

#include "error.hpp"
#include "store/db_restore.hpp"
#include "store/pragmas.hpp"
#include "store/schema.hpp"

namespace tracesift {

Engine::Engine(const std::string& path, EngineOptions options)
    : options_(std::move(options)),
      db_(path, options_.vfs),
      fact_cache_(db_),
      datasets_(db_),
      rule_store_(db_),
      review_(db_, datasets_) {
  // Only takes effect while the file is still empty (before the schema is created).
  store::set_page_size(db_, options_.page_size);
  // Another process's lock is waited for (SQLite's busy handler) up to this long.
  db_.set_busy_timeout(options_.lock_timeout_ms);
  if (!options_.journal_mode.empty()) store::set_journal_mode(db_, options_.journal_mode);
  store::prepare_schema(db_);
  store::tune_connection(db_, options_.cache_size_kib, options_.synchronous);
  spans_ = std::make_unique<store::SpanStore>(db_);
  capturer_ = std::make_unique<capture::Capturer>(db_);
  reload_rules();
  seen_version_ = db_.data_version();
}

Engine::~Engine() = default;

bool Engine::refresh_if_changed() {
  const int64_t version = db_.data_version();
  if (version == seen_version_) return false;
  seen_version_ = version;
  facts_.unload();
  facts_unsaved_ = false;
  facts_dirty_.clear();
  reload_rules();
  return true;
}

std::unique_ptr<import::ImportSession> Engine::begin_import(import::ImportOptions options) {
  if (options.import_time_ns == 0) options.import_time_ns = now_ns();
  if (options_.import_batch_size > 0) options.batch_size = options_.import_batch_size;
  import::BatchObserver* observer = this;  // the private base, converted where it is accessible
  return std::make_unique<import::ImportSession>(db_, *spans_, std::move(options), observer);
}

const FactTable& Engine::facts() {
  refresh_if_changed();
  if (!facts_.loaded()) load_facts();
  return facts_;
}

// --- the fact table's persisted copy (store/fact_cache_store) -------------------------------------
// Design note: rebuilding the fact table reads every span's record and hashes its input (4 s for a
// one-shot CLI command at 1M spans); its copy is ~112 bytes a span, read back in a fraction of
// that. The copy is written whole after a rebuild, and, while the table is loaded, the chunks an
// import changed when it ends: written inside every batch instead, the chunk rewrites (and their
// journal) made a native import 20-30% slower.

void Engine::load_facts() {
  if (!load_facts_copy()) rebuild_facts();
}

bool Engine::load_facts_copy() {
  const int64_t generation = fact_cache_.spans_generation();
  if (!load_facts_from_cache(generation)) return false;
  facts_origin_ = FactsOrigin::cache;
  facts_unsaved_ = false;
  facts_generation_ = generation;
  return true;
}

void Engine::rebuild_facts() {
  facts_generation_ = fact_cache_.spans_generation();
  facts_.load(db_);
  facts_origin_ = FactsOrigin::spans;
  facts_unsaved_ = true;
}

bool Engine::load_facts_from_cache(int64_t generation) {
  store::FactCacheParts parts(db_);
  if (!parts.step() || parts.part() != 0) return false;
  const auto stamp = FactTable::header_stamp(parts.data());
  if (!stamp || stamp->generation != generation || stamp->max_rowid != fact_cache_.max_span_rowid()) return false;
  const std::string header(parts.data());
  int64_t expected = 1;
  bool in_order = true;
  const bool loaded = facts_.load_encoded(header, [&]() -> std::optional<std::string_view> {
    if (!parts.step()) return std::nullopt;
    in_order = in_order && parts.part() == expected++;
    return in_order ? std::optional<std::string_view>(parts.data()) : std::nullopt;
  });
  return loaded && in_order;
}

void Engine::save_facts(bool changed_chunks) noexcept {
  if (!(facts_unsaved_ || (changed_chunks && !facts_dirty_.empty())) || !facts_.loaded() || db_.in_transaction())
    return;
  // A read does not wait for another process's lock only to save a cache: the next read saves it.
  struct NoWait {
    store::Database& db;
    int64_t restore_ms;
    ~NoWait() { db.set_busy_timeout(restore_ms); }
  } no_wait{db_, options_.lock_timeout_ms};
  db_.set_busy_timeout(0);
  try {
    store::Transaction tx(db_);
    if (fact_cache_.spans_generation() != facts_generation_) return;  // the spans changed meanwhile
    std::vector<size_t> chunks = facts_dirty_;
    if (facts_unsaved_) {
      chunks.resize(facts_.chunk_count());
      for (size_t k = 0; k < chunks.size(); ++k) chunks[k] = k;
    }
    std::sort(chunks.begin(), chunks.end());
    chunks.erase(std::unique(chunks.begin(), chunks.end()), chunks.end());
    const int64_t max_rowid = facts_.rows().empty() ? 0 : facts_.rows().back().rowid;
    fact_cache_.put_part(0, facts_.encode_header(facts_generation_, max_rowid));
    for (const size_t k : chunks) fact_cache_.put_part(static_cast<int64_t>(k) + 1, facts_.encode_chunk(k));
    fact_cache_.drop_parts_from(static_cast<int64_t>(facts_.chunk_count()) + 1);
    tx.commit();
    facts_unsaved_ = false;
    facts_dirty_.clear();
  } catch (...) {  // NOLINT(bugprone-empty-catch): the copy is only a cache; it stays stale
  }
}

SpanPage Engine::spans_page(const Filter& filter, const PageRequest& page) {
  PageRequest capped = page;
  capped.limit = std::min(page.limit, kMaxPage);
  // The rows are read as the facts were: one state.
  return read_facts([&](const FactTable& table) {
    const PageRows rows = select_page(table, CompiledFilter(filter, table), capped);
    SpanPage out;
    out.next_cursor = rows.next_cursor;
    spans_->rows_jsonl(rows.rowids, out.jsonl);
    return out;
  });
}

std::string Engine::spans_jsonl(const Filter& filter, int64_t limit, int64_t offset) {
  PageRequest page;
  page.limit = limit;
  page.offset = offset;
  return spans_page(filter, page).jsonl;
}

int64_t Engine::count(const Filter& filter) {
  // Design note: counting every span needs no fact table. Unless it is loaded already, SQLite
  // counts the entries of its smallest index (23 ms natively at 1M spans), so a one-shot `count`
  // does not read the table's copy (0.38 s in wasm at 1M).
  if (filter == Filter{}) {
    refresh_if_changed();
    if (!facts_.loaded()) {
      store::ReadTransaction read(db_);
      return spans_->count_sql(filter);
    }
  }
  return read_facts([&](const FactTable& table) -> int64_t {
    const CompiledFilter compiled(filter, table);
    return std::count_if(table.rows().begin(), table.rows().end(),
                         [&](const FactRow& r) { return compiled.matches(r); });
  });
}

Facets Engine::facets(const Filter& filter) {
  return read_facts([&](const FactTable& table) { return compute_facets(table, CompiledFilter(filter, table)); });
}

SpanDetail Engine::span_detail(std::string_view span_id) {
  store::ReadTransaction read(db_);
  return read_span_detail(db_, *spans_, span_id);
}

Stats Engine::stats(const Filter& filter, const StatsRequest& request) {
  return read_facts(
      [&](const FactTable& table) { return compute_stats(table, CompiledFilter(filter, table), request); });
}

Filter Engine::parse_filter(std::string_view json_text) const {
  return parse_filter_text(json_text, now_ns());
}

int64_t Engine::now_ns() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// --- the whole database ---------------------------------------------------------------------------

std::unique_ptr<store::DbSnapshot> Engine::begin_snapshot() {
  return std::make_unique<store::DbSnapshot>(db_);
}

int64_t Engine::restore(std::string_view bytes) {
  store::restore_database(db_, bytes);
  // An older tracesift schema is brought up to date; the caches read the new contents.
  store::prepare_schema(db_);
  facts_ = FactTable();
  facts_unsaved_ = false;
  facts_dirty_.clear();
  facts_origin_ = FactsOrigin::none;
  pending_.clear();
  reload_rules();
  return count({});
}

std::string Engine::check_integrity() {
  return store::integrity_check(db_);
}

int64_t Engine::database_bytes() {
  return store::database_bytes(db_);
}

// --- import batches ------------------------------------------------------------------------------

void Engine::before_batch() {
  // Rules match against the fact table's dictionaries, so it must exist before the batch's
  // transaction (loading it inside would read the batch's own uncommitted rows). It is also
  // loaded, to be kept current batch by batch, when that is cheap: from a current copy, or when
  // there are no spans yet.
  refresh_if_changed();
  if (facts_.loaded() || load_facts_copy()) return;
  if (!rules_.empty() || fact_cache_.max_span_rowid() == 0) rebuild_facts();  // saved when the import ends
}

uint64_t Engine::batch_written(const std::vector<import::WrittenSpan>& written) {
  pending_.clear();
  // Design note: another process may have committed between before_batch and this batch's
  // BEGIN (which waited for its lock). Then the rules are read again and the fact table loaded
  // here, with this batch's rows in it (put() below replaces them with the same rows); if the
  // batch rolls back, that table is dropped.
  if (refresh_if_changed() && !rules_.empty()) {
    load_facts();
    facts_from_batch_ = true;
  }
  // Every batch that writes spans makes the persisted copy stale, unless it is kept current here.
  const int64_t generation = fact_cache_.bump_spans_generation();
  if (!facts_.loaded()) return 0;  // nothing to keep current; loaded on first query
  pending_.reserve(written.size());
  for (const auto& w : written) pending_.push_back(facts_.make_row(fact_fields(*w.span, w.rowid)));
  const uint64_t captured = capturer_->capture_batch(rules_, facts_, written, pending_, now_ns());
  // The rows go into the table now, inside the batch's transaction (a rollback drops the table:
  // batch_failed); the chunks they change are written to the copy when the import ends.
  facts_in_batch_ = true;
  for (const FactRow& row : pending_) {
    const size_t before = facts_.rows().size();
    const size_t at = facts_.put(row);
    const size_t k = at / FactTable::kChunkRows;
    if (facts_.rows().size() == before || at + 1 == facts_.rows().size()) {  // replaced, or appended
      if (facts_dirty_.empty() || facts_dirty_.back() != k) facts_dirty_.push_back(k);
    } else {  // inserted before the end: every later row moved
      for (size_t later = k; later < facts_.chunk_count(); ++later) facts_dirty_.push_back(later);
    }
  }
  if (facts_dirty_.size() > 4 * facts_.chunk_count()) {  // keep the list short
    std::sort(facts_dirty_.begin(), facts_dirty_.end());
    facts_dirty_.erase(std::unique(facts_dirty_.begin(), facts_dirty_.end()), facts_dirty_.end());
  }
  facts_generation_ = generation;
  return captured;
}

void Engine::batch_committed() {
  pending_.clear();
  facts_from_batch_ = false;
  facts_in_batch_ = false;
}

void Engine::batch_failed() noexcept {
  pending_.clear();
  if (facts_from_batch_ || facts_in_batch_) {
    facts_.unload();  // loaded again from the copy, or rebuilt
    facts_unsaved_ = false;
    facts_dirty_.clear();
  }
  facts_from_batch_ = false;
  facts_in_batch_ = false;
}

void Engine::import_finished() noexcept {
  save_facts(true);
}

}  // namespace tracesift
