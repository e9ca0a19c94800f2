#include "facets.hpp"

#include <algorithm>
#include <bit>

#include "../json_text.hpp"
#include "../timestamp.hpp"

namespace tracesift {
namespace {

template <class T>
void widen(std::optional<Range<T>>& range, T v) {
  if (!range) {
    range = Range<T>{v, v};
    return;
  }
  range->min = std::min(range->min, v);
  range->max = std::max(range->max, v);
}

std::optional<std::string> name_of(const FactTable& table, size_t dim, uint32_t id) {
  switch (static_cast<FacetDim>(dim)) {
    case FacetDim::kind: return std::string(to_string(static_cast<SpanKind>(id)));
    case FacetDim::status: return std::string(to_string(static_cast<SpanStatus>(id)));
    default: break;
  }
  if (id == Dictionary::kNull) return std::nullopt;
  switch (static_cast<FacetDim>(dim)) {
    case FacetDim::model: return table.models().value(id);
    case FacetDim::provider: return table.providers().value(id);
    case FacetDim::environment: return table.environments().value(id);
    default: return table.tasks().value(id);
  }
}

size_t dictionary_size(const FactTable& table, size_t dim) {
  switch (static_cast<FacetDim>(dim)) {
    case FacetDim::model: return table.models().size();
    case FacetDim::provider: return table.providers().size();
    case FacetDim::environment: return table.environments().size();
    case FacetDim::task: return table.tasks().size();
    case FacetDim::kind: return kSpanKindNames.size();
    case FacetDim::status: return kSpanStatusNames.size();
  }
  return 0;
}

}  // namespace

Facets compute_facets(const FactTable& table, const CompiledFilter& filter) {
  std::array<std::vector<uint64_t>, kFacetDimCount> counts;
  for (size_t d = 0; d < kFacetDimCount; ++d) counts[d].assign(dictionary_size(table, d), 0);
  Facets f;
  for (const FactRow& r : table.rows()) {
    if (!filter.others_match(r)) continue;
    const unsigned failed = filter.dim_failures(r);
    if (failed == 0) {
      ++f.total;
      for (size_t d = 0; d < kFacetDimCount; ++d) ++counts[d][dim_value(r, d)];
      if (r.has_cost()) widen(f.cost_usd, r.cost);
      widen(f.tokens, r.tokens);
      widen(f.started_ns, r.started_ns);
    } else if (std::has_single_bit(failed)) {
      // Fails only this column's own condition: it counts for this column's other values.
      const size_t d = static_cast<size_t>(std::countr_zero(failed));
      ++counts[d][dim_value(r, d)];
    }
  }
  for (size_t d = 0; d < kFacetDimCount; ++d) {
    for (uint32_t id = 0; id < counts[d].size(); ++id)
      if (counts[d][id] > 0) f.values[d].push_back({name_of(table, d, id), counts[d][id]});
    std::stable_sort(f.values[d].begin(), f.values[d].end(), [](const FacetValue& a, const FacetValue& b) {
      if (a.count != b.count) return a.count > b.count;
      return a.value < b.value;  // nullopt first among equals, then by value
    });
  }
  return f;
}

std::string facets_json(const Facets& f) {
  std::string out = "{\"total\":" + std::to_string(f.total) + ",\"facets\":{";
  for (size_t d = 0; d < kFacetDimCount; ++d) {
    append_json_key(out, kFacetDimNames[d], d == 0);
    out += '[';
    for (size_t i = 0; i < f.values[d].size(); ++i) {
      if (i) out += ',';
      out += "{\"value\":";
      append_json_opt_string(out, f.values[d][i].value);
      out += ",\"count\":" + std::to_string(f.values[d][i].count) + "}";
    }
    out += ']';
  }
  out += "},\"ranges\":{\"cost_usd\":";
  if (f.cost_usd) {
    out += "{\"min\":";
    append_json_number(out, f.cost_usd->min);
    out += ",\"max\":";
    append_json_number(out, f.cost_usd->max);
    out += '}';
  } else {
    out += "null";
  }
  out += ",\"tokens\":";
  out += f.tokens ? "{\"min\":" + std::to_string(f.tokens->min) + ",\"max\":" + std::to_string(f.tokens->max) + "}"
                  : "null";
  out += ",\"started_at\":";
  if (f.started_ns) {
    out += "{\"min\":";
    append_json_string(out, format_rfc3339(f.started_ns->min));
    out += ",\"max\":";
    append_json_string(out, format_rfc3339(f.started_ns->max));
    out += '}';
  } else {
    out += "null";
  }
  out += "}}";
  return out;
}

}  // namespace tracesift
