#include "datapoint_reader.hpp"

#include <array>
#include <cmath>
#include <optional>
#include <string_view>

#include "../json_text.hpp"
#include "json_doc.hpp"

namespace tracesift::exporter {
namespace {

// The span columns read from the live span (s) and from its old version (v), in this order.
constexpr std::array<std::string_view, 19> kSpanColumns = {
    "span_id",       "trace_id", "session_id", "input",       "output",    "name",    "kind",
    "status",        "model",    "provider",   "environment", "task",      "user_id", "input_tokens",
    "output_tokens", "cost_usd", "started_ns", "ended_ns",    "attributes"};
constexpr int kMetadataFirst = 5;  // name .. ended_ns make the metadata object
constexpr int kFirstInteger = 13;  // input_tokens, output_tokens, cost_usd (REAL), started_ns, ended_ns
constexpr int kCost = 15;          // cost_usd, a REAL
constexpr int kAttributes = 18;    // index of attributes in kSpanColumns
constexpr int kOwn = 6;            // first own column: source_span_id, trace_id, session_id, input, output, metadata
constexpr int kLive = 12;          // first live span column
constexpr int kOld = kLive + 19;   // first old-version column

// `{"name":`, `,"kind":`, ...: what precedes each metadata value.
const std::array<std::string, kAttributes - kMetadataFirst>& metadata_keys() {
  static const auto keys = [] {
    std::array<std::string, kAttributes - kMetadataFirst> k;
    for (int c = kMetadataFirst; c < kAttributes; ++c) {
      std::string& key = k[static_cast<size_t>(c - kMetadataFirst)];
      key = c == kMetadataFirst ? "{" : ",";
      append_json_key(key, kSpanColumns[static_cast<size_t>(c)], true);
    }
    return k;
  }();
  return keys;
}

std::string reader_sql(DatapointFields fields) {
  const bool metadata = fields.metadata || fields.metadata_fields;
  std::string sql =
      "SELECT d.id, d.source, d.rule_id, d.created_ns, d.linked, d.snapshot_id IS NOT NULL, d.source_span_id, "
      "d.trace_id, d.session_id, d.input, d.output, d.metadata";
  for (const char* table : {"s.", "v."}) {
    for (int i = 0; i < static_cast<int>(kSpanColumns.size()); ++i) {
      const std::string_view c = kSpanColumns[static_cast<size_t>(i)];
      sql += ", ";
      if ((i == kAttributes && !fields.tools) || (i >= kMetadataFirst && i < kAttributes && !metadata)) {
        sql += "NULL";
      } else {
        sql += table;
        sql += c;
      }
    }
  }
  sql +=
      " FROM datapoints d LEFT JOIN spans s ON d.snapshot_id IS NULL AND s.id = d.span_row "
      "LEFT JOIN span_snapshots v ON v.id = d.snapshot_id WHERE d.dataset_id = ? ORDER BY d.id";
  return sql;
}

}  // namespace

DatapointReader::DatapointReader(store::Database& db, const store::DatasetInfo& dataset, DatapointFields fields)
    : name_(dataset.name), st_(db.prepare(reader_sql(fields))), fields_(fields) {
  st_.bind_int(1, dataset.id);
}

bool DatapointReader::next(ExportRow& row) {
  if (!st_.step()) return false;
  auto opt = [&](int i) -> std::optional<std::string_view> {
    if (st_.is_null(i)) return std::nullopt;
    return st_.column_text(i);
  };
  row = ExportRow{};
  row.id = st_.column_int(0);
  row.dataset = name_;
  row.source = st_.column_text(1);
  if (!st_.is_null(2)) row.rule_id = st_.column_int(2);
  row.created_ns = st_.column_int(3);
  const bool linked = st_.column_int(4) != 0;
  const int span = st_.column_int(5) != 0 ? kOld : kLive;  // the span as it was when taken
  if (linked) {
    row.span_id = opt(span);
    row.trace_id = opt(span + 1);
    row.session_id = opt(span + 2);
    row.input_json = opt(span + 3);
    row.output_json = opt(span + 4);
    // The same object as the view's json_object: every key, null when missing.
    // Design note: cost_usd is written as SQLite renders a REAL (what json_object wrote), not
    // with snprintf: musl's printf works in software long double in wasm, ~13% of a jsonl export.
    if (fields_.metadata_fields) {
      span_fields_ = read_span_fields(span);
      row.span_fields = &span_fields_;
    }
    metadata_.clear();
    for (int c = kMetadataFirst; fields_.metadata && c < kAttributes; ++c) {
      const int i = span + c;
      metadata_ += metadata_keys()[static_cast<size_t>(c - kMetadataFirst)];
      if (st_.is_null(i)) {
        metadata_ += "null";
      } else if (c == kCost) {
        metadata_ += std::isfinite(st_.column_double(i)) ? st_.column_text(i) : std::string_view("null");
      } else if (c >= kFirstInteger) {
        append_int64(metadata_, st_.column_int(i));
      } else {
        append_json_string(metadata_, st_.column_text(i));
      }
    }
    if (fields_.metadata) {
      metadata_ += '}';
      row.metadata_json = metadata_;
    }
  } else {
    // A datapoint with its own copy (schema v3): its columns; tools from the span as it is now.
    row.span_id = opt(kOwn);
    row.trace_id = opt(kOwn + 1);
    row.session_id = opt(kOwn + 2);
    row.input_json = opt(kOwn + 3);
    row.output_json = opt(kOwn + 4);
    row.metadata_json = st_.column_text(kOwn + 5);
  }
  if (auto attributes = opt(span + kAttributes)) {
    row.tools_json = tools_.find(*attributes);
    row.parallel_tool_calls = tools_.parallel_tool_calls();
  }
  return true;
}

SpanFields DatapointReader::read_span_fields(int span) const {
  auto text = [&](int c) -> std::optional<std::string_view> {
    if (st_.is_null(span + c)) return std::nullopt;
    return st_.column_text(span + c);
  };
  auto integer = [&](int c) -> std::optional<int64_t> {
    if (st_.is_null(span + c)) return std::nullopt;
    return st_.column_int(span + c);
  };
  SpanFields f;
  std::optional<std::string_view>* const texts[] = {&f.name,     &f.kind,        &f.status, &f.model,
                                                    &f.provider, &f.environment, &f.task,   &f.user_id};
  for (int c = kMetadataFirst; c < kFirstInteger; ++c) *texts[c - kMetadataFirst] = text(c);
  f.input_tokens = integer(kFirstInteger);
  f.output_tokens = integer(kFirstInteger + 1);
  if (!st_.is_null(span + kCost) && std::isfinite(st_.column_double(span + kCost))) f.cost_usd = text(kCost);
  f.started_ns = integer(kCost + 1);
  f.ended_ns = integer(kCost + 2);
  return f;
}

}  // namespace tracesift::exporter
