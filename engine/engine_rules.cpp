// The Engine's capture-rule methods (docs/CAPTURE.md): typed rules in, validated drafts, the rows in
// capture/rule_store.
#include "engine.hpp"
#include "error.hpp"
#include "sample/sample_hash.hpp"

namespace tracesift {

void Engine::reload_rules() {
  rules_ = rule_store_.list("");
}

capture::Rule Engine::new_rule_draft(const capture::RuleInput& in) {
  parse_filter(in.filter_json);  // rejects an invalid filter before anything is stored
  capture::Rule rule;
  rule.name = in.name;
  rule.filter_json = in.filter_json;
  rule.sample_rate = in.sample_rate;
  rule.seed = in.seed.value_or(default_seed(in.dataset, rule.name));
  rule.created_ns = now_ns();
  return rule;
}

capture::Rule Engine::updated_rule_draft(int64_t id, const capture::RulePatch& in) {
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

capture::Rule Engine::add_rule(const capture::RuleInput& in) {
  capture::Rule rule = new_rule_draft(in);
  store::Transaction tx(db_);
  if (auto found = rule_target(in.dataset)) {
    rule.dataset_id = found->id;
  } else {
    rule.dataset_id = datasets_.create(in.dataset, "collection", now_ns()).id;
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

capture::RuleScan Engine::preview_rule(const capture::RuleInput& in) {
  // Design note: validated as add_rule validates, then scanned as backfill scans (scan_rule), so
  // the preview is the count a backfill of the added rule captures, not an estimate.
  const capture::Rule rule = new_rule_draft(in);
  if (const auto target = rule_target(in.dataset)) rule_store_.check_name_free(target->id, in.name, 0);
  return read_facts([&](const FactTable& table) { return capture::scan_rule(rule, table, now_ns()); });
}

capture::RuleScan Engine::preview_rule_update(int64_t id, const capture::RulePatch& patch) {
  const capture::Rule rule = updated_rule_draft(id, patch);
  return read_facts([&](const FactTable& table) { return capture::scan_rule(rule, table, now_ns()); });
}

std::vector<capture::Rule> Engine::rules(std::string_view dataset) {
  if (!dataset.empty()) datasets_.get(dataset);  // an unknown dataset is an error, not an empty list
  return rule_store_.list(dataset);
}

capture::Rule Engine::update_rule(int64_t id, const capture::RulePatch& patch) {
  rule_store_.update(updated_rule_draft(id, patch));
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
  save_facts();
  return result;
}

}  // namespace tracesift
