// Reads a dataset's datapoints for an export, as ExportRows, oldest first. The same content as the
// datapoint_content view (schema v4), read without it: the live span's columns and the old
// version's (span_snapshots) come side by side and the row picks in C++, and the metadata object
// is written here rather than by SQLite's json_object.
// Design note: measured on 744,555 rows natively, the view's per-column iif()s and json_object
// were ~30% of a jsonl export's time.
#pragma once

#include <string>

#include "../store/datapoint_rows.hpp"
#include "../store/dataset_store.hpp"
#include "../store/sqlite.hpp"
#include "openai_chat.hpp"
#include "row_writer.hpp"

namespace tracesift::exporter {

/// What of a row a writer reads besides ids, input and output.
struct DatapointFields {
  bool tools = false;    ///< the tool definitions in the span's attributes (openai-chat, hf)
  bool metadata = true;  ///< the metadata object as JSON text (jsonl)
  /// The metadata as SpanFields for rows that link to their span (csv); rows with their own copy
  /// (schema v3) still give only the JSON text.
  bool metadata_fields = false;
};

/// A dataset's datapoints in id order, one ExportRow at a time.
class DatapointReader {
 public:
  /// Reads `dataset` from `db`; rows carry the tool definitions and the metadata (object or
  /// fields) only when `fields` asks (otherwise those columns are not read, attributes are not
  /// scanned, and metadata is "{}").
  DatapointReader(store::Database& db, const store::DatasetInfo& dataset, DatapointFields fields);
  /// The next row (its views valid until the next call), or false at the end.
  bool next(ExportRow& row);

 private:
  // The metadata fields of the span whose columns start at `span`.
  SpanFields read_span_fields(int span) const;

  std::string name_;
  store::DatapointRows rows_;
  DatapointFields fields_;
  std::string metadata_;
  SpanFields span_fields_;
  ToolDefinitionFinder tools_;  // reused row after row: one set of parsers for the whole export
};

}  // namespace tracesift::exporter
