#include "import_session.hpp"

#include <algorithm>
#include <deque>

#include "../error.hpp"

namespace tracesift::import {

using nlohmann::json;

namespace {

std::string known_formats() {
  std::string out;
  for (const auto f : kImportFormats) {
    if (f == "auto") continue;
    if (!out.empty()) out += ", ";
    out += f;
  }
  return out;
}

// True when a parse error only says the text ended early: the first line of a multi-line document.
bool looks_like_document_start(std::string_view line, const std::string& parse_error) {
  const auto first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos || (line[first] != '{' && line[first] != '[')) return false;
  return parse_error.find("unexpected end of input") != std::string::npos;
}

}  // namespace

ImportSession::ImportSession(store::Database& db, store::SpanStore& spans, ImportOptions options,
                             BatchObserver* observer)
    : db_(db), spans_(spans), options_(std::move(options)), observer_(observer), splitter_(options_.max_line_bytes) {
  if (std::find(kImportFormats.begin(), kImportFormats.end(), options_.format) == kImportFormats.end()) {
    throw Error(Errc::invalid_argument,
                "unknown import format '" + options_.format + "' (auto, " + known_formats() + ")", "format");
  }
  if (options_.batch_size == 0) throw Error(Errc::invalid_argument, "batch_size must be at least 1", "batch_size");
  if (options_.format != "auto") {
    reader_ = make_format_reader(options_.format);
    report_.format = options_.format;
  }
  batch_.reserve(static_cast<size_t>(std::min<uint64_t>(options_.batch_size, 100000)));
}

ImportSession::~ImportSession() = default;

void ImportSession::check_open() const {
  if (done_) throw Error(Errc::invalid_argument, "this import has already finished");
}

RecordContext ImportSession::context() const {
  return {options_.file_name, line_, options_.import_time_ns};
}

void ImportSession::feed(std::string_view chunk) {
  check_open();
  progress_.bytes += chunk.size();
  if (mode_ == Mode::document_too_large) return;
  if (mode_ != Mode::document) {
    const size_t used = splitter_.feed(chunk, *this);
    chunk.remove_prefix(used);
    if (mode_ != Mode::document) return;  // the whole chunk was lines
  }
  if (document_.size() + chunk.size() > options_.max_document_bytes) {
    add_error(line_, "too_large",
              "a multi-line JSON document larger than " + std::to_string(options_.max_document_bytes >> 20) +
                  " MiB cannot be imported; export it as JSONL (one record per line) instead");
    std::string().swap(document_);
    mode_ = Mode::document_too_large;
    return;
  }
  document_.append(chunk);
}

bool ImportSession::on_line(std::string_view line, uint64_t line_number) {
  if (line.find_first_not_of(" \t") == std::string_view::npos) return true;  // blank lines are not records
  line_ = line_number;
  where_.clear();
  if (mode_ == Mode::undecided || !reader_) return read_first_record(line);
  ++progress_.read;
  reader_->read_line(line, context(), *this);
  return true;
}

// The first record decides JSONL vs document and, under "auto", the format.
bool ImportSession::read_first_record(std::string_view line) {
  std::string error;
  auto value = parse_json_record(line, error, false);
  if (!value && mode_ == Mode::undecided && allow_document_ && looks_like_document_start(line, error)) {
    mode_ = Mode::document;
    document_.assign(line);
    document_ += '\n';
    return false;  // the rest of the input is the document
  }
  mode_ = Mode::lines;
  if (!value) {
    ++progress_.read;
    const std::string_view code = record_error_code(error);  // a literal: outlives the move below
    add_error(line_, code, std::move(error));
    return true;
  }
  read_values(*value, line);
  return true;
}

// A parsed line or document: one record, or (an array) one record per element. Numbers a span
// cannot store exactly were not refused by the parse; they reject only the record holding them.
void ImportSession::read_values(const json& value, std::string_view text) {
  const auto refused = refused_numbers(text, value.is_array());
  size_t next_refused = 0;
  const auto refusal = [&](size_t element) -> const std::string* {
    if (next_refused < refused.size() && refused[next_refused].element == element) {
      return &refused[next_refused++].message;
    }
    return nullptr;
  };
  if (!value.is_array()) {
    read_value(value, {}, refusal(0));
    return;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    read_value(value[i], "element [" + std::to_string(i) + "]: ", refusal(i));
  }
}

// Reads one parsed record, choosing the reader first if the format is still open.
void ImportSession::read_value(const json& value, std::string_view where, const std::string* refused) {
  ++progress_.read;
  where_ = where;
  if (refused) {
    on_record_error(*refused);
    return;
  }
  if (!reader_ && !choose_reader(value)) return;
  const auto detected = detect_format(value);
  if (detected && !reader_->accepts(*detected)) {
    on_record_error("this record looks like " + std::string(*detected) + ", but the file is read as " +
                    std::string(reader_->name()) + "; a file must hold one format (split it, or pass --format)");
    return;
  }
  reader_->read_value(value, context(), *this);
}

bool ImportSession::choose_reader(const json& value) {
  const auto detected = detect_format(value);
  if (!detected) {
    on_record_error("not a recognised trace record: " + describe_shape(value) + " (formats: " + known_formats() +
                    "; pass --format to force one)");
    return false;
  }
  reader_ = make_format_reader(*detected);
  report_.format = std::string(*detected);
  return true;
}

