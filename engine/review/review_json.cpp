#include "review_json.hpp"

#include "../json_text.hpp"
#include "../json_value.hpp"
#include "../timestamp.hpp"

namespace tracesift::review {
namespace {

std::optional<std::string> opt_time(const std::optional<int64_t>& ns) {
  if (!ns) return std::nullopt;
  return format_rfc3339(*ns);
}

// Stored JSON text as a value (null when missing; a string when it does not parse).
JsonObject& stored(JsonObject& o, std::string_view key, const std::optional<std::string>& text) {
  if (!text) return o.field(key, nullptr);
  if (!Json::accept(*text)) return o.field(key, *text);
  return o.raw(key, *text);
}

std::string progress_object(const Progress& p) {
  return JsonObject()
      .field("pending", p.pending)
      .field("claimed", p.claimed)
      .field("approved", p.approved)
      .field("rejected", p.rejected)
      .field("total", p.total)
      .text();
}

JsonObject item_object(const Item& it) {
  JsonObject o;
  o.field("id", it.id)
      .field("queue", it.queue)
      .field("datapoint_id", it.datapoint_id)
      .field("state", it.state)
      .field("outcome", it.outcome)
      .field("reviewer", it.reviewer)
      .field("enqueued_at", format_rfc3339(it.enqueued_ns))
      .field("claimed_at", opt_time(it.claimed_ns))
      .field("completed_at", opt_time(it.completed_ns))
      .field("edited", it.edited_output.has_value())
      .field("edited_at", opt_time(it.edited_ns))
      .field("note", it.note)
      .field("golden_datapoint_id", it.golden_datapoint_id);
  return o;
}

}  // namespace

std::string progress_json(const Progress& p) {
  return progress_object(p);
}

std::string queue_json(const Queue& q) {
  return JsonObject()
      .field("name", q.name)
      .field("golden", q.golden_dataset)
      .field("lease_seconds", q.lease_ns / 1'000'000'000)
      .field("created_at", format_rfc3339(q.created_ns))
      .raw("progress", progress_object(q.progress))
      .text();
}

std::string item_json(const Item& item) {
  return item_object(item).text();
}

std::string item_detail_json(const Item& item, const ItemContent& c) {
  JsonObject datapoint;
  datapoint.field("id", item.datapoint_id)
      .field("dataset", c.dataset)
      .field("source", c.source)
      .field("source_span_id", c.source_span_id)
      .field("rule_id", c.rule_id);
  stored(datapoint, "input", c.input_json);
  stored(datapoint, "output", c.output_json);
  stored(datapoint, "metadata", c.metadata_json);
  JsonObject o = item_object(item);
  stored(o, "edited_output", item.edited_output);
  stored(o, "output", item.edited_output ? item.edited_output : c.output_json);
  return o.raw("datapoint", datapoint.text()).text();
}

std::string enqueue_json(const EnqueueResult& r) {
  return JsonObject()
      .field("queue", r.queue)
      .field("matched", r.matched)
      .field("enqueued", r.enqueued)
      .field("already", r.already)
      .text();
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
