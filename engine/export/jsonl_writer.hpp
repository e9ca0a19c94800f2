// The jsonl export: one datapoint record per line, input and output copied through as stored.
#pragma once

#include <cstdint>
#include <string>

#include "json_doc.hpp"
#include "row_writer.hpp"

namespace tracesift::exporter {

/// Writes `{"id", "dataset", "span_id", "source", "source_span_id", "rule_id", "trace_id",
/// "session_id", "input", "output", "created_at", "metadata"}` a line (docs/EXPORT.md). Never
/// rejects a row.
class JsonlWriter final : public RowWriter {
 public:
  /// A writer passing chunks of about `flush_bytes` to its sink.
  explicit JsonlWriter(size_t flush_bytes = kDefaultFlushBytes) : flush_bytes_(flush_bytes) {}
  /// Starts the output on `sink`.
  void begin(ByteSink& sink) override { out_.open(sink, flush_bytes_); }
  /// Writes one record line.
  void row(const ExportRow& row) override;
  /// Flushes the rest.
  void end() override { out_.flush(); }
  /// "jsonl".
  std::string_view format() const noexcept override { return "jsonl"; }

 private:
  size_t flush_bytes_;
  OutputBuffer out_;
  JsonDoc scratch_;
  // The last dataset name and creation time, already rendered: consecutive rows share them.
  std::string dataset_name_, dataset_json_;
  int64_t created_ns_ = 0;
  std::string created_json_;
};

}  // namespace tracesift::exporter
