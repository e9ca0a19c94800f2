// A streaming import: bytes arrive in chunks; records are recognised (format auto-detected from
// the first record or forced), mapped to spans by the format's reader, and written in batches,
// one transaction per batch, with progress after every batch.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "../span.hpp"
#include "../store/span_store.hpp"
#include "../store/sqlite.hpp"
#include "format_reader.hpp"
#include "line_splitter.hpp"
#include "multiline_record.hpp"

namespace tracesift::import {

/// Counters of an import so far.
struct ImportProgress {
  uint64_t bytes = 0;     ///< bytes fed
  uint64_t read = 0;      ///< records read (non-blank lines, or elements of a JSON document)
  uint64_t imported = 0;  ///< new spans stored (committed)
  uint64_t updated = 0;   ///< stored spans changed by a newer record (committed)
  uint64_t skipped = 0;   ///< spans identical to what was stored (committed)
  uint64_t errors = 0;    ///< problems reported (rejected records or parts of records)
  uint64_t captured = 0;  ///< datapoints capture rules added (committed)
};

/// A span a batch wrote: its row, the span as stored, and whether it finished just now.
struct WrittenSpan {
  int64_t rowid = 0;           ///< row in `spans`
  const Span* span = nullptr;  ///< the span as stored (valid during batch_written only)
  bool completed = false;      ///< arrived finished, or moved from running to completed/failed
};

/// Told about each batch an import writes; the engine uses it to keep its fact table current and
/// to run capture rules inside the batch's transaction.
class BatchObserver {
 public:
  virtual ~BatchObserver() = default;
  /// Before the batch's transaction begins.
  virtual void before_batch() = 0;
  /// Inside the transaction, after the batch's spans are written; returns datapoints captured.
  virtual uint64_t batch_written(const std::vector<WrittenSpan>& written) = 0;
  /// After the batch committed.
  virtual void batch_committed() = 0;
  /// The batch rolled back: forget what batch_written was told.
  virtual void batch_failed() noexcept = 0;
  /// The session ended (finished or cancelled) after its last batch committed.
  virtual void import_finished() noexcept = 0;
};

/// One rejected record (or part of one).
struct ImportError {
  std::string file;     ///< the file name given in the options
  uint64_t line = 0;    ///< 1-based line number of the record
  std::string code;     ///< invalid_json, invalid_field, invalid_record or too_large
  std::string field;    ///< the field path the message names ("" when it names none)
  std::string message;  ///< why, and where inside the record
};

/// The stable code of a rejected record's message: invalid_json (not JSON), invalid_field (a
/// field's value is wrong; the message says "field '<path>'"), or invalid_record (anything else).
std::string_view record_error_code(std::string_view message);
/// The field path a message names ("field 'usage.input_tokens': ..." -> "usage.input_tokens"),
/// prefixed with where in the record it is ("observations[2]: field 'x'" -> "observations[2].x").
std::string record_error_field(std::string_view message);

/// The outcome of an import.
struct ImportReport {
  std::string format;               ///< the format used ("unknown" when no record was recognised)
  ImportProgress counts;            ///< final counters
  std::vector<ImportError> errors;  ///< the first `max_reported_errors` errors
  bool cancelled = false;           ///< true when cancel() ended it
};

/// How to import.
struct ImportOptions {
  std::string file_name = "input";                         ///< named in errors
  std::string format = "auto";                             ///< one of kImportFormats
  uint64_t batch_size = 5000;                              ///< spans per transaction
  uint64_t max_line_bytes = 32ull << 20;                   ///< longer lines are rejected, not held
  uint64_t max_document_bytes = 256ull << 20;              ///< cap of a multi-line JSON document
  uint64_t max_reported_errors = 1000;                     ///< errors kept in the report
  int64_t import_time_ns = 0;                              ///< "now" for sources without times
  std::function<void(const ImportProgress&)> on_progress;  ///< called after each committed batch
};

/// An import in progress over one database. Feed chunks, then finish() or cancel().
///
/// A file that gives nothing is refused as a whole with Error{parse_error} naming
/// `ImportOptions::file_name` (details: `file`, and what was found): feed() refuses a compressed
/// file (gzip, zip, zstd, bzip2, xz), another known binary format (Parquet, SQLite), UTF-16 text or
/// a binary file (a NUL byte in the first kSniffBytes, or more than one sequence in a hundred bytes
/// there that is not UTF-8) before it reads any record (those bytes wait until they are checked); finish() refuses a
/// file from which no span was read (empty, no record recognised, every record rejected), with the first rejected
/// records in `details.errors`. A batch that fails to commit ends the import; its Error carries `details.progress`, the
/// counts committed before.
///
/// Design note: a file is JSONL unless its first record does not fit on its first line (a
/// pretty-printed document); then the whole document is buffered (up to max_document_bytes) and
/// parsed at finish(). JSONL memory stays bounded by the longest line whatever the file size.
/// When that document does not parse, the file is read as lines again, where a line holding only
/// `{` or `[` starts a multi-line record (pretty-printed objects one after another,
/// as OpenTelemetry Python's console exporter prints them); lines of plain text between them are
/// skipped in an otel-python file and reported as not JSON in any other.
class ImportSession : private LineSink, private RecordSink {
 public:
  /// Starts an import into `db` through `spans`; both (and `observer`, if any) must outlive the session.
  ImportSession(store::Database& db, store::SpanStore& spans, ImportOptions options, BatchObserver* observer = nullptr);
  ~ImportSession() override;
  ImportSession(const ImportSession&) = delete;
  ImportSession& operator=(const ImportSession&) = delete;

