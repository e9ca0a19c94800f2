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

namespace {

class LangfuseReader final : public FormatReader {
 public:
  std::string_view name() const override { return "langfuse"; }

  void read_value(const Json& value, const RecordContext&, RecordSink& sink) override {
    if (!value.is_object()) {
      sink.on_record_error("expected a Langfuse trace or observation (a JSON object), got " + describe_shape(value));
      return;
    }
    if (const Json* trace = field(value, "trace"); trace && trace->is_object()) {
      read_trace(*trace, field(value, "observations"), "", sink);
    } else if (const Json* data = field(value, "data"); data && data->is_array()) {
      read_list(*data, sink);
    } else if (const Json* observations = field(value, "observations"); observations && observations->is_array()) {
      read_trace(value, nullptr, "", sink);
    } else if (is_langfuse_observation(value)) {
      map_one(value, nullptr, "", sink);
    } else {
      sink.on_record_error("not a Langfuse trace or observation: " + describe_shape(value) +
                           " (expected {\"trace\", \"observations\"}, {\"data\": [...]}, or an observation with "
                           "id, traceId, type, startTime)");
    }
  }

 private:
  static void map_one(const Json& observation, const LangfuseTraceContext* trace, const std::string& where,
                      RecordSink& sink) {
    try {
      sink.on_span({map_langfuse_observation(observation, trace), false});
    } catch (const RecordError& e) {
      sink.on_record_error(where + e.message);
    } catch (const Json::exception& e) {  // a shape no check foresaw: reject this observation only
      sink.on_record_error(where + "unexpected observation shape: " + e.what());
    }
  }

  // A trace with its observations: `full` (the export's top-level list, with input/output) wins
  // over the trace's own `observations` list, whose extra entries are still read.
  static void read_trace(const Json& trace, const Json* full, const std::string& where, RecordSink& sink) {
    const LangfuseTraceContext ctx = langfuse_trace_context(trace);
    std::set<std::string> seen;
    size_t mapped = 0, id_only = 0;
    const auto read_observations = [&](const Json* list, const std::string& path) {
      if (!list) return;
      if (!list->is_array()) {
        sink.on_record_error(where + "field '" + path + "': expected an array, got " + brief(*list));
        return;
      }
      for (size_t i = 0; i < list->size(); ++i) {
        const Json& o = (*list)[i];
        if (o.is_string()) {  // the public API lists observation ids only
          ++id_only;
          continue;
        }
        const auto id = string_if(o, "id");
        if (id && !seen.insert(*id).second) continue;
        ++mapped;
        map_one(o, &ctx, where + path + "[" + std::to_string(i) + "]: ", sink);
      }
    };
    read_observations(full, "observations");
    read_observations(field(trace, "observations"), full ? "trace.observations" : "observations");
    if (mapped > 0) return;
    if (id_only > 0) {
      sink.on_record_error(where + "trace '" + ctx.trace_id.value_or("?") + "' lists only the ids of its " +
                           std::to_string(id_only) + " observations; export the observations themselves");
      return;
    }
    // A trace logged without observations is itself the one span.
    const std::string at = where + (full ? "trace: " : "");
    Json observation;
    try {
      observation = langfuse_trace_as_observation(trace);
    } catch (const RecordError& e) {
      sink.on_record_error(at + e.message);
      return;
    }
    map_one(observation, &ctx, at, sink);
  }

  static void read_list(const Json& data, RecordSink& sink) {
    for (size_t i = 0; i < data.size(); ++i) {
      const Json& e = data[i];
      const std::string where = "data[" + std::to_string(i) + "]: ";
      if (is_langfuse_observation(e)) {
        map_one(e, nullptr, where, sink);
      } else if (e.is_object() && e.contains("observations")) {
        read_trace(e, nullptr, where, sink);
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
