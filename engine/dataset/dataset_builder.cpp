#include "dataset_builder.hpp"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "../error.hpp"
#include "../json_text.hpp"
#include "../query/fact_filter.hpp"
#include "../sample/sample_hash.hpp"
#include "../store/datapoint_writer.hpp"
#include "../store/dataset_store.hpp"
#include "../store/span_reads.hpp"
#include "../timestamp.hpp"
#include "../version.hpp"
#include "eval_reference.hpp"
#include "input_text.hpp"

namespace tracesift::dataset {
namespace {

std::string recipe_json(const DatasetRequest& req, const DatasetReport& report, std::string_view rows_hash,
                        int64_t now_ns) {
  std::string out = "{\"type\":";
  append_json_string(out, req.type);
  out += ",\"filter\":" + req.filter_json + ",\"only_status\":\"completed\",\"seed\":" + std::to_string(req.seed);
  out += ",\"cap\":" + std::to_string(req.cap()) + ",\"limit\":";
  out += req.limit ? std::to_string(*req.limit) : "null";
  out += ",\"ranking\":\"ascending mix64(hash_text(span_id) ^ mix64(seed + 0x9e3779b97f4a7c15))\",\"exclude\":";
  if (req.exclude)
    append_json_string(out, *req.exclude);
  else
    out += "null";
  if (req.type == "training") {
    const LeakageChecks& c = req.checks;
    out += std::string(",\"leakage\":{\"same_span\":") + (c.same_span ? "true" : "false") +
           ",\"same_input\":" + (c.same_input ? "true" : "false") +
           ",\"same_group\":" + (c.same_group ? "true" : "false") +
           ",\"near_duplicate\":" + (c.near_duplicate ? "true" : "false") + ",\"jaccard\":";
    append_json_number(out, c.jaccard);
    out += '}';
  }
  const Exclusions& e = report.excluded;
  out += ",\"counts\":{\"candidates\":" + std::to_string(report.candidates) +
         ",\"excluded\":{\"same_span\":" + std::to_string(e.same_span) +
         ",\"same_input\":" + std::to_string(e.same_input) + ",\"same_group\":" + std::to_string(e.same_group) +
         ",\"near_duplicate\":" + std::to_string(e.near_duplicate) + "},\"rows\":" + std::to_string(report.rows) +
         ",\"overlap_ratio\":";
  append_json_number(out, report.overlap_ratio);
  out += "},\"engine_version\":";
  append_json_string(out, kEngineVersion);
  out += ",\"created_at\":";
  append_json_string(out, format_rfc3339(now_ns));
  out += ",\"rows_hash\":";
  append_json_string(out, rows_hash);
  out += '}';
  return out;
}

store::DatasetInfo eval_to_exclude(store::DatasetStore& datasets, const std::string& name) {
  const auto eval = datasets.find(name);
  if (!eval) throw Error(Errc::not_found, "no eval dataset named '" + name + "' to exclude", "exclude");
  if (eval->type != "eval")
    throw Error(Errc::invalid_argument, "dataset '" + name + "' is a " + eval->type + " dataset, not an eval dataset",
                "exclude");
  return *eval;
}

}  // namespace

DatasetPlan plan_dataset(store::Database& db, store::DatasetStore& datasets, const FactTable& facts,
                         const DatasetRequest& req, const Filter& filter, int64_t now_ns) {
  if (datasets.find(req.name)) throw Error(Errc::conflict, "a dataset named '" + req.name + "' already exists", "name");
  std::optional<EvalReference> eval;
  if (req.exclude) eval.emplace(db, eval_to_exclude(datasets, *req.exclude), req.checks);

  DatasetPlan plan;
  DatasetReport& report = plan.report;
  report.name = req.name;
  report.type = req.type;
  const CompiledFilter compiled(filter, facts);
  const auto completed = static_cast<uint8_t>(SpanStatus::completed);
  std::vector<const FactRow*> kept;
  for (const FactRow& r : facts.rows()) {
    if (r.status != completed || !compiled.matches(r)) continue;
    ++report.candidates;
    if (eval) {
      const LeakageChecks& c = req.checks;
      if (c.same_span && eval->spans.count(r.span_hash)) {
        ++report.excluded.same_span;
        continue;
      }
      if (c.same_input && eval->inputs.count(r.input_hash)) {
        ++report.excluded.same_input;
        continue;
      }
      if (c.same_group && (eval->traces.count(r.trace) || (r.session != 0 && eval->sessions.count(r.session)))) {
        ++report.excluded.same_group;
        continue;
      }
    }
    kept.push_back(&r);
  }
  if (eval && req.checks.near_duplicate && eval->near.size() > 0) {
    // Only the spans left by the cheap checks are read back for their input text.
    store::SpanInputReader inputs(db);
    std::vector<const FactRow*> distinct;
    distinct.reserve(kept.size());
    for (const FactRow* r : kept) {
      const std::optional<std::string_view> input = inputs.input(r->rowid);
      if (input && eval->near.matches(similarity_text(*input))) {
        ++report.excluded.near_duplicate;
        continue;
      }
      distinct.push_back(r);
    }
    kept.swap(distinct);
  }
  if (report.candidates == 0)
    throw Error(Errc::invalid_argument, "no completed span matches the filter: the dataset would be empty", "filter");
  report.overlap_ratio = static_cast<double>(report.excluded.total()) / static_cast<double>(report.candidates);
  if (kept.empty())
    throw Error(Errc::conflict,
                "every one of the " + std::to_string(report.candidates) + " candidate spans overlaps eval dataset '" +
                    *req.exclude + "' (100%): the training dataset would be empty; widen the filter",
                "exclude");
  if (eval && report.overlap_ratio > kOverlapWarning) {
    report.warnings.push_back(std::to_string(static_cast<int>(report.overlap_ratio * 100 + 0.5)) +
                              "% of the candidate spans overlap the eval dataset '" + *req.exclude +
                              "': the slice is probably too narrow");
  }

  // Keep the `n` spans ranked first by the seeded hash of their id (ties, which need a 64-bit
  // collision, by row), then store them in span order: a dataset is a set, and rows written in
  // span order keep the datapoints' span index appending.
  const size_t wanted = static_cast<size_t>(std::min<int64_t>(req.limit.value_or(req.cap()), req.cap()));
  const size_t n = std::min(wanted, kept.size());
  if (n < kept.size()) {
    std::vector<std::pair<uint64_t, const FactRow*>> ranked(kept.size());
    for (size_t i = 0; i < kept.size(); ++i) ranked[i] = {sample_key(req.seed, kept[i]->span_hash), kept[i]};
    std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end(),
                     [](const auto& a, const auto& b) {
                       return a.first != b.first ? a.first < b.first : a.second->rowid < b.second->rowid;
                     });
    kept.resize(n);
    for (size_t i = 0; i < n; ++i) kept[i] = ranked[i].second;
  }
  std::sort(kept.begin(), kept.end(), [](const FactRow* a, const FactRow* b) { return a->rowid < b->rowid; });
  report.rows = n;