  /// Feeds the next chunk of the file. Full batches are committed before this returns.
  void feed(std::string_view chunk);
  /// Ends the input: reads what is left, commits the final batch, returns the report.
  ImportReport finish();
  /// Abandons the import: the pending batch is dropped; committed batches stay. Returns the report.
  ImportReport cancel();
  /// Counters so far.
  const ImportProgress& progress() const noexcept { return progress_; }

  /// How many of the first bytes of a file are checked for a compressed or binary file.
  static constexpr size_t kSniffBytes = 4096;
  /// How many rejected records the parse_error of a file that gave nothing lists in its details.
  static constexpr size_t kFirstReasons = 10;

 private:
  enum class Mode { undecided, lines, document, document_too_large };

  bool on_line(std::string_view line, uint64_t line_number) override;
  void on_oversized_line(uint64_t line_number, uint64_t bytes) override;
  void on_span(MappedSpan&& span) override;
  void on_record_error(std::string message) override;

  bool read_first_record(std::string_view line);
  bool on_text_line(std::string_view line);
  void finish_multiline();
  void release_text_lines(bool report);
  void read_values(const Json& value, std::string_view text);
  void read_value(const Json& value, std::string_view where, const std::string* refused);
  bool choose_reader(const Json& value);
  void finish_document();
  void add_error(uint64_t line, std::string_view code, std::string message);
  void read_bytes(std::string_view chunk);
  void sniff(bool complete);
  [[noreturn]] void refuse_file(std::string message, std::string_view detected, int64_t offset = -1);
  [[noreturn]] void refuse_empty_result();
  void commit_batch();
  void check_open() const;
  RecordContext context() const;

  store::Database& db_;
  store::SpanStore& spans_;
  ImportOptions options_;
  BatchObserver* observer_;
  LineSplitter splitter_;
  std::unique_ptr<FormatReader> reader_;  // null until the format is known
  Mode mode_ = Mode::undecided;
  bool allow_document_ = true;
  std::string document_;
  uint64_t line_ = 0;  // line of the record being read
  std::string where_;  // prefix of errors inside the record being read ("element [3]: ")
  std::vector<MappedSpan> batch_;
  ImportReport report_;
  ImportProgress progress_;
  bool done_ = false;
  std::string head_;            // the first bytes (up to kSniffBytes), held until sniff() checked them
  bool sniffed_ = false;        // sniff() has run
  uint64_t mapped_ = 0;         // spans the readers produced
  std::string document_error_;  // why the file did not parse as one JSON document, if it was tried
  MultiLineRecord multiline_;   // a value over several lines, read as lines (see the design note)
  bool skip_text_ = false;      // lines of plain text are skipped (an otel-python file)
  // Lines of plain text before the format was known: reported unless it is otel-python.
  std::vector<std::pair<uint64_t, std::string>> text_lines_;
};

}  // namespace tracesift::import
