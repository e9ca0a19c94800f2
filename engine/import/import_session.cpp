#include "import_session.hpp"

#include <algorithm>

#include "../error.hpp"
#include "native_format.hpp"

namespace tracesift::import {

ImportSession::ImportSession(store::Database& db, store::SpanStore& spans, ImportOptions options)
    : db_(db), spans_(spans), options_(std::move(options)), splitter_(options_.max_line_bytes) {
  if (std::find(kImportFormats.begin(), kImportFormats.end(), options_.format) == kImportFormats.end()) {
    throw Error(Errc::invalid_argument, "unknown import format '" + options_.format + "' (auto, native)", "format");
  }
  if (options_.batch_size == 0)
    throw Error(Errc::invalid_argument, "batch_size must be at least 1", "batch_size");
  report_.format = "native";
  batch_.reserve(static_cast<size_t>(std::min<uint64_t>(options_.batch_size, 100000)));
}

ImportSession::~ImportSession() = default;

void ImportSession::check_open() const {
  if (done_)
    throw Error(Errc::invalid_argument, "this import has already finished");
}

void ImportSession::feed(std::string_view chunk) {
  check_open();
  progress_.bytes += chunk.size();
  splitter_.feed(chunk, *this);
}

void ImportSession::on_line(std::string_view line, uint64_t line_number) {
  if (line.find_first_not_of(" \t") == std::string_view::npos)
    return;  // blank lines are not records
  ++progress_.read;
  Span span;
  std::string why = parse_native_line(line, span);
  if (!why.empty()) {
    add_error(line_number, std::move(why));
    return;
  }
  batch_.push_back(std::move(span));
  if (batch_.size() >= options_.batch_size)
    commit_batch();
}

void ImportSession::on_oversized_line(uint64_t line_number, uint64_t bytes) {
  ++progress_.read;
  add_error(line_number, "line is " + std::to_string(bytes) + " bytes, longer than the limit of " +
                             std::to_string(options_.max_line_bytes) + " bytes");
}

void ImportSession::add_error(uint64_t line, std::string message) {
  ++progress_.errors;
  if (report_.errors.size() < options_.max_reported_errors) {
    report_.errors.push_back({options_.file_name, line, std::move(message)});
  }
}

void ImportSession::commit_batch() {
  if (batch_.empty())
    return;
  // Design note: counters move only after COMMIT, so a failed batch leaves both the database and
  // the report exactly as they were before it.
  ImportProgress delta;
  try {
    store::Transaction tx(db_);
    for (const Span& span : batch_) {
      switch (spans_.upsert(span)) {
        case store::UpsertOutcome::inserted: ++delta.imported; break;
        case store::UpsertOutcome::updated: ++delta.updated; break;
        case store::UpsertOutcome::unchanged: ++delta.skipped; break;
      }
    }
    tx.commit();
  } catch (...) {
    // The transaction rolled back; the session cannot continue consistently.
    batch_.clear();
    done_ = true;
    throw;
  }
  batch_.clear();
  progress_.imported += delta.imported;
  progress_.updated += delta.updated;
  progress_.skipped += delta.skipped;
  if (options_.on_progress)
    options_.on_progress(progress_);
}

ImportReport ImportSession::finish() {
  check_open();
  splitter_.finish(*this);
  commit_batch();
  done_ = true;
  report_.counts = progress_;
  return std::move(report_);
}

ImportReport ImportSession::cancel() {
  check_open();
  batch_.clear();
  done_ = true;
  report_.cancelled = true;
  report_.counts = progress_;
  return std::move(report_);
}

}  // namespace tracesift::import
