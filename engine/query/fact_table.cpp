#include "fact_table.hpp"

#include <algorithm>

#include "../dataset/input_text.hpp"
#include "../sample/sample_hash.hpp"

namespace tracesift {
namespace {

std::optional<std::string_view> view_of(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::string_view(*s);
}

}  // namespace

FactFields fact_fields(const Span& s, int64_t rowid) {
  FactFields f;
  f.rowid = rowid;
  f.span_id = s.span_id;
  f.trace_id = s.trace_id;
  f.name = s.name;
  f.kind = s.kind;
  f.status = s.status;
  f.model = view_of(s.model);
  f.provider = view_of(s.provider);
  f.environment = view_of(s.environment);
  f.task = view_of(s.task);
  f.session_id = view_of(s.session_id);
  f.user_id = view_of(s.user_id);
  f.input_tokens = s.input_tokens;
  f.output_tokens = s.output_tokens;
  f.cost_usd = s.cost_usd;
  f.started_ns = s.started_ns;
  f.ended_ns = s.ended_ns;
  f.input_json = view_of(s.input_json);
  return f;
}

uint64_t key_hash(std::string_view value) noexcept {
  const uint64_t h = hash_text(value);
  return h == 0 ? 1 : h;
}

void FactTable::load(store::Database& db) {
  if (loaded_) return;
  std::vector<FactRow> rows;
  store::for_each_span_fields(db, [&](const FactFields& f) { rows.push_back(make_row(f)); });
  rows_ = std::move(rows);
  loaded_ = true;
}

FactRow FactTable::make_row(const FactFields& f) {
  FactRow r;
  r.rowid = f.rowid;
  r.started_ns = f.started_ns;
  if (f.ended_ns) r.ended_ns = *f.ended_ns;
  if (f.cost_usd) r.cost = *f.cost_usd;
  r.input_tokens = f.input_tokens.value_or(0);
  r.tokens = r.input_tokens + f.output_tokens.value_or(0);
  r.span_hash = hash_text(f.span_id);
  r.input_hash = input_content_hash(f.input_json.value_or("null"));
  r.session = f.session_id ? key_hash(*f.session_id) : 0;
  r.trace = key_hash(f.trace_id);
  r.user = f.user_id ? key_hash(*f.user_id) : 0;
  r.model = models_.intern(f.model);
  r.provider = providers_.intern(f.provider);
  r.environment = environments_.intern(f.environment);
  r.task = tasks_.intern(f.task);
  r.name = names_.intern(f.name);
  r.kind = static_cast<uint8_t>(f.kind);
  r.status = static_cast<uint8_t>(f.status);
  return r;
}

void FactTable::put(const FactRow& row) {
  if (rows_.empty() || rows_.back().rowid < row.rowid) {
    rows_.push_back(row);
    return;
  }
  const auto it = std::lower_bound(rows_.begin(), rows_.end(), row.rowid,
                                   [](const FactRow& r, int64_t id) { return r.rowid < id; });
  if (it != rows_.end() && it->rowid == row.rowid)
    *it = row;
  else
    rows_.insert(it, row);
}

}  // namespace tracesift
