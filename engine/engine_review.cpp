// The Engine's review queue methods (docs/REVIEW.md): typed requests in, the state machine in
// review/review_store.
#include <algorithm>

#include "engine.hpp"
#include "error.hpp"
#include "review/output_check.hpp"

namespace tracesift {

namespace {
constexpr int64_t kReviewNsPerSecond = 1'000'000'000;
}  // namespace

review::Queue Engine::create_review_queue(const review::QueueRequest& r) {
  return review_.create(r.name, r.golden, r.lease_seconds * kReviewNsPerSecond, now_ns());
}

std::vector<review::Queue> Engine::review_queues() {
  return review_.list();
}

int64_t Engine::delete_review_queue(std::string_view queue) {
  return review_.remove(queue);
}

review::EnqueueResult Engine::review_enqueue(const review::EnqueueRequest& r) {
  if (r.dataset.has_value() == r.rule_id.has_value())
    throw Error(Errc::invalid_argument, "give exactly one of dataset and rule_id to enqueue from", "dataset");
  if (r.dataset) return review_.enqueue_dataset(r.queue, *r.dataset, r.limit, now_ns());
  return review_.enqueue_rule(r.queue, *r.rule_id, r.limit, now_ns());
}

std::optional<review::Item> Engine::review_next(std::string_view queue, std::string_view reviewer) {
  return review_.next(queue, reviewer, now_ns());
}

review::Item Engine::review_claim(int64_t item_id, std::string_view reviewer) {
  return review_.claim(item_id, reviewer, now_ns());
}

review::Item Engine::review_release(int64_t item_id, std::string_view reviewer) {
  return review_.release(item_id, reviewer);
}

std::pair<review::Item, review::ItemContent> Engine::review_show(int64_t item_id) {
  review::Item item = review_.item(item_id);
  review::ItemContent content = review_.content(item);
  return {std::move(item), std::move(content)};
}

review::Item Engine::review_edit(int64_t item_id, std::string_view reviewer, std::string_view output_json) {
  const std::string output = review::checked_output(output_json);
  return review_.edit(item_id, reviewer, output, now_ns());
}

review::Item Engine::review_approve(int64_t item_id, std::string_view reviewer,
                                    const std::optional<std::string>& note) {
  return review_.approve(item_id, reviewer, note, now_ns());
}

review::Item Engine::review_reject(int64_t item_id, std::string_view reviewer,
                                   const std::optional<std::string>& reason) {
  return review_.reject(item_id, reviewer, reason, now_ns());
}

review::ItemPage Engine::review_items(std::string_view queue, std::string_view state, store::IdPage page) {
  page.limit = std::min(page.limit, kMaxPage);
  return review_.items(queue, state, page);
}

review::Progress Engine::review_progress(std::string_view queue) {
  return review_.get(queue).progress;
}

}  // namespace tracesift
