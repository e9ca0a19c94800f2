// The read operations over the stored spans: count, facets, stats, span.
#include <string>

#include "engine/engine.hpp"
#include "engine/operations/operations.hpp"
#include "engine/query/facets.hpp"
#include "engine/query/span_detail.hpp"
#include "engine/query/time_series.hpp"

namespace tracesift::ops {

std::string count(Engine& engine, const OperationArgs& args) {
  return std::to_string(engine.count(engine.parse_filter(args.text(0))));
}

std::string facets(Engine& engine, const OperationArgs& args) {
  return facets_json(engine.facets(engine.parse_filter(args.text(0))));
}

std::string stats(Engine& engine, const OperationArgs& args) {
  const StatsRequest request = parse_stats_request(args.given(1) ? args.text(1) : "{}");
  return stats_json(engine.stats(engine.parse_filter(args.text(0)), request), request.by_model);
}

std::string span(Engine& engine, const OperationArgs& args) {
  return span_detail_json(engine.span_detail(args.string(0, "span_id")));
}

}  // namespace tracesift::ops
