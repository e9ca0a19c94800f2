// The capture-rule operations (docs/CAPTURE.md).
#include <string>

#include "engine/capture/capture_json.hpp"
#include "engine/capture/rule.hpp"
#include "engine/capture/rule_preview.hpp"
#include "engine/engine.hpp"
#include "engine/operations/operations.hpp"

namespace tracesift::ops {

namespace {

int64_t rule_id(const OperationArgs& args) {
  return args.id(0, "a rule id", "id");
}

}  // namespace

std::string add_rule(Engine& engine, const OperationArgs& args) {
  return capture::rule_json(engine.add_rule(capture::parse_rule_input(args.text(0))));
}

std::string list_rules(Engine& engine, const OperationArgs& args) {
  return capture::rules_json(engine.rules(args.optional_string(0, "dataset")));
}

std::string update_rule(Engine& engine, const OperationArgs& args) {
  return capture::rule_json(engine.update_rule(rule_id(args), capture::parse_rule_patch(args.text(1))));
}

std::string delete_rule(Engine& engine, const OperationArgs& args) {
  const int64_t id = rule_id(args);
  return capture::rule_deleted_json(id, engine.delete_rule(id));
}

std::string backfill_rule(Engine& engine, const OperationArgs& args) {
  return capture::backfill_json(engine.backfill_rule(rule_id(args)));
}

std::string preview_rule(Engine& engine, const OperationArgs& args) {
  return capture::rule_scan_json(engine.preview_rule(capture::parse_rule_input(args.text(0))));
}

std::string preview_rule_update(Engine& engine, const OperationArgs& args) {
  return capture::rule_scan_json(engine.preview_rule_update(rule_id(args), capture::parse_rule_patch(args.text(1))));
}

}  // namespace tracesift::ops
