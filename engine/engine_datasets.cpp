// The Engine's dataset methods (docs/DATASETS.md): collections, eval and training datasets planned
// by dataset/, their rows in store/, exports begun in export/.
#include "engine.hpp"

#include <algorithm>

#include "dataset/dataset_builder.hpp"
#include "error.hpp"
#include "store/datapoint_writer.hpp"

namespace tracesift {

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

dataset::DatasetReport Engine::save_dataset(const dataset::DatasetRequest& request) {
  const Filter filter = parse_filter(request.filter_json);
  store::Transaction tx(db_);
  // Inside the transaction (nothing written yet): the facts are the state the dataset is built on,
  // whatever another process committed before this one got the lock.
  const FactTable& table = facts();
  dataset::DatasetReport report = dataset::build_dataset(db_, datasets_, table, request, filter, now_ns());
  tx.commit();
  save_facts();
  return report;
}

dataset::DatasetReport Engine::preview_dataset(const dataset::DatasetRequest& request) {
  // Design note: the same planner as save_dataset, which then writes the plan; so a preview and
  // the save that follows it cannot disagree.
  const Filter filter = parse_filter(request.filter_json);
  return read_facts([&](const FactTable& table) {
    return dataset::plan_dataset(db_, datasets_, table, request, filter, now_ns()).report;
  });
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

}  // namespace tracesift