void ImportSession::finish_document() {
  std::string error;
  auto value = parse_json_record(document_, error, false);
  if (!value && record_error_code(error) != "invalid_json") {
    // Too deep, or a number beyond a double's range: the document is JSON, so it is not lines.
    std::string().swap(document_);
    mode_ = Mode::lines;
    ++progress_.read;
    const std::string_view code = record_error_code(error);
    add_error(line_, code, std::move(error));
    return;
  }
  if (!value) {
    // Not one document after all (e.g. JSONL whose first line is cut short): read it as lines.
    std::string text;
    text.swap(document_);
    allow_document_ = false;
    mode_ = Mode::undecided;
    LineSplitter lines(options_.max_line_bytes, line_);
    lines.feed(text, *this);
    lines.finish(*this);
    return;
  }
  mode_ = Mode::lines;
  read_values(*value, document_);
  std::string().swap(document_);
}

void ImportSession::on_oversized_line(uint64_t line_number, uint64_t bytes) {
  ++progress_.read;
  add_error(line_number, "too_large",
            "line is " + std::to_string(bytes) + " bytes, longer than the limit of " +
                std::to_string(options_.max_line_bytes) + " bytes");
}

void ImportSession::on_span(MappedSpan&& span) {
  batch_.push_back(std::move(span));
  if (batch_.size() >= options_.batch_size) commit_batch();
}

void ImportSession::on_record_error(std::string message) {
  message.insert(0, where_);
  const std::string_view code = record_error_code(message);  // a literal: outlives the move below
  add_error(line_, code, std::move(message));
}

void ImportSession::add_error(uint64_t line, std::string_view code, std::string message) {
  ++progress_.errors;
  if (report_.errors.size() < options_.max_reported_errors) {
    std::string field = record_error_field(message);
    report_.errors.push_back({options_.file_name, line, std::string(code), std::move(field), std::move(message)});
  }
}

std::string_view record_error_code(std::string_view message) {
  if (message.find("invalid JSON") != std::string_view::npos) return "invalid_json";
  if (message.find("field '") != std::string_view::npos) return "invalid_field";
  return "invalid_record";
}

std::string record_error_field(std::string_view message) {
  constexpr std::string_view kField = "field '";
  const size_t at = message.find(kField);
  if (at == std::string_view::npos) return {};
  const size_t start = at + kField.size();
  const size_t end = message.find('\'', start);
  if (end == std::string_view::npos) return {};
  std::string path(message.substr(start, end - start));
  // "observations[2]: field 'x'": the part before the colon says where the field is.
  const std::string_view before = message.substr(0, at);
  const size_t colon = before.rfind(": ");
  if (colon != std::string_view::npos && colon + 2 == before.size()) {
    const std::string_view where = before.substr(0, colon);
    if (!where.empty() && where.find(' ') == std::string_view::npos) path = std::string(where) + "." + path;
  }
  return path;
}

void ImportSession::commit_batch() {
  if (batch_.empty()) return;
  // Design note: counters move only after COMMIT, so a failed batch leaves both the database and
  // the report exactly as they were before it.
  ImportProgress delta;
  try {
    if (observer_) observer_->before_batch();
    store::Transaction tx(db_);
    std::vector<WrittenSpan> written;
    std::deque<Span> merged;  // spans as stored after a merge (stable addresses for `written`)
    written.reserve(batch_.size());
    for (const MappedSpan& mapped : batch_) {
      Span& slot = merged.emplace_back();
      const auto result = mapped.time_from_import ? spans_.insert_only(mapped.span) : spans_.upsert(mapped.span, slot);
      switch (result.outcome) {
        case store::UpsertOutcome::inserted:
          ++delta.imported;
          written.push_back({result.rowid, &mapped.span, result.completed});
          break;
        case store::UpsertOutcome::updated:
          ++delta.updated;
          written.push_back({result.rowid, &slot, result.completed});
          break;
        case store::UpsertOutcome::unchanged: ++delta.skipped; break;
      }
      if (result.outcome != store::UpsertOutcome::updated) merged.pop_back();
    }
    if (observer_) delta.captured = observer_->batch_written(written);
    tx.commit();
  } catch (...) {
    // The transaction rolled back; the session cannot continue consistently.
    if (observer_) observer_->batch_failed();
    batch_.clear();
    done_ = true;
    throw;
  }
  if (observer_) observer_->batch_committed();
  batch_.clear();
  progress_.imported += delta.imported;
  progress_.updated += delta.updated;
  progress_.skipped += delta.skipped;
  progress_.captured += delta.captured;
  if (options_.on_progress) options_.on_progress(progress_);
}

ImportReport ImportSession::finish() {
  check_open();
  splitter_.finish(*this);
  if (mode_ == Mode::document) finish_document();
  commit_batch();
  done_ = true;
  if (report_.format.empty()) report_.format = "unknown";
  report_.counts = progress_;
  return std::move(report_);
}

ImportReport ImportSession::cancel() {
  check_open();
  batch_.clear();
  done_ = true;
  report_.cancelled = true;
  if (report_.format.empty()) report_.format = "unknown";
  report_.counts = progress_;
  return std::move(report_);
}

}  // namespace tracesift::import
