#include "import_session.hpp"

#include <algorithm>
#include <deque>

#include "../error.hpp"

namespace tracesift::import {

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

// A file format recognised by its first bytes, which the import cannot read (yet).
struct Magic {
  std::string_view bytes;
  std::string_view detected;  // the details' "detected"
  std::string_view what;      // what the message says the file is
  std::string_view advice;    // and what to do
};

using std::string_view_literals::operator""sv;

const Magic kMagics[] = {
    {"\x1f\x8b"sv, "gzip", "a gzip-compressed file",
     "compressed files are not supported yet: decompress it first (gunzip)"},
    {"PK\x03\x04"sv, "zip", "a zip archive", "archives are not supported yet: unzip it and import the files in it"},
    {"PK\x05\x06"sv, "zip", "a zip archive (an empty one)", "archives are not supported yet"},
    {"\x28\xb5\x2f\xfd"sv, "zstd", "a zstd-compressed file",
     "compressed files are not supported yet: decompress it first (zstd -d)"},
    {"BZh"sv, "bzip2", "a bzip2-compressed file",
     "compressed files are not supported yet: decompress it first (bunzip2)"},
    {"\xfd"
     "7zXZ\x00"sv,
     "xz", "an xz-compressed file", "compressed files are not supported yet: decompress it first (unxz)"},
    {"PAR1"sv, "parquet", "a Parquet file", "Parquet is not supported yet: export the traces as JSONL"},
    {"SQLite format 3\x00"sv, "sqlite", "a SQLite database, not a trace file",
     "open a tracesift database as the database instead (--db, open({path}), openDatabaseFile)"},
};

// What the first bytes of a file hold that text does not: the first NUL, and the sequences that
// are not UTF-8 (the first one's offset, and how many).
struct TextCheck {
  size_t nul = std::string_view::npos;
  size_t first_invalid = std::string_view::npos;
  size_t invalid = 0;
};

// Checks a file's first bytes; `complete` when they are the whole file (a sequence cut off at
// the end of a longer file's window is not counted).
TextCheck check_text(std::string_view s, bool complete) {
  TextCheck out;
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  size_t i = 0;
  while (i < s.size()) {
    const unsigned c = byte(i);
    if (c < 0x80) {
      if (c == 0 && out.nul == std::string_view::npos) out.nul = i;
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned lo = 0x80, hi = 0xbf;  // the range of the second byte
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;  // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    }
    size_t k = 1;
    for (; len > 0 && k < len && i + k < s.size(); ++k) {
      const unsigned b = byte(i + k);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xbf)) break;
    }
    if (len > 0 && k == len) {
      i += len;
      continue;
    }
    if (len > 0 && i + k == s.size() && !complete) break;  // cut off by the window
    if (out.first_invalid == std::string_view::npos) out.first_invalid = i;
    ++out.invalid;
    i += k;
  }
  return out;
}

std::string hex_byte(unsigned char c) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[c >> 4] + kDigits[c & 15];
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
    skip_text_ = options_.format == "otel-python";
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
  if (!sniffed_) {
    // The first bytes wait until they are enough to tell a binary file (nothing of it is read).
    const size_t take = std::min(chunk.size(), kSniffBytes - head_.size());
    head_.append(chunk.substr(0, take));
    chunk.remove_prefix(take);
    if (head_.size() < kSniffBytes) return;
    sniff(false);
    std::string head;
    head.swap(head_);
    read_bytes(head);
  }
  read_bytes(chunk);
}

