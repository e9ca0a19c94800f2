#include "datapoint_reader.hpp"

#include <array>
#include <cmath>
#include <optional>
#include <string_view>

#include "../json_text.hpp"
#include "json_doc.hpp"

namespace tracesift::exporter {
namespace {

using namespace store::datapoint_columns;

// `{"name":`, `,"kind":`, ...: what precedes each metadata value.
const std::array<std::string, kAttributes - kMetadataFirst>& metadata_keys() {
  static const auto keys = [] {
    std::array<std::string, kAttributes - kMetadataFirst> k;
    for (int c = kMetadataFirst; c < kAttributes; ++c) {
      std::string& key = k[static_cast<size_t>(c - kMetadataFirst)];
      key = c == kMetadataFirst ? "{" : ",";
      append_json_key(key, kSpan[static_cast<size_t>(c)], true);
    }
    return k;
  }();
  return keys;
}

}  // namespace

DatapointReader::DatapointReader(store::Database& db, const store::DatasetInfo& dataset, DatapointFields fields)
    : name_(dataset.name),
      rows_(db, dataset.id, fields.tools, fields.metadata || fields.metadata_fields),
      fields_(fields) {}

bool DatapointReader::next(ExportRow& row) {
  if (!rows_.step()) return false;
  const store::Statement& st = rows_.row();
  auto opt = [&](int i) -> std::optional<std::string_view> {
    if (st.is_null(i)) return std::nullopt;
    return st.column_text(i);
  };
  row = ExportRow{};
  row.id = st.column_int(0);
  row.dataset = name_;
  row.source = st.column_text(1);
  if (!st.is_null(2)) row.rule_id = st.column_int(2);
  row.created_ns = st.column_int(3);
  const bool linked = st.column_int(4) != 0;
  const int span = st.column_int(5) != 0 ? kOld : kLive;  // the span as it was when taken
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
      if (st.is_null(i)) {
        metadata_ += "null";
      } else if (c == kCost) {
        metadata_ += std::isfinite(st.column_double(i)) ? st.column_text(i) : std::string_view("null");
      } else if (c >= kFirstInteger) {
        append_int64(metadata_, st.column_int(i));
      } else {
        append_json_string(metadata_, st.column_text(i));
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
    row.metadata_json = st.column_text(kOwn + 5);
  }
  if (auto attributes = opt(span + kAttributes)) {
    row.tools_json = tools_.find(*attributes);
    row.parallel_tool_calls = tools_.parallel_tool_calls();
  }
  return true;
}

SpanFields DatapointReader::read_span_fields(int span) const {
  const store::Statement& st = rows_.row();
  auto text = [&](int c) -> std::optional<std::string_view> {
    if (st.is_null(span + c)) return std::nullopt;
    return st.column_text(span + c);
  };
  auto integer = [&](int c) -> std::optional<int64_t> {
    if (st.is_null(span + c)) return std::nullopt;
    return st.column_int(span + c);
  };
  SpanFields f;
  std::optional<std::string_view>* const texts[] = {&f.name,     &f.kind,        &f.status, &f.model,
                                                    &f.provider, &f.environment, &f.task,   &f.user_id};
  for (int c = kMetadataFirst; c < kFirstInteger; ++c) *texts[c - kMetadataFirst] = text(c);
  f.input_tokens = integer(kFirstInteger);
  f.output_tokens = integer(kFirstInteger + 1);
  if (!st.is_null(span + kCost) && std::isfinite(st.column_double(span + kCost))) f.cost_usd = text(kCost);
  f.started_ns = integer(kCost + 1);
  f.ended_ns = integer(kCost + 2);
  return f;
}

}  // namespace tracesift::exporter
