// A filter compiled against a fact table's dictionaries: string values become ids, name terms a
// per-name verdict, bounds inclusive integers or doubles, so matching a row is a few compares.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "fact_table.hpp"
#include "filter.hpp"

namespace tracesift {

/// The columns facets count, in output order.
enum class FacetDim : uint8_t { model, provider, environment, task, kind, status };
/// Number of facet columns.
inline constexpr size_t kFacetDimCount = 6;
/// Wire names of the facet columns, in FacetDim order.
inline constexpr std::array<std::string_view, kFacetDimCount> kFacetDimNames{"model", "provider", "environment",
                                                                             "task",  "kind",     "status"};

/// The value of a facet column in a row (a dictionary id, or the enum value for kind/status).
inline uint32_t dim_value(const FactRow& r, size_t dim) noexcept {
  switch (static_cast<FacetDim>(dim)) {
    case FacetDim::model: return r.model;
    case FacetDim::provider: return r.provider;
    case FacetDim::environment: return r.environment;
    case FacetDim::task: return r.task;
    case FacetDim::kind: return r.kind;
    case FacetDim::status: return r.status;
  }
  return 0;
}

/// A Filter ready to test rows of one FactTable. Valid until the table's dictionaries grow.
class CompiledFilter {
 public:
  /// Compiles `filter` for `table` (values the table has never seen match nothing).
  CompiledFilter(const Filter& filter, const FactTable& table);

  /// True when the row matches every condition.
  bool matches(const FactRow& r) const noexcept { return dim_failures(r) == 0 && others_match(r); }
  /// True when the row meets every condition that is not on a facet column.
  bool others_match(const FactRow& r) const noexcept;
  /// A bit per facet column (1 << FacetDim) whose condition the row fails.
  unsigned dim_failures(const FactRow& r) const noexcept;

 private:
  static constexpr uint32_t kNoSuchValue = 0xffffffffu;  // an id no row has

  struct DimCondition {
    std::optional<uint32_t> equal;   // required id
    std::vector<uint32_t> excluded;  // ids a row must not have (null rows still match)
    bool active() const noexcept { return equal || !excluded.empty(); }
  };
  struct KeyCondition {
    std::optional<uint64_t> equal;   // required hash
    std::vector<uint64_t> excluded;  // hashes a row must not have
  };

  static bool key_ok(const KeyCondition& c, uint64_t v) noexcept;

  std::array<DimCondition, kFacetDimCount> dims_;
  unsigned active_dims_ = 0;
  KeyCondition session_, trace_, user_;
  bool has_keys_ = false;
  std::vector<uint8_t> name_ok_;  // per name id; empty = no name condition
  std::optional<double> cost_lo_, cost_hi_;
  std::optional<int64_t> tokens_lo_, tokens_hi_, duration_lo_, duration_hi_, since_, until_;
};

}  // namespace tracesift
