// Facets: for a filter, each facet column's values with counts, and the ranges of cost, tokens
// and start time — what the UI's filter dropdowns and range inputs show.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fact_filter.hpp"
#include "fact_table.hpp"

namespace tracesift {

/// One value of a facet column and how many spans have it.
struct FacetValue {
  std::optional<std::string> value;  ///< nullopt for spans without a value
  uint64_t count = 0;                ///< matching spans with this value
};

/// A closed range of a numeric column over the matching spans.
template <class T>
struct Range {
  T min{};  ///< smallest value
  T max{};  ///< largest value
};

/// Facets of a filter.
///
/// Design note: each column's counts ignore that column's own condition (a span is counted for a
/// column when it meets every other condition), so a dropdown showing "model = gpt-4o" still
/// offers the other models with the counts choosing them would give. `total` and the ranges use
/// the whole filter. All of it comes from one scan.
struct Facets {
  uint64_t total = 0;                                          ///< spans matching the whole filter
  std::array<std::vector<FacetValue>, kFacetDimCount> values;  ///< per FacetDim, by count descending
  std::optional<Range<double>> cost_usd;                       ///< over matching spans with a cost
  std::optional<Range<int64_t>> tokens;                        ///< input + output tokens
  std::optional<Range<int64_t>> started_ns;                    ///< start times
};

/// Computes the facets of the rows matching `filter`.
Facets compute_facets(const FactTable& table, const CompiledFilter& filter);

/// The facets as JSON text: {"total", "facets": {column: [{"value", "count"}]}, "ranges": {...}}.
std::string facets_json(const Facets& facets);

}  // namespace tracesift