  store::RowsHash rows_hash;
  plan.rowids.reserve(kept.size());
  for (const FactRow* r : kept) {
    plan.rowids.push_back(r->rowid);
    rows_hash.add(r->span_hash);
  }
  report.recipe_json = recipe_json(req, report, rows_hash.hex(), now_ns);
  return plan;
}

void write_dataset(store::Database& db, store::DatasetStore& datasets, const DatasetPlan& plan, int64_t now_ns) {
  const DatasetReport& report = plan.report;
  store::DatasetInfo saved = datasets.create(report.name, report.type, now_ns);
  std::vector<store::NewDatapoint> rows(plan.rowids.size());
  for (size_t i = 0; i < plan.rowids.size(); ++i) rows[i] = {saved.id, 0, plan.rowids[i]};
  store::DatapointWriter(db).add_all(rows, store::datapoint_source::filter, now_ns);
  datasets.set_recipe(saved, report.recipe_json);
}

DatasetReport build_dataset(store::Database& db, store::DatasetStore& datasets, const FactTable& facts,
                            const DatasetRequest& req, const Filter& filter, int64_t now_ns) {
  DatasetPlan plan = plan_dataset(db, datasets, facts, req, filter, now_ns);
  write_dataset(db, datasets, plan, now_ns);
  return std::move(plan.report);
}

}  // namespace tracesift::dataset
