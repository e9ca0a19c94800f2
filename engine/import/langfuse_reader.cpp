// The Langfuse reader: recognises the shapes Langfuse data is exported in and maps each
// observation to a span (see langfuse_observation.hpp for the mapping).
//
// Record shapes: {"trace": {...}, "observations": [...]} (UI/tRPC export; `trace.observations`
// may repeat the list without input/output), a trace object holding `observations`,
// {"data": [observations or traces]} (public API list), and one observation per line/element.
#include <set>
#include <string>

#include "format_reader.hpp"
#include "json_fields.hpp"
#include "langfuse_observation.hpp"

namespace tracesift::import {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

class LangfuseReader final : public FormatReader {
 public:
  std::string_view name() const override { return "langfuse"; }
  bool keeps_key_order() const override { return true; }

  void read_value(const json& value, const RecordContext& record, RecordSink& sink) override {
    // The record with its keys in source order, when the session parsed it so (else null: the
    // observations are then written from the sorted parse).
    const ordered_json* ordered = record.ordered;
    if (!value.is_object()) {
      sink.on_record_error("expected a Langfuse trace or observation (a JSON object), got " + describe_shape(value));
      return;
    }
    if (const json* trace = field(value, "trace"); trace && trace->is_object()) {
      read_trace(*trace, field(value, "observations"), member(ordered, "observations"), "", sink,
                 member(ordered, "trace"));
    } else if (const json* data = field(value, "data"); data && data->is_array()) {
      read_list(*data, member(ordered, "data"), sink);
    } else if (const json* observations = field(value, "observations"); observations && observations->is_array()) {
      read_trace(value, nullptr, nullptr, "", sink, ordered);
    } else if (is_langfuse_observation(value)) {
      map_one(value, nullptr, "", sink, ordered);
    } else {
      sink.on_record_error("not a Langfuse trace or observation: " + describe_shape(value) +
                           " (expected {\"trace\", \"observations\"}, {\"data\": [...]}, or an observation with "
                           "id, traceId, type, startTime)");
    }
  }

 private:
  static const ordered_json* member(const ordered_json* object, const char* key) {
    return object ? field(*object, key) : nullptr;
  }

  static const ordered_json* element(const ordered_json* list, size_t i) {
    return list && list->is_array() && i < list->size() ? &(*list)[i] : nullptr;
  }

  static void map_one(const json& observation, const LangfuseTraceContext* trace, const std::string& where,
                      RecordSink& sink, const ordered_json* ordered = nullptr) {
    try {
      sink.on_span({map_langfuse_observation(observation, trace, ordered), false});
    } catch (const RecordError& e) {
      sink.on_record_error(where + e.message);
    } catch (const json::exception& e) {  // a shape no check foresaw: reject this observation only
      sink.on_record_error(where + "unexpected observation shape: " + e.what());
    }
  }

  // A trace with its observations: `full` (the export's top-level list, with input/output) wins
  // over the trace's own `observations` list, whose extra entries are still read.
  // `ordered_full` and `ordered_trace` are `full` and `trace` with their keys in source order (or null).
  static void read_trace(const json& trace, const json* full, const ordered_json* ordered_full,
                         const std::string& where, RecordSink& sink, const ordered_json* ordered_trace = nullptr) {
    const LangfuseTraceContext ctx = langfuse_trace_context(trace);
    std::set<std::string> seen;
    size_t mapped = 0, id_only = 0;
    const auto read_observations = [&](const json* list, const ordered_json* ordered, const std::string& path) {
      if (!list) return;
      if (!list->is_array()) {
        sink.on_record_error(where + "field '" + path + "': expected an array, got " + brief(*list));
        return;
      }
      for (size_t i = 0; i < list->size(); ++i) {
        const json& o = (*list)[i];
        if (o.is_string()) {  // the public API lists observation ids only
          ++id_only;
          continue;
        }
        const auto id = string_if(o, "id");
        if (id && !seen.insert(*id).second) continue;
        ++mapped;
        map_one(o, &ctx, where + path + "[" + std::to_string(i) + "]: ", sink, element(ordered, i));
      }
    };
    read_observations(full, ordered_full, "observations");
    read_observations(field(trace, "observations"), member(ordered_trace, "observations"),
                      full ? "trace.observations" : "observations");
    if (mapped > 0) return;
    if (id_only > 0) {
      sink.on_record_error(where + "trace '" + ctx.trace_id.value_or("?") + "' lists only the ids of its " +
                           std::to_string(id_only) + " observations; export the observations themselves");
      return;
    }
    // A trace logged without observations is itself the one span.
    const std::string at = where + (full ? "trace: " : "");
    json observation;
    try {
      observation = langfuse_trace_as_observation(trace);
    } catch (const RecordError& e) {
      sink.on_record_error(at + e.message);
      return;
    }
    map_one(observation, &ctx, at, sink);
  }

  static void read_list(const json& data, const ordered_json* ordered, RecordSink& sink) {
    for (size_t i = 0; i < data.size(); ++i) {
      const json& e = data[i];
      const std::string where = "data[" + std::to_string(i) + "]: ";
      if (is_langfuse_observation(e)) {
        map_one(e, nullptr, where, sink, element(ordered, i));
      } else if (e.is_object() && e.contains("observations")) {
        read_trace(e, nullptr, nullptr, where, sink, element(ordered, i));
      } else {
        sink.on_record_error(where + "not a Langfuse trace or observation: " + describe_shape(e));
      }
    }
  }
};

}  // namespace

std::unique_ptr<FormatReader> make_langfuse_reader() {
  return std::make_unique<LangfuseReader>();
}

}  // namespace tracesift::import
