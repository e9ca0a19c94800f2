#include "review_json.hpp"

#include "../json_text.hpp"
#include "../json_value.hpp"
#include "../timestamp.hpp"

namespace tracesift::review {
namespace {

Json opt_time(const std::optional<int64_t>& ns) {
  return ns ? Json(format_rfc3339(*ns)) : Json(nullptr);
}

template <typename T>
Json opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

// Stored JSON text as a value (null when missing; a string when it does not parse).
Json stored(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  Json j = Json::parse(*text, nullptr, false);
  return j.is_discarded() ? Json(*text) : j;
}

Json progress_object(const Progress& p) {
  return Json{{"pending", p.pending},
              {"claimed", p.claimed},
              {"approved", p.approved},
              {"rejected", p.rejected},
              {"total", p.total}};
}

Json item_object(const Item& it) {
  return Json{{"id", it.id},
              {"queue", it.queue},
              {"datapoint_id", it.datapoint_id},
              {"state", it.state},
              {"outcome", opt(it.outcome)},
              {"reviewer", opt(it.reviewer)},
              {"enqueued_at", format_rfc3339(it.enqueued_ns)},
              {"claimed_at", opt_time(it.claimed_ns)},
              {"completed_at", opt_time(it.completed_ns)},
              {"edited", it.edited_output.has_value()},
              {"edited_at", opt_time(it.edited_ns)},
              {"note", opt(it.note)},
              {"golden_datapoint_id", opt(it.golden_datapoint_id)}};
}

std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string progress_json(const Progress& p) {
  return dump(progress_object(p));
}

std::string queue_json(const Queue& q) {
  return dump(Json{{"name", q.name},
                   {"golden", q.golden_dataset},
                   {"lease_seconds", q.lease_ns / 1'000'000'000},
                   {"created_at", format_rfc3339(q.created_ns)},
                   {"progress", progress_object(q.progress)}});
}

std::string item_json(const Item& item) {
  return dump(item_object(item));
}

std::string item_detail_json(const Item& item, const ItemContent& c) {
  Json j = item_object(item);
  j["edited_output"] = stored(item.edited_output);
  j["output"] = item.edited_output ? stored(item.edited_output) : stored(c.output_json);
  j["datapoint"] = Json{{"id", item.datapoint_id},
                        {"dataset", c.dataset},
                        {"source", c.source},
                        {"source_span_id", opt(c.source_span_id)},
                        {"rule_id", opt(c.rule_id)},
                        {"input", stored(c.input_json)},
                        {"output", stored(c.output_json)},
                        {"metadata", stored(c.metadata_json)}};
  return dump(j);
}

std::string enqueue_json(const EnqueueResult& r) {
  return dump(Json{{"queue", r.queue}, {"matched", r.matched}, {"enqueued", r.enqueued}, {"already", r.already}});
}

std::string queues_json(const std::vector<Queue>& queues) {
  return json_array(queues, [](const Queue& q) { return queue_json(q); });
}

std::string items_json(const std::vector<Item>& items) {
  return json_array(items, [](const Item& item) { return item_json(item); });
}

std::string item_page_json(const ItemPage& page) {
  std::string out = "{\"items\":" + items_json(page.items) + ",\"nextCursor\":";
  if (page.next_cursor.empty())
    out += "null";
  else
    append_json_string(out, page.next_cursor);
  return out + "}";
}

std::string queue_deleted_json(std::string_view queue, int64_t items) {
  return deleted_json(queue, items, 0);
}

}  // namespace tracesift::review
