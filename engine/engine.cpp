#include "engine.hpp"

#include <algorithm>
#include <chrono>

#include "error.hpp"
#include "store/db_restore.hpp"
#include "store/pragmas.hpp"
#include "store/schema.hpp"

namespace tracesift {

Engine::Engine(const std::string& path, EngineOptions options)
    : options_(std::move(options)), db_(path, options_.vfs), datasets_(db_), rule_store_(db_), review_(db_, datasets_) {
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
  facts_.load(db_);
  return facts_;
}

SpanPage Engine::spans_page(const Filter& filter, const PageRequest& page) {
  store::ReadTransaction read(db_);  // the rows are read as the facts were: one state
  PageRequest capped = page;
  capped.limit = std::min(page.limit, kMaxPage);
  const FactTable& table = facts();
  const PageRows rows = select_page(table, CompiledFilter(filter, table), capped);
  SpanPage out;
  out.next_cursor = rows.next_cursor;
  spans_->rows_jsonl(rows.rowids, out.jsonl);
  return out;
}

std::string Engine::spans_jsonl(const Filter& filter, int64_t limit, int64_t offset) {
  PageRequest page;
  page.limit = limit;
  page.offset = offset;
  return spans_page(filter, page).jsonl;
}

int64_t Engine::count(const Filter& filter) {
  store::ReadTransaction read(db_);
  const FactTable& table = facts();
  const CompiledFilter compiled(filter, table);
  return std::count_if(table.rows().begin(), table.rows().end(), [&](const FactRow& r) { return compiled.matches(r); });
}

Facets Engine::facets(const Filter& filter) {
  store::ReadTransaction read(db_);
  const FactTable& table = facts();
  return compute_facets(table, CompiledFilter(filter, table));
}

SpanDetail Engine::span_detail(std::string_view span_id) {
  store::ReadTransaction read(db_);
  return read_span_detail(db_, *spans_, span_id);
}

Stats Engine::stats(const Filter& filter, const StatsRequest& request) {
  store::ReadTransaction read(db_);
  const FactTable& table = facts();
  return compute_stats(table, CompiledFilter(filter, table), request);
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
  // transaction (loading it inside would read the batch's own uncommitted rows).
  refresh_if_changed();
  if (!rules_.empty()) facts_.load(db_);
}

uint64_t Engine::batch_written(const std::vector<import::WrittenSpan>& written) {
  pending_.clear();
  // Design note: another process may have committed between before_batch and this batch's
  // BEGIN (which waited for its lock). Then the rules are read again and the fact table loaded
  // here, with this batch's rows in it (put() below replaces them with the same rows); if the
  // batch rolls back, that table is dropped.
  if (refresh_if_changed() && !rules_.empty()) {
    facts_.load(db_);
    facts_from_batch_ = true;
  }
  if (!facts_.loaded()) return 0;  // nothing to keep current; loaded from SQLite on first query
  pending_.reserve(written.size());
  for (const auto& w : written) pending_.push_back(facts_.make_row(fact_fields(*w.span, w.rowid)));
  return capturer_->capture_batch(rules_, facts_, written, pending_, now_ns());
}

void Engine::batch_committed() {
  for (const FactRow& row : pending_) facts_.put(row);
  pending_.clear();
  facts_from_batch_ = false;
}

void Engine::batch_failed() noexcept {
  pending_.clear();
  if (facts_from_batch_) facts_.unload();
  facts_from_batch_ = false;
}

}  // namespace tracesift
