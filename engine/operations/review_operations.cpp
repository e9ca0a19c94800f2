// The review-queue operations (docs/REVIEW.md).
#include <string>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "engine/operations/operations.hpp"
#include "engine/review/review_json.hpp"
#include "engine/review/review_request.hpp"

namespace tracesift::ops {

namespace {

int64_t item_id(const OperationArgs& args) {
  return args.id(0, "a review item id", "item");
}

std::string reviewer(const OperationArgs& args) {
  return args.string(1, "reviewer");
}

}  // namespace

std::string create_review_queue(Engine& engine, const OperationArgs& args) {
  return review::queue_json(engine.create_review_queue(review::parse_queue_request(args.text(0))));
}

std::string list_review_queues(Engine& engine, const OperationArgs&) {
  return review::queues_json(engine.review_queues());
}

std::string delete_review_queue(Engine& engine, const OperationArgs& args) {
  const std::string queue = args.string(0, "queue");
  return review::queue_deleted_json(queue, engine.delete_review_queue(queue));
}

std::string add_review_items(Engine& engine, const OperationArgs& args) {
  return review::enqueue_json(engine.review_enqueue(review::parse_enqueue_request(args.text(0))));
}

std::string claim_next_review_item(Engine& engine, const OperationArgs& args) {
  const auto item = engine.review_next(args.string(0, "queue"), reviewer(args));
  if (!item) return "null";
  const auto [shown, content] = engine.review_show(item->id);
  return review::item_detail_json(shown, content);
}

std::string claim_review_item(Engine& engine, const OperationArgs& args) {
  return review::item_json(engine.review_claim(item_id(args), reviewer(args)));
}

std::string release_review_item(Engine& engine, const OperationArgs& args) {
  return review::item_json(engine.review_release(item_id(args), reviewer(args)));
}

std::string show_review_item(Engine& engine, const OperationArgs& args) {
  const auto [shown, content] = engine.review_show(item_id(args));
  return review::item_detail_json(shown, content);
}

std::string edit_review_item(Engine& engine, const OperationArgs& args) {
  if (!args.given(2)) throw Error(Errc::invalid_argument, "output must be a messages array", "output");
  return review::item_json(engine.review_edit(item_id(args), reviewer(args), args.text(2)));
}

std::string approve_review_item(Engine& engine, const OperationArgs& args) {
  return review::item_json(engine.review_approve(item_id(args), reviewer(args), args.optional_text(2, "note")));
}

std::string reject_review_item(Engine& engine, const OperationArgs& args) {
  return review::item_json(engine.review_reject(item_id(args), reviewer(args), args.optional_text(2, "reason")));
}

std::string list_review_items(Engine& engine, const OperationArgs& args) {
  const std::string queue = args.string(0, "queue");
  const nlohmann::json options = args.object(1, "review items options");
  const store::IdPage page = id_page(options, "review items", {"state"});
  std::string state;
  if (const auto it = options.find("state"); it != options.end()) {
    if (!it->is_string()) throw Error(Errc::invalid_argument, "state must be a string", "state");
    state = it->get<std::string>();
  }
  return review::item_page_json(engine.review_items(queue, state, page));
}

std::string show_review_progress(Engine& engine, const OperationArgs& args) {
  return review::progress_json(engine.review_progress(args.string(0, "queue")));
}

}  // namespace tracesift::ops
