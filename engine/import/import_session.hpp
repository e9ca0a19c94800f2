// A streaming import: bytes arrive in chunks, records are parsed line by line and written in
// batches, one transaction per batch, with progress after every batch.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "../span.hpp"
#include "../store/span_store.hpp"
#include "../store/sqlite.hpp"
#include "line_splitter.hpp"

namespace tracesift::import {

/// Import format names accepted by `ImportOptions::format`.
inline constexpr std::array<std::string_view, 2> kImportFormats{"auto", "native"};

/// Counters of an import so far.
struct ImportProgress {
  uint64_t bytes = 0;     ///< bytes fed
  uint64_t read = 0;      ///< records read (non-blank lines)
  uint64_t imported = 0;  ///< new spans stored (committed)
  uint64_t updated = 0;   ///< stored spans changed by a newer record (committed)
  uint64_t skipped = 0;   ///< records identical to what was stored (committed)
  uint64_t errors = 0;    ///< records rejected
};

/// One rejected record.
struct ImportError {
  std::string file;     ///< the file name given in the options
  uint64_t line = 0;    ///< 1-based line number
  std::string message;  ///< why it was rejected
};

/// The outcome of an import.
struct ImportReport {
  std::string format;               ///< the format used
  ImportProgress counts;            ///< final counters
  std::vector<ImportError> errors;  ///< the first `max_reported_errors` errors
  bool cancelled = false;           ///< true when cancel() ended it
};

/// How to import.
struct ImportOptions {
  std::string file_name = "input";                         ///< named in errors
  std::string format = "auto";                             ///< one of kImportFormats
  uint64_t batch_size = 5000;                              ///< records per transaction
  uint64_t max_line_bytes = 256ull << 20;                  ///< longer lines are rejected, not held
  uint64_t max_reported_errors = 1000;                     ///< errors kept in the report
  std::function<void(const ImportProgress&)> on_progress;  ///< called after each committed batch
};

/// An import in progress over one database. Feed chunks, then finish() or cancel().
class ImportSession : private LineSink {
 public:
  /// Starts an import into `db` through `spans`; both must outlive the session.
  ImportSession(store::Database& db, store::SpanStore& spans, ImportOptions options);
  ~ImportSession() override;
  ImportSession(const ImportSession&) = delete;
  ImportSession& operator=(const ImportSession&) = delete;

  /// Feeds the next chunk of the file. Full batches are committed before this returns.
  void feed(std::string_view chunk);
  /// Ends the input: parses a last unterminated line, commits the final batch, returns the report.
  ImportReport finish();
  /// Abandons the import: the pending batch is dropped; committed batches stay. Returns the report.
  ImportReport cancel();
  /// Counters so far.
  const ImportProgress& progress() const noexcept { return progress_; }

 private:
  void on_line(std::string_view line, uint64_t line_number) override;
  void on_oversized_line(uint64_t line_number, uint64_t bytes) override;
  void add_error(uint64_t line, std::string message);
  void commit_batch();
  void check_open() const;

  store::Database& db_;
  store::SpanStore& spans_;
  ImportOptions options_;
  LineSplitter splitter_;
  std::vector<Span> batch_;
  ImportReport report_;
  ImportProgress progress_;
  bool done_ = false;
};

}  // namespace tracesift::import
