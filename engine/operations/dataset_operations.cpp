// The dataset operations (docs/DATASETS.md).
#include <string>

#include "engine/dataset/dataset_request.hpp"
#include "engine/engine.hpp"
#include "engine/operations/operations.hpp"
#include "engine/store/dataset_store.hpp"

namespace tracesift::ops {

std::string create_dataset(Engine& engine, const OperationArgs& args) {
  const auto request = dataset::parse_create_dataset_request(args.text(0));
  return store::dataset_json(engine.create_dataset(request.name, request.type));
}

std::string save_dataset(Engine& engine, const OperationArgs& args) {
  return dataset::report_json(engine.save_dataset(dataset::parse_dataset_request(args.text(0))));
}

std::string preview_dataset(Engine& engine, const OperationArgs& args) {
  return dataset::report_json(engine.preview_dataset(dataset::parse_dataset_request(args.text(0))));
}

std::string show_dataset(Engine& engine, const OperationArgs& args) {
  const auto [info, recipe] = engine.show_dataset(args.string(0, "name"));
  return store::dataset_json(info, recipe);
}

std::string list_datasets(Engine& engine, const OperationArgs&) {
  return store::datasets_json(engine.datasets());
}

std::string list_datasets_excluding(Engine& engine, const OperationArgs& args) {
  return store::datasets_json(engine.datasets_excluding(args.string(0, "name")));
}

std::string rename_dataset(Engine& engine, const OperationArgs& args) {
  return store::dataset_json(engine.rename_dataset(args.string(0, "name"), args.string(1, "new_name")));
}

std::string delete_dataset(Engine& engine, const OperationArgs& args) {
  const std::string name = args.string(0, "name");
  return store::dataset_deleted_json(name, engine.delete_dataset(name));
}

std::string add_datapoints(Engine& engine, const OperationArgs& args) {
  const std::string name = args.string(0, "name");
  return store::datapoints_added_json(engine.add_datapoints(name, dataset::parse_span_ids(args.text(1))));
}

}  // namespace tracesift::ops
