#include "engine.hpp"

#include <algorithm>
#include <chrono>

#include "dataset/dataset_builder.hpp"
#include "error.hpp"
#include "sample/sample_hash.hpp"
#include "store/datapoint_writer.hpp"
#include "store/db_restore.hpp"
#include "store/pragmas.hpp"
#include "store/schema.hpp"

namespace tracesift {

namespace {
constexpr int64_t kMaxPage = 10000;

}  // namespace

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

// --- capture rules -------------------------------------------------------------------------------

void Engine::reload_rules() {
  rules_ = rule_store_.list("");
}

capture::Rule Engine::new_rule_draft(const capture::RuleInput& in) {
  parse_filter(*in.filter_json);  // rejects an invalid filter before anything is stored
  capture::Rule rule;
  rule.name = *in.name;
  rule.filter_json = *in.filter_json;
  rule.sample_rate = *in.sample_rate;
  rule.seed = in.seed.value_or(default_seed(*in.dataset, rule.name));
  rule.created_ns = now_ns();
  return rule;
}

capture::Rule Engine::updated_rule_draft(int64_t id, const capture::RuleInput& in) {
  capture::Rule rule = rule_store_.get(id);
  if (in.filter_json) {
    parse_filter(*in.filter_json);
    rule.filter_json = *in.filter_json;
  }
  if (in.name) {
    rule_store_.check_name_free(rule.dataset_id, *in.name, id);
    rule.name = *in.name;
  }
  if (in.sample_rate) rule.sample_rate = *in.sample_rate;
  if (in.seed) rule.seed = *in.seed;
  return rule;
}

capture::Rule Engine::add_rule(std::string_view rule_json) {
  const capture::RuleInput in = capture::parse_rule_input(rule_json, false);
  capture::Rule rule = new_rule_draft(in);
  store::Transaction tx(db_);
  if (auto found = rule_target(*in.dataset)) {
    rule.dataset_id = found->id;
  } else {
    rule.dataset_id = datasets_.create(*in.dataset, "collection", now_ns()).id;
  }
  rule = rule_store_.insert(std::move(rule));
  tx.commit();
  reload_rules();
  return rule;
}

std::optional<store::DatasetInfo> Engine::rule_target(const std::string& name) {
  auto found = datasets_.find(name);
  if (found && found->type != "collection")
    throw Error(Errc::invalid_argument,
                "dataset '" + found->name + "' is a " + found->type +
                    " dataset (a saved snapshot); capture rules feed collection datasets",
                "dataset");
  return found;
}

capture::RuleScan Engine::preview_rule(std::string_view rule_json) {
  // Design note: validated as add_rule validates, then scanned as backfill scans (scan_rule), so
  // the preview is the count a backfill of the added rule captures, not an estimate.
  const capture::RuleInput in = capture::parse_rule_input(rule_json, false);
  const capture::Rule rule = new_rule_draft(in);
  if (const auto target = rule_target(*in.dataset)) rule_store_.check_name_free(target->id, *in.name, 0);
  return capture::scan_rule(rule, facts(), now_ns());
}

capture::RuleScan Engine::preview_rule_update(int64_t id, std::string_view patch_json) {
  const capture::Rule rule = updated_rule_draft(id, capture::parse_rule_input(patch_json, true));
  return capture::scan_rule(rule, facts(), now_ns());
}

std::vector<capture::Rule> Engine::rules(std::string_view dataset) {
  if (!dataset.empty()) datasets_.get(dataset);  // an unknown dataset is an error, not an empty list
  return rule_store_.list(dataset);
}

capture::Rule Engine::update_rule(int64_t id, std::string_view patch_json) {
  rule_store_.update(updated_rule_draft(id, capture::parse_rule_input(patch_json, true)));
  reload_rules();
  return rule_store_.get(id);
}

int64_t Engine::delete_rule(int64_t id) {
  const int64_t kept = rule_store_.remove(id);
  reload_rules();
  return kept;
}

capture::BackfillResult Engine::backfill_rule(int64_t id) {
  const capture::Rule rule = rule_store_.get(id);
  const FactTable& table = facts();
  store::Transaction tx(db_);
  const capture::BackfillResult result = capturer_->backfill(rule, table, now_ns());
  tx.commit();
  return result;
}

// --- datasets ------------------------------------------------------------------------------------

store::DatasetInfo Engine::create_dataset(std::string_view name, std::string_view type) {
  const std::string checked = store::checked_dataset_name(name, "name");
  if (type != "collection")
    throw Error(Errc::invalid_argument,
                "type '" + std::string(type) +
                    "' cannot be created empty; only 'collection' can (eval and training datasets are built from a "
                    "filter)",
                "type");
  return datasets_.create(checked, type, now_ns());
}

std::vector<store::DatasetInfo> Engine::datasets() {
  store::ReadTransaction read(db_);
  return datasets_.list();
}

std::vector<store::DatasetInfo> Engine::datasets_excluding(std::string_view name) {
  store::ReadTransaction read(db_);
  datasets_.get(name);
  return datasets_.excluding(name);
}

store::DatapointPage Engine::list_datapoints(std::string_view name, store::IdPage page) {
  store::ReadTransaction read(db_);
  const store::DatasetInfo dataset = datasets_.get(name);
  page.limit = std::min(page.limit, kMaxPage);
  store::DatapointPage out;
  out.next_cursor = datasets_.rows_jsonl(dataset, page, out.jsonl);
  return out;
}

std::string Engine::dataset_rows_jsonl(std::string_view name, int64_t limit, int64_t offset) {
  return list_datapoints(name, {.limit = limit, .offset = offset}).jsonl;
}

dataset::DatasetReport Engine::save_dataset(std::string_view request_json) {
  const dataset::DatasetRequest request = dataset::parse_dataset_request(request_json);
  const Filter filter = parse_filter(request.filter_json);
  store::Transaction tx(db_);
  // Inside the transaction (nothing written yet): the facts are the state the dataset is built on,
  // whatever another process committed before this one got the lock.
  const FactTable& table = facts();
  dataset::DatasetReport report = dataset::build_dataset(db_, datasets_, table, request, filter, now_ns());
  tx.commit();
  return report;
}

dataset::DatasetReport Engine::preview_dataset(std::string_view request_json) {
  // Design note: the same planner as save_dataset, which then writes the plan; so a preview and
  // the save that follows it cannot disagree.
  const dataset::DatasetRequest request = dataset::parse_dataset_request(request_json);
  const Filter filter = parse_filter(request.filter_json);
  store::ReadTransaction read(db_);
  const FactTable& table = facts();
  return dataset::plan_dataset(db_, datasets_, table, request, filter, now_ns()).report;
}

std::pair<store::DatasetInfo, std::string> Engine::show_dataset(std::string_view name) {
  store::ReadTransaction read(db_);
  store::DatasetInfo info = datasets_.get(name);
  std::string recipe = datasets_.recipe(info);
  return {std::move(info), std::move(recipe)};
}

store::DatasetInfo Engine::rename_dataset(std::string_view name, std::string_view new_name) {
  const std::string checked = store::checked_dataset_name(new_name, "new_name");
  const store::DatasetInfo info = datasets_.get(name);
  store::Transaction tx(db_);
  datasets_.rename(info, checked);
  tx.commit();
  reload_rules();  // rules carry their dataset's name
  return datasets_.get(checked);
}

int64_t Engine::delete_dataset(std::string_view name) {
  const store::DatasetInfo info = datasets_.get(name);
  store::Transaction tx(db_);
  const int64_t deleted = datasets_.remove(info);
  tx.commit();
  reload_rules();
  return deleted;
}

std::unique_ptr<exporter::DatasetExport> Engine::begin_export(std::string_view name, std::string_view format,
                                                              const exporter::ExportOptions& options) {
  auto [info, recipe] = show_dataset(name);
  std::optional<store::DatasetInfo> eval;
  if (format == "hf" && info.type == "training") {
    // The eval dataset the training set was saved against becomes the validation split.
    if (const auto excluded = exporter::recipe_exclude(recipe)) {
      auto found = datasets_.find(*excluded);
      if (found && found->type == "eval") eval = std::move(found);
    }
  }
  return std::make_unique<exporter::DatasetExport>(db_, std::move(info), std::move(recipe), format, std::move(eval),
                                                   options);
}

int64_t Engine::add_datapoints(std::string_view name, const std::vector<std::string>& span_ids) {
  const store::DatasetInfo info = datasets_.get(name);
  if (info.type != "collection")
    throw Error(
        Errc::invalid_argument,
        "dataset '" + info.name + "' is a saved " + info.type + " snapshot; add spans by hand to a collection dataset",
        "dataset");
  store::Transaction tx(db_);
  const int64_t added = store::add_manual_datapoints(db_, info.id, span_ids, now_ns());
  tx.commit();
  return added;
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
