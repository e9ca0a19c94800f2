#include "fact_filter.hpp"

#include <cmath>
#include <limits>

namespace tracesift {
namespace {

// A bound made inclusive: `> x` on integers is `>= x + 1`; on doubles `>= nextafter(x)`.
std::optional<int64_t> lower(const std::optional<Bound<int64_t>>& b) {
  if (!b) return std::nullopt;
  return b->inclusive ? b->value : b->value + 1;
}
std::optional<int64_t> upper(const std::optional<Bound<int64_t>>& b) {
  if (!b) return std::nullopt;
  return b->inclusive ? b->value : b->value - 1;
}
std::optional<double> lower(const std::optional<Bound<double>>& b) {
  if (!b) return std::nullopt;
  return b->inclusive ? b->value : std::nextafter(b->value, std::numeric_limits<double>::infinity());
}
std::optional<double> upper(const std::optional<Bound<double>>& b) {
  if (!b) return std::nullopt;
  return b->inclusive ? b->value : std::nextafter(b->value, -std::numeric_limits<double>::infinity());
}
// Durations are compared in whole ns, as the SQL form compares (ended_ns - started_ns).
std::optional<Bound<int64_t>> in_ns(const std::optional<Bound<double>>& ms) {
  if (!ms) return std::nullopt;
  return Bound<int64_t>{static_cast<int64_t>(std::llround(ms->value * 1e6)), ms->inclusive};
}

bool contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

}  // namespace

CompiledFilter::CompiledFilter(const Filter& f, const FactTable& table) {
  auto equal_id = [](const Dictionary& d, const std::optional<std::string>& v) -> std::optional<uint32_t> {
    if (!v) return std::nullopt;
    return d.find(*v).value_or(kNoSuchValue);
  };
  dims_[size_t(FacetDim::model)].equal = equal_id(table.models(), f.model);
  dims_[size_t(FacetDim::provider)].equal = equal_id(table.providers(), f.provider);
  dims_[size_t(FacetDim::environment)].equal = equal_id(table.environments(), f.environment);
  dims_[size_t(FacetDim::task)].equal = equal_id(table.tasks(), f.task);
  if (f.kind) dims_[size_t(FacetDim::kind)].equal = static_cast<uint32_t>(*f.kind);
  if (f.status) dims_[size_t(FacetDim::status)].equal = static_cast<uint32_t>(*f.status);
  if (f.session_id) session_.equal = key_hash(*f.session_id);
  if (f.trace_id) trace_.equal = key_hash(*f.trace_id);
  if (f.user_id) user_.equal = key_hash(*f.user_id);

  std::vector<std::string_view> name_excluded;
  for (const Negation& n : f.negations) {
    auto exclude = [&](FacetDim dim, const Dictionary& d) {
      if (auto id = d.find(n.value)) dims_[size_t(dim)].excluded.push_back(*id);
    };
    switch (n.key) {
      case NegatableKey::model: exclude(FacetDim::model, table.models()); break;
      case NegatableKey::provider: exclude(FacetDim::provider, table.providers()); break;
      case NegatableKey::environment: exclude(FacetDim::environment, table.environments()); break;
      case NegatableKey::task: exclude(FacetDim::task, table.tasks()); break;
      case NegatableKey::kind:
        if (auto k = parse_span_kind(n.value)) dims_[size_t(FacetDim::kind)].excluded.push_back(uint32_t(*k));
        break;
      case NegatableKey::status:
        if (auto s = parse_span_status(n.value)) dims_[size_t(FacetDim::status)].excluded.push_back(uint32_t(*s));
        break;
      case NegatableKey::session_id: session_.excluded.push_back(key_hash(n.value)); break;
      case NegatableKey::trace_id: trace_.excluded.push_back(key_hash(n.value)); break;
      case NegatableKey::user_id: user_.excluded.push_back(key_hash(n.value)); break;
      case NegatableKey::name: name_excluded.push_back(n.value); break;
    }
  }
  for (size_t d = 0; d < kFacetDimCount; ++d)
    if (dims_[d].active()) active_dims_ |= 1u << d;
  has_keys_ = session_.equal || trace_.equal || user_.equal || !session_.excluded.empty() || !trace_.excluded.empty() ||
              !user_.excluded.empty();

  if (!f.name_terms.empty() || !name_excluded.empty()) {
    const Dictionary& names = table.names();
    name_ok_.assign(names.size(), 0);
    for (uint32_t id = 1; id < names.size(); ++id) {
      const std::string& name = names.value(id);
      bool ok = true;
      for (const auto& t : f.name_terms) ok = ok && contains(name, t);
      for (const auto& t : name_excluded) ok = ok && !contains(name, t);
      name_ok_[id] = ok ? 1 : 0;
    }
  }
  cost_lo_ = lower(f.min_cost);
  cost_hi_ = upper(f.max_cost);
  tokens_lo_ = lower(f.min_tokens);
  tokens_hi_ = upper(f.max_tokens);
  duration_lo_ = lower(in_ns(f.min_duration_ms));
  duration_hi_ = upper(in_ns(f.max_duration_ms));
  since_ = f.since_ns;
  until_ = f.until_ns;
}

bool CompiledFilter::key_ok(const KeyCondition& c, uint64_t v) noexcept {
  if (c.equal && v != *c.equal) return false;
  for (const uint64_t x : c.excluded)
    if (v == x) return false;  // a row without the key (0) is never excluded: hashes are never 0
  return true;
}

bool CompiledFilter::others_match(const FactRow& r) const noexcept {
  if (since_ && r.started_ns < *since_) return false;
  if (until_ && r.started_ns > *until_) return false;
  if (!name_ok_.empty() && (r.name >= name_ok_.size() || !name_ok_[r.name])) return false;
  // NaN (no cost) fails every comparison, as NULL does in SQL.
  if (cost_lo_ && !(r.cost >= *cost_lo_)) return false;
  if (cost_hi_ && !(r.cost <= *cost_hi_)) return false;
  if (tokens_lo_ && r.tokens < *tokens_lo_) return false;
  if (tokens_hi_ && r.tokens > *tokens_hi_) return false;
  if (duration_lo_ || duration_hi_) {
    if (!r.has_end()) return false;
    const int64_t d = r.duration_ns();
    if (duration_lo_ && d < *duration_lo_) return false;
    if (duration_hi_ && d > *duration_hi_) return false;
  }
  if (has_keys_ && !(key_ok(session_, r.session) && key_ok(trace_, r.trace) && key_ok(user_, r.user))) return false;
  return true;
}

unsigned CompiledFilter::dim_failures(const FactRow& r) const noexcept {
  if (active_dims_ == 0) return 0;
  unsigned failed = 0;
  for (size_t d = 0; d < kFacetDimCount; ++d) {
    if (!(active_dims_ & (1u << d))) continue;
    const DimCondition& c = dims_[d];
    const uint32_t v = dim_value(r, d);
    bool ok = !c.equal || v == *c.equal;
    for (const uint32_t x : c.excluded) ok = ok && v != x;
    if (!ok) failed |= 1u << d;
  }
  return failed;
}

}  // namespace tracesift
