// The csv export: a header and one RFC 4180 record per datapoint, with the span's metadata
// flattened into columns and the conversation both as text and as JSON.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "json_scan.hpp"
#include "row_writer.hpp"

namespace tracesift::exporter {

/// The csv columns, in order (docs/EXPORT.md says what each holds).
inline constexpr std::array<std::string_view, 25> kCsvColumns{
    "id",          "dataset",     "source",       "source_span_id", "rule_id",  "created_at", "trace_id",
    "session_id",  "user_id",     "name",         "kind",           "status",   "model",      "provider",
    "environment", "task",        "input_tokens", "output_tokens",  "cost_usd", "started_at", "ended_at",
    "input_text",  "output_text", "input_json",   "output_json"};

/// Writes the header, then one record per datapoint: fields quoted only when they hold a comma,
/// a double quote, CR or LF (quotes doubled), records ended by CRLF, UTF-8 without a byte order
/// mark; a missing value is an empty field, an empty string is `""`. Text cells that start like a
/// formula are prefixed with `'` unless `formulas` is raw; numbers are written as stored; a NUL
/// character becomes U+FFFD. Never rejects a row.
class CsvWriter final : public RowWriter {
 public:
  /// A writer passing chunks of about `flush_bytes` to its sink.
  explicit CsvWriter(size_t flush_bytes = kDefaultFlushBytes, CsvFormulas formulas = CsvFormulas::escape)
      : flush_bytes_(flush_bytes), formulas_(formulas) {}
  /// Starts the output on `sink` and writes the header.
  void begin(ByteSink& sink) override;
  /// Writes one record.
  void row(const ExportRow& row) override;
  /// Flushes the rest.
  void end() override { out_.flush(); }
  /// "csv".
  std::string_view format() const noexcept override { return "csv"; }

 private:
  size_t flush_bytes_;
  CsvFormulas formulas_;
  OutputBuffer out_;
  JsonTree metadata_, input_, output_;
  std::string buf_, what_, joined_;
  std::string dataset_name_, dataset_cell_;
  int64_t created_ns_ = 0;
  std::string created_cell_;
};

/// Appends `value` as one RFC 4180 field: quoted (inner quotes doubled) when it holds a comma, a
/// double quote, CR or LF, or when it is empty (so an empty string differs from a missing value).
/// With `formulas` escape, a value starting with `=`, `+`, `-`, `@`, a tab or a CR gets a `'` in
/// front; a NUL byte is written as U+FFFD (the replacement character) either way.
void append_csv_field(std::string& out, std::string_view value, CsvFormulas formulas = CsvFormulas::escape);

}  // namespace tracesift::exporter
