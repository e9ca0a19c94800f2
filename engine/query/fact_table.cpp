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

std::optional<std::string_view> opt_text_view(const store::Statement& st, int i) {
  if (st.is_null(i)) return std::nullopt;
  return st.column_text(i);
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
  store::Statement st = db.prepare(
      "SELECT id, span_id, trace_id, name, kind, status, model, provider, environment, task, session_id, user_id, "
      "input_tokens, output_tokens, cost_usd, started_ns, ended_ns, input FROM spans ORDER BY id");
  std::vector<FactRow> rows;
  while (st.step()) {
    FactFields f;
    f.rowid = st.column_int(0);
    f.span_id = st.column_text(1);
    f.trace_id = st.column_text(2);
    f.name = st.column_text(3);
    f.kind = parse_span_kind(st.column_text(4)).value_or(SpanKind::custom);
    f.status = parse_span_status(st.column_text(5)).value_or(SpanStatus::running);
    f.model = opt_text_view(st, 6);
    f.provider = opt_text_view(st, 7);
    f.environment = opt_text_view(st, 8);
    f.task = opt_text_view(st, 9);
    f.session_id = opt_text_view(st, 10);
    f.user_id = opt_text_view(st, 11);
    f.input_tokens = st.column_opt_int(12);
    f.output_tokens = st.column_opt_int(13);
    if (!st.is_null(14)) f.cost_usd = st.column_double(14);
    f.started_ns = st.column_int(15);
    f.ended_ns = st.column_opt_int(16);
    f.input_json = opt_text_view(st, 17);
    rows.push_back(make_row(f));
  }
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
