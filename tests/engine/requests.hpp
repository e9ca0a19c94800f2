// The engine's typed requests written as the JSON objects the API takes: tests state a request the
// way a user sends it, and the engine's own parser turns it into the typed request.
#pragma once

#include <string_view>

#include "engine/capture/rule.hpp"
#include "engine/dataset/dataset_request.hpp"
#include "engine/review/review_request.hpp"

namespace tracesift::test {

/// A new capture rule from its JSON object (as addRule takes it).
inline capture::RuleInput rule(std::string_view json) {
  return capture::parse_rule_input(json);
}

/// A rule change from its JSON object (as updateRule takes it).
inline capture::RulePatch rule_patch(std::string_view json) {
  return capture::parse_rule_patch(json);
}

/// An eval or training dataset request from its JSON object (as saveDataset takes it).
inline dataset::DatasetRequest dataset_request(std::string_view json) {
  return dataset::parse_dataset_request(json);
}

/// A review queue from its JSON object (as createReviewQueue takes it).
inline review::QueueRequest queue_request(std::string_view json) {
  return review::parse_queue_request(json);
}

/// An enqueue request from its JSON object (as addReviewItems takes it).
inline review::EnqueueRequest enqueue_request(std::string_view json) {
  return review::parse_enqueue_request(json);
}

}  // namespace tracesift::test