void ImportSession::read_bytes(std::string_view chunk) {
  if (mode_ == Mode::document_too_large) return;
  if (mode_ != Mode::document) {
    const size_t used = splitter_.feed(chunk, *this);
    chunk.remove_prefix(used);
    if (mode_ != Mode::document) return;  // the whole chunk was lines
  }
  if (document_.size() + chunk.size() > options_.max_document_bytes) {
    ++progress_.read;  // the document, as one record
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
  if (multiline_.active()) {
    if (multiline_.add(line)) {
      finish_multiline();
    } else if (multiline_.size() > options_.max_document_bytes) {
      line_ = multiline_.first_line();
      multiline_.take();
      ++progress_.read;
      add_error(line_, "too_large",
                "a multi-line JSON record larger than " + std::to_string(options_.max_document_bytes >> 20) +
                    " MiB cannot be imported");
    }
    return true;
  }
  line_ = line_number;
  where_.clear();
  if ((!reader_ || skip_text_) && mode_ != Mode::document && MultiLineRecord::is_text(line)) return on_text_line(line);
  if ((mode_ == Mode::lines || (mode_ == Mode::undecided && !allow_document_)) &&
      MultiLineRecord::opens_multiline(line)) {
    mode_ = Mode::lines;
    multiline_.start(line, line_number);
    return true;
  }
  if (mode_ == Mode::undecided || !reader_) return read_first_record(line);
  ++progress_.read;
  reader_->read_line(line, context(), *this);
  return true;
}

// A line of plain text (stdout around printed spans): skipped in an otel-python file; held until
// the format is known otherwise.
bool ImportSession::on_text_line(std::string_view line) {
  if (skip_text_) return true;
  if (text_lines_.size() < options_.max_reported_errors) {
    std::string error;
    parse_json_record(line, error);
    text_lines_.emplace_back(line_, std::move(error));
  }
  return true;
}

// The held text lines: reported as records that are not JSON, or dropped.
void ImportSession::release_text_lines(bool report) {
  auto held = std::move(text_lines_);
  text_lines_.clear();
  for (auto& [line, message] : held) {
    if (!report) break;
    ++progress_.read;
    add_error(line, "invalid_json", std::move(message));
  }
}

// A multi-line record is complete: read it like a document.
void ImportSession::finish_multiline() {
  line_ = multiline_.first_line();
  where_.clear();
  const std::string text = multiline_.take();
  std::string error;
  auto value = parse_json_record(text, error, false);
  if (!value) {
    ++progress_.read;
    const std::string_view code = record_error_code(error);
    add_error(line_, code, std::move(error));
    return;
  }
  read_values(*value, text);
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
void ImportSession::read_values(const Json& value, std::string_view text) {
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
  } else {
    for (size_t i = 0; i < value.size(); ++i) {
      read_value(value[i], "element [" + std::to_string(i) + "]: ", refusal(i));
    }
  }
}

// Reads one parsed record, choosing the reader first if the format is still open.
void ImportSession::read_value(const Json& value, std::string_view where, const std::string* refused) {
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
  RecordContext ctx = context();
  reader_->read_value(value, ctx, *this);
}

bool ImportSession::choose_reader(const Json& value) {
  const auto detected = detect_format(value);
  if (!detected) {
    on_record_error("not a recognised trace record: " + describe_shape(value) + " (formats: " + known_formats() +
                    "; pass --format to force one)");
    return false;
  }
  reader_ = make_format_reader(*detected);
  report_.format = std::string(*detected);
  skip_text_ = report_.format == "otel-python";
  release_text_lines(!skip_text_);
  return true;
}

void ImportSession::finish_document() {
  std::string error;
  auto value = parse_json_record(document_, error, false);
  // Too deep is decided on the text before parsing: lines that each open an object and never close
  // it (`{"a": 1` on 1,200 lines) count as deep, and are not a document (accept() does not recurse).
  const bool not_a_document =
      !value && json_nesting_depth(document_, kMaxJsonDepth) > kMaxJsonDepth && !Json::accept(document_);
  if (!value && record_error_code(error) != "invalid_json" && !not_a_document) {
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
    document_error_ = error;
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

// Refuses a compressed or binary file from its first bytes (head_), before any record of it is
// read; `complete` when they are the whole file.
void ImportSession::sniff(bool complete) {
  sniffed_ = true;
  const std::string_view head = head_;
  for (const Magic& m : kMagics) {
    if (head.substr(0, m.bytes.size()) == m.bytes)
      refuse_file("'" + options_.file_name + "' is " + std::string(m.what) + ": " + std::string(m.advice), m.detected);
  }
  if (head.substr(0, 2) == "\xff\xfe" || head.substr(0, 2) == "\xfe\xff")
    refuse_file("'" + options_.file_name +
                    "' is UTF-16 text: trace files are UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)",
                "utf-16");
  const TextCheck text = check_text(head, complete);
  if (text.nul != std::string_view::npos) {
    refuse_file("'" + options_.file_name + "' is not a text file: it holds a NUL byte at byte " +
                    std::to_string(text.nul) + " (a binary file?); trace files are UTF-8 JSON or JSONL",
                "binary", static_cast<int64_t>(text.nul));
  }
  // Design note: a byte that is not UTF-8 now and then is a glitch in a text file, which the
  // record it is in reports; more than one sequence in a hundred bytes is not text.
  if (text.invalid > 0 && text.invalid * 100 >= head.size()) {
    const auto c = static_cast<unsigned char>(head[text.first_invalid]);
    refuse_file("'" + options_.file_name + "' is not UTF-8 text: byte " + hex_byte(c) + " at byte " +
                    std::to_string(text.first_invalid) + " is not valid UTF-8, and " + std::to_string(text.invalid) +
                    " sequences of the first " + std::to_string(head.size()) +
                    " bytes are not (a binary file, or text in another encoding such as Latin-1: convert it to "
                    "UTF-8)",
                "binary", static_cast<int64_t>(text.first_invalid));
  }
}

void ImportSession::refuse_file(std::string message, std::string_view detected, int64_t offset) {
  done_ = true;
  batch_.clear();
  Json details = {{"file", options_.file_name}, {"detected", detected}};
  if (offset >= 0) details["offset"] = offset;
  Error error(Errc::parse_error, std::move(message));
  error.set_details_json(details.dump(-1, ' ', false, Json::error_handler_t::replace));
  throw error;
}

// The file gave no span: say why, with the first rejected records.
void ImportSession::refuse_empty_result() {
  done_ = true;
  const std::string& file = options_.file_name;
  std::string message;
  const std::string first = report_.errors.empty() ? std::string()
                                                   : "; first: line " + std::to_string(report_.errors[0].line) + ": " +
                                                         report_.errors[0].message;
  const std::string counts = std::to_string(progress_.read) + (progress_.read == 1 ? " record" : " records") +
                             " read, " + std::to_string(progress_.errors) + " rejected";
  if (progress_.bytes == 0) {
    message = "'" + file + "' is empty: there is nothing to import";
  } else if (progress_.read == 0 && progress_.errors == 0) {
    message = "'" + file + "' holds no records (only blank lines)";
  } else if (!document_error_.empty() && !reader_) {
    message = "'" + file + "' starts like one JSON document but does not parse (" + document_error_ +
              "), and none of its lines is a trace record either";
  } else if (!reader_) {
    message = "no record of '" + file + "' is a recognised trace record (" + counts + ")" + first;
  } else if (progress_.errors > 0) {
    message = "every record of '" + file + "' was rejected (" + counts + ", read as " + report_.format + ")" + first;
  } else {
    message = "'" + file + "' holds " + std::to_string(progress_.read) + " " + report_.format +
              (progress_.read == 1 ? " record" : " records") + " but no spans";
  }
  Json errors = Json::array();
  for (size_t i = 0; i < report_.errors.size() && i < kFirstReasons; ++i) {
    const ImportError& e = report_.errors[i];
    errors.push_back({{"file", e.file},
                      {"line", e.line},
                      {"code", e.code},
                      {"field", e.field.empty() ? Json() : Json(e.field)},
                      {"message", e.message}});
  }
  const Json details = {{"file", file},
                        {"format", report_.format.empty() ? std::string("unknown") : report_.format},
                        {"read", progress_.read},
                        {"error_count", progress_.errors},
                        {"errors", std::move(errors)}};
  Error error(Errc::parse_error, std::move(message));
  error.set_details_json(details.dump(-1, ' ', false, Json::error_handler_t::replace));
  throw error;
}

void ImportSession::on_oversized_line(uint64_t line_number, uint64_t bytes) {
  ++progress_.read;
  add_error(line_number, "too_large",
            "line is " + std::to_string(bytes) + " bytes, longer than the limit of " +
                std::to_string(options_.max_line_bytes) + " bytes");
}

void ImportSession::on_span(MappedSpan&& span) {
  ++mapped_;
  batch_.push_back(std::move(span));
  if (batch_.size() >= options_.batch_size) commit_batch();
}

void ImportSession::on_record_error(std::string message) {
  message.insert(0, where_);
  const std::string_view code = record_error_code(message);  // a literal: outlives the move below
  add_error(line_, code, std::move(message));
}

void ImportSession::add_error(uint64_t line, std::string_view code, std::string message) {
  // A record rejected before the format is known: the text lines held before it come first.
  if (!reader_ && !text_lines_.empty()) release_text_lines(true);
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
  } catch (Error& e) {
    // The transaction rolled back; the session cannot continue consistently. The error says what
    // the batches before committed.
    if (observer_) observer_->batch_failed();
    batch_.clear();
    done_ = true;
    Json details = e.details_json().empty() ? Json::object() : Json::parse(e.details_json(), nullptr, false);
    if (!details.is_object()) details = Json::object();
    details["progress"] = {{"bytes", progress_.bytes},       {"read", progress_.read},
                           {"imported", progress_.imported}, {"updated", progress_.updated},
                           {"skipped", progress_.skipped},   {"errors", progress_.errors},
                           {"captured", progress_.captured}};
    e.set_details_json(details.dump(-1, ' ', false, Json::error_handler_t::replace));
    throw;
  } catch (...) {
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
  if (!sniffed_) {
    sniff(true);
    std::string head;
    head.swap(head_);
    read_bytes(head);
  }
  splitter_.finish(*this);
  if (mode_ == Mode::document) finish_document();
  if (multiline_.active()) finish_multiline();  // never closed: its parse error says where
  release_text_lines(true);
  commit_batch();
  if (observer_) observer_->import_finished();
  if (mapped_ == 0) refuse_empty_result();
  done_ = true;
  if (report_.format.empty()) report_.format = "unknown";
  report_.counts = progress_;
  return std::move(report_);
}

ImportReport ImportSession::cancel() {
  check_open();
  batch_.clear();
  done_ = true;
  if (observer_) observer_->import_finished();
  report_.cancelled = true;
  if (report_.format.empty()) report_.format = "unknown";
  report_.counts = progress_;
  return std::move(report_);
}

}  // namespace tracesift::import
