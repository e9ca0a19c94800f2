// The engine: one tracesift database and every operation on it. The bindings, the native tests
// and the benchmarks all go through this class.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <vector>

#include "capture/capturer.hpp"
#include "capture/rule.hpp"
#include "capture/rule_preview.hpp"
#include "capture/rule_store.hpp"
#include "dataset/dataset_request.hpp"
#include "export/dataset_export.hpp"
#include "import/import_session.hpp"
#include "query/facets.hpp"
#include "query/fact_table.hpp"
#include "query/filter.hpp"
#include "query/span_detail.hpp"
#include "query/span_page.hpp"
#include "query/time_series.hpp"
#include "review/review_request.hpp"
#include "review/review_store.hpp"
#include "review/review_types.hpp"
#include "store/dataset_store.hpp"
#include "store/db_snapshot.hpp"
#include "store/fact_cache_store.hpp"
#include "store/span_store.hpp"
#include "store/sqlite.hpp"
#include "version.hpp"

namespace tracesift {

/// Most rows one page of a listing returns (spans, datapoints, review items).
inline constexpr int64_t kMaxPage = 10'000;

/// Tuning of an open database.
struct EngineOptions {
  int64_t cache_size_kib = 32 * 1024;  ///< SQLite page cache
  int64_t page_size = 16384;           ///< page size of a new database (bytes); measured in bench/
  std::string vfs;                     ///< sqlite3 VFS to open the database in ("" = the default)
  std::string journal_mode;            ///< PRAGMA journal_mode ("" = SQLite's default, DELETE)
  std::string synchronous = "NORMAL";  ///< PRAGMA synchronous
  int64_t lock_timeout_ms = 0;         ///< how long a call waits for another process's lock (then Errc::locked)
  uint64_t import_batch_size = 0;      ///< spans per import transaction (0: the import's own default)
  std::function<int64_t()> clock;      ///< now, in UTC ns (default: the system clock)
};

/// One page of a span listing.
struct SpanPage {
  std::string jsonl;        ///< the spans, one JSON line each
  std::string next_cursor;  ///< continues the listing, or "" after the last page
};

/// An open tracesift database.
class Engine : private import::BatchObserver {
 public:
  /// Opens or creates the database at `path` (":memory:" for a private in-memory one) and brings
  /// its schema up to date. A file that is not a tracesift database is refused unchanged.
  explicit Engine(const std::string& path, EngineOptions options = {});
  ~Engine() override;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Starts a streaming import; the session must not outlive the engine.
  std::unique_ptr<import::ImportSession> begin_import(import::ImportOptions options);

  /// One page of matching spans in the requested order. `limit` is capped at 10,000 per call.
  SpanPage spans_page(const Filter& filter, const PageRequest& page);
  /// Matching spans as JSONL, newest first. `limit` is capped at 10,000 per call.
  std::string spans_jsonl(const Filter& filter, int64_t limit, int64_t offset);
  /// Number of matching spans.
  int64_t count(const Filter& filter);
  /// Facet values, counts and ranges of the matching spans.
  Facets facets(const Filter& filter);
  /// One span by id with its full record and its trace's spans (Error{not_found} if not stored).
  SpanDetail span_detail(std::string_view span_id);
  /// Volume, tokens, cost and failures of the matching spans over time (and by model), for charts.
  Stats stats(const Filter& filter, const StatsRequest& request);
  /// Parses a filter given as JSON text against this engine's clock.
  Filter parse_filter(std::string_view json_text) const;

  /// Adds a capture rule; a dataset that does not exist becomes a collection.
  capture::Rule add_rule(const capture::RuleInput& rule);
  /// The rules of one dataset (all when empty).
  std::vector<capture::Rule> rules(std::string_view dataset);
  /// Changes a rule's name, filters, rate or seed; future captures use the new values.
  capture::Rule update_rule(int64_t id, const capture::RulePatch& patch);
  /// Deletes a rule; its datapoints stay. Returns how many it had added.
  int64_t delete_rule(int64_t id);
  /// Applies a rule to the finished spans already stored.
  capture::BackfillResult backfill_rule(int64_t id);
  /// What a rule draft (as add_rule takes it, same errors) would capture from the stored spans:
  /// exactly what its backfill would add. Writes nothing.
  capture::RuleScan preview_rule(const capture::RuleInput& rule);
  /// What rule `id` changed by `patch` (as update_rule takes it, same errors) would match and
  /// sample among the stored spans. Writes nothing.
  capture::RuleScan preview_rule_update(int64_t id, const capture::RulePatch& patch);

  /// Creates an empty dataset of `type` (only "collection" is created this way).
  store::DatasetInfo create_dataset(std::string_view name, std::string_view type);
  /// Every dataset, by name.
  std::vector<store::DatasetInfo> datasets();
  /// The training datasets that exclude the dataset `name` (Errc::not_found when there is none of that name).
  std::vector<store::DatasetInfo> datasets_excluding(std::string_view name);
  /// A page of a dataset's datapoints, oldest first (`limit` capped at 10,000).
  store::DatapointPage list_datapoints(std::string_view name, store::IdPage page);
  /// A dataset's datapoints as JSONL, oldest first (`limit` capped at 10,000).
  std::string dataset_rows_jsonl(std::string_view name, int64_t limit, int64_t offset);
  /// Saves an eval or training dataset from a filter (docs/DATASETS.md); nothing is saved on error.
  dataset::DatasetReport save_dataset(const dataset::DatasetRequest& request);
  /// The report save_dataset would give for the same request (same errors), writing nothing.
  dataset::DatasetReport preview_dataset(const dataset::DatasetRequest& request);
  /// A dataset with its recipe (JSON text, "null" for collections).
  std::pair<store::DatasetInfo, std::string> show_dataset(std::string_view name);
  /// Renames a dataset.
  store::DatasetInfo rename_dataset(std::string_view name, std::string_view new_name);
  /// Deletes a dataset, its datapoints and its rules; returns the datapoints deleted.
  int64_t delete_dataset(std::string_view name);
  /// Starts exporting a dataset as `format` (jsonl, openai-chat, hf, csv); pull pieces from it.
  /// The export must not outlive the engine. `options`: the format's choices (csv formulas).
  std::unique_ptr<exporter::DatasetExport> begin_export(std::string_view dataset, std::string_view format,
                                                        const exporter::ExportOptions& options = {});
  /// Adds the stored spans with these ids to a collection by hand; returns how many were added
  /// (Error{not_found} names the first id that is not stored).
  int64_t add_datapoints(std::string_view dataset, const std::vector<std::string>& span_ids);

  // --- review queue (docs/REVIEW.md) ---
  /// Creates a review queue; the golden collection is created if missing.
  review::Queue create_review_queue(const review::QueueRequest& request);
  /// Every review queue with its progress, by name.
  std::vector<review::Queue> review_queues();
  /// Deletes a review queue and its items (the golden dataset stays); returns the items deleted.
  int64_t delete_review_queue(std::string_view queue);
  /// Adds datapoints to a queue from a dataset or a rule's captures; a datapoint already in the
  /// queue is not added again.
  review::EnqueueResult review_enqueue(const review::EnqueueRequest& request);
  /// The reviewer's claimed item, else the oldest pending (or lease-expired) item, now claimed;
  /// nullopt when the queue has nothing left to review.
  std::optional<review::Item> review_next(std::string_view queue, std::string_view reviewer);
  /// Claims one item for a reviewer.
  review::Item review_claim(int64_t item_id, std::string_view reviewer);
  /// Gives the reviewer's claimed item back to the queue (pending, edits kept).
  review::Item review_release(int64_t item_id, std::string_view reviewer);
  /// One item with its datapoint's original content.
  std::pair<review::Item, review::ItemContent> review_show(int64_t item_id);
  /// Sets the edited output (a messages array, validated) of the reviewer's claimed item; the
  /// datapoint keeps its original.
  review::Item review_edit(int64_t item_id, std::string_view reviewer, std::string_view output_json);
  /// Approves the reviewer's claimed item: its datapoint, with the edited output if any, is copied
  /// into the queue's golden dataset.
  review::Item review_approve(int64_t item_id, std::string_view reviewer, const std::optional<std::string>& note);
  /// Rejects the reviewer's claimed item, with an optional reason.
  review::Item review_reject(int64_t item_id, std::string_view reviewer, const std::optional<std::string>& reason);
  /// Items of a queue in id order, optionally only those in `state` ("" = all); `limit` capped at
  /// 10,000.
  review::ItemPage review_items(std::string_view queue, std::string_view state, store::IdPage page);
  /// A queue's counts per state and outcome.
  review::Progress review_progress(std::string_view queue);

  /// Starts a consistent copy of the whole database file, pulled piece by piece (the download);
  /// the snapshot must not outlive the engine.
  std::unique_ptr<store::DbSnapshot> begin_snapshot();
  /// Replaces the whole database with the database file `bytes` (docs/STORAGE.md): a file that is
  /// not a sound tracesift database is refused (not_a_database, schema_too_new) and nothing
  /// changes. Returns the number of spans now stored.
  int64_t restore(std::string_view bytes);
  /// SQLite's `PRAGMA integrity_check`: "ok", or the problems found, one a line.
  std::string check_integrity();
  /// Size of the database file in bytes (page count x page size; free pages included).
  int64_t database_bytes();

  /// Where the fact table was last loaded from: none yet, its persisted copy, or the spans
  /// (rebuilt; the copy was missing or stale).
  enum class FactsOrigin { none, cache, spans };
  /// Where the fact table was last loaded from (for tests and benchmarks).
  FactsOrigin facts_origin() const noexcept { return facts_origin_; }

  /// The current time in UTC ns, from the configured clock.
  int64_t now_ns() const;
  /// The underlying connection (for tests and tools).
  store::Database& database() noexcept { return db_; }

 private:
  // BatchObserver: keeps the fact table current and runs capture rules inside each import batch.
  void before_batch() override;
  uint64_t batch_written(const std::vector<import::WrittenSpan>& written) override;
  void batch_committed() override;
  void batch_failed() noexcept override;
  void import_finished() noexcept override;

  const FactTable& facts();  // loads the fact table on first use
  // Loads the fact table from its persisted copy when that is current, else from the spans.
  void load_facts();
  // Loads the fact table from its persisted copy if that is current; false otherwise.
  bool load_facts_copy();
  // Rebuilds the fact table from the spans (to be saved as the copy).
  void rebuild_facts();
  // Loads the persisted copy if it was written at `generation` for the spans stored now.
  bool load_facts_from_cache(int64_t generation);
  // Saves the fact table as its persisted copy if it was rebuilt from the spans, and with
  // `changed_chunks` (when an import ends) the chunks imports changed; only outside a transaction.
  // Failing (a lock, a full disk) only leaves the copy stale for later.
  void save_facts(bool changed_chunks = false) noexcept;
  // fn(facts()) in one read transaction; then save_facts().
  template <class Fn>
  auto read_facts(Fn&& fn) {
    auto result = [&] {
      store::ReadTransaction read(db_);
      return fn(facts());
    }();
    save_facts();
    return result;
  }
  void reload_rules();  // after any change to the rules table
  // Another process (or connection) committed since this engine last looked: the fact table is
  // dropped (loaded again when next needed) and the rules are read again. Returns whether so.
  bool refresh_if_changed();
  // The collection a rule for `name` goes to, if it exists; Error{invalid_argument} if `name` is
  // an eval or training dataset.
  std::optional<store::DatasetInfo> rule_target(const std::string& name);
  // A new rule as `in` (a full rule object) describes it, checked as add_rule checks it; its
  // dataset id is left for add_rule to set.
  capture::Rule new_rule_draft(const capture::RuleInput& in);
  // Rule `id` with the patch `in` applied, checked as update_rule checks it.
  capture::Rule updated_rule_draft(int64_t id, const capture::RulePatch& in);

  EngineOptions options_;
  store::Database db_;
  std::unique_ptr<store::SpanStore> spans_;
  FactTable facts_;
  std::vector<FactRow> pending_;   // facts of the batch being written, applied after its commit
  int64_t seen_version_ = -1;      // PRAGMA data_version when this engine last looked
  bool facts_from_batch_ = false;  // the fact table was loaded inside a batch's transaction
  bool facts_in_batch_ = false;    // the batch being written changed the fact table
  store::FactCacheStore fact_cache_;
  int64_t facts_generation_ = -1;    // the span generation the fact table reflects
  bool facts_unsaved_ = false;       // rebuilt from the spans and not saved as the persisted copy
  std::vector<size_t> facts_dirty_;  // chunks imports changed since the copy was last written
  FactsOrigin facts_origin_ = FactsOrigin::none;
  store::DatasetStore datasets_;
  capture::RuleStore rule_store_;
  std::vector<capture::Rule> rules_;  // every rule, evaluated on each batch
  std::unique_ptr<capture::Capturer> capturer_;
  review::ReviewStore review_;
};

}  // namespace tracesift
