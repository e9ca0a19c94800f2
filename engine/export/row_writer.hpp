// What every export shares: the row handed to a writer, the byte sink it streams into, the output
// buffer between them, the list of rows a writer could not convert, and the recipe file written
// beside the data (docs/EXPORT.md).
//
// Design note: writers never hold the dataset. The caller reads datapoints one at a time (a
// SQLite statement), hands each as an ExportRow of views, and the writer appends the row's bytes
// to a buffer that goes to the sink whenever it passes a threshold (1 MiB by default), so memory
// stays bounded by the threshold plus the longest row, whatever the dataset's size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracesift::exporter {

/// The source span's fields that make the metadata object, read straight from its columns (views
/// valid for one `row` call); what is missing (NULL) is nullopt.
struct SpanFields {
  std::optional<std::string_view> name, kind, status, model, provider, environment, task, user_id;
  std::optional<int64_t> input_tokens, output_tokens;  ///< token counts
  std::optional<std::string_view> cost_usd;            ///< a finite cost as SQLite renders a REAL
  std::optional<int64_t> started_ns, ended_ns;         ///< UTC nanoseconds
};

/// One datapoint as the writers see it. Views are valid for the duration of one `row` call.
struct ExportRow {
  int64_t id = 0;                               ///< datapoint id
  std::string_view dataset;                     ///< dataset name
  std::optional<std::string_view> span_id;      ///< the source span's id, when the datapoint has one
  std::string_view source;                      ///< span_export, filter, manual, ...
  std::optional<int64_t> rule_id;               ///< the capture rule that added it, if any
  std::optional<std::string_view> trace_id;     ///< the source span's trace id, if known
  std::optional<std::string_view> session_id;   ///< the source span's session id, if known
  std::optional<std::string_view> input_json;   ///< input as stored (compact JSON), or none
  std::optional<std::string_view> output_json;  ///< output as stored (compact JSON), or none
  int64_t created_ns = 0;                       ///< when the datapoint was added (UTC ns)
  /// A JSON object about the source span: name, kind, status, model, provider, environment, task,
  /// user_id, input_tokens, output_tokens, cost_usd, started_ns, ended_ns (any may be missing).
  std::string_view metadata_json = "{}";
  /// The same as `metadata_json`, as fields, when the reader was asked for them and the datapoint
  /// links to its span (writers that flatten the object read these instead of parsing it).
  const SpanFields* span_fields = nullptr;
  /// The tool definitions offered to the model (a JSON array, see find_tool_definitions), if any;
  /// only the openai-chat and hf exports read it.
  std::optional<std::string_view> tools_json;
  /// Whether the source request allowed parallel tool calls, when it said (see
  /// ToolDefinitionFinder::parallel_tool_calls); the openai-chat export writes it beside `tools`.
  std::optional<bool> parallel_tool_calls;
};

/// Where exported bytes go (a file, a JS callback, a string). `write` may throw to stop the export.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  /// Takes the next bytes of the output; called with chunks of any size, never empty ones.
  virtual void write(std::string_view bytes) = 0;
  /// Takes the next bytes and leaves `bytes` empty (its buffer may go with them: a sink that keeps
  /// what it gets can take the string instead of copying it). Writes them by default.
  virtual void take(std::string& bytes) {
    if (!bytes.empty()) write(bytes);
    bytes.clear();
  }
};

/// A sink that appends everything to a string (tests, small exports).
class StringSink final : public ByteSink {
 public:
  /// Appends `bytes` to `text`.
  void write(std::string_view bytes) override {
    text.append(bytes);
    ++chunks;
  }
  std::string text;    ///< all bytes written so far
  int64_t chunks = 0;  ///< how many write calls there were
};

/// Bytes a writer buffers before passing them to its sink.
inline constexpr size_t kDefaultFlushBytes = size_t{1} << 20;

/// The buffer between a writer and its sink: rows are appended to `text()`, and `row_done` passes
/// the buffer on once it holds at least the threshold.
class OutputBuffer {
 public:
  /// Starts writing to `sink` (which must outlive the writing), passing chunks of about
  /// `flush_bytes` (at least 1).
  void open(ByteSink& sink, size_t flush_bytes);
  /// The buffer to append to.
  std::string& text() noexcept { return buf_; }
  /// Flushes when the buffer has reached the threshold (Error{internal} before `open`).
  void row_done() {
    if (buf_.size() >= flush_bytes_ || sink_ == nullptr) flush();
  }
  /// Passes whatever is buffered to the sink (nothing when empty); Error{internal} before `open`.
  void flush();
  /// Whether open was called.
  bool is_open() const noexcept { return sink_ != nullptr; }

 private:
  ByteSink* sink_ = nullptr;
  std::string buf_;
  size_t flush_bytes_ = kDefaultFlushBytes;
};

/// A row a writer could not convert, and why.
struct Rejection {
  int64_t id = 0;      ///< datapoint id
  std::string reason;  ///< what in the row breaks the format, for people
  /// Equal when id and reason are.
  bool operator==(const Rejection&) const = default;
};

/// How many rejections a writer keeps in memory; every one still goes to the rejection sink.
inline constexpr size_t kMaxListedRejections = 1000;

/// The rows a writer rejected: a count, the first kMaxListedRejections in memory, and optionally
/// every one as a JSONL line `{"id", "reason"}` to a sink.
class RejectionList {
 public:
  /// Sends every later rejection to `sink` as one JSON line (nullptr: none).
  void set_sink(ByteSink* sink) noexcept { sink_ = sink; }
  /// Records a rejection.
  void add(int64_t id, std::string reason);
  /// Takes over another list's rejections (its count, and listed ones while there is room), for
  /// an export made of several passes; they are not sent to this list's sink.
  void merge(const RejectionList& other);
  /// The first kMaxListedRejections rejections, in order.
  const std::vector<Rejection>& listed() const noexcept { return listed_; }
  /// Every rejection so far.
  int64_t count() const noexcept { return count_; }

 private:
  ByteSink* sink_ = nullptr;
  std::vector<Rejection> listed_;
  int64_t count_ = 0;
};

/// Rows written with something the user should know about (a part left out, a piece missing): a
/// count, and the ids of the first kMaxListedRejections.
class NotedRows {
 public:
  /// Records a row.
  void add(int64_t id) {
    ++count_;
    if (ids_.size() < kMaxListedRejections) ids_.push_back(id);
  }
  /// Takes over another list's rows (its count, and listed ids while there is room).
  void merge(const NotedRows& other);
  /// The first kMaxListedRejections ids, in order.
  const std::vector<int64_t>& listed() const noexcept { return ids_; }
  /// Every row so far.
  int64_t count() const noexcept { return count_; }

 private:
  std::vector<int64_t> ids_;
  int64_t count_ = 0;
};

/// Why reasoning parts are left out of the openai-chat and hf rows (the recipe file says it).
inline constexpr std::string_view kReasoningDroppedReason =
    "the OpenAI chat fine-tuning format has no place for reasoning";
/// Why a row with tool calls and no tool definitions is flagged (the recipe file says it).
inline constexpr std::string_view kCallsWithoutToolsReason = "tool calls but no tool definitions in the span";

/// What the conversion to a chat conversation (openai-chat, hf) noted on the rows it wrote.
struct ConversionNotes {
  NotedRows reasoning_dropped;    ///< rows whose reasoning parts were left out (kReasoningDroppedReason)
  NotedRows calls_without_tools;  ///< rows with tool calls but no tool definitions (kCallsWithoutToolsReason)
  /// Takes over another export pass's notes.
  void merge(const ConversionNotes& other) {
    reasoning_dropped.merge(other.reasoning_dropped);
    calls_without_tools.merge(other.calls_without_tools);
  }
};

/// The export formats, as named on the command line.
inline constexpr std::string_view kExportFormats[] = {"jsonl", "openai-chat", "hf", "csv"};

/// How the csv format writes a text cell that a spreadsheet would read as a formula (CSV injection).
enum class CsvFormulas {
  escape,  ///< prefixed with `'` when it starts with `=`, `+`, `-`, `@`, a tab or a CR (the default)
  raw,     ///< as it is
};

/// Choices of an export beyond its format (the CLI's options, `exportDataset`'s options).
struct ExportOptions {
  CsvFormulas csv_formulas = CsvFormulas::escape;  ///< csv: formula-looking text cells
};

/// Export options from JSON: `{"csv_formulas": "escape" | "raw"}`, every key optional;
/// Error{invalid_argument} names an unknown key or a wrong value.
ExportOptions parse_export_options(std::string_view options_json);

/// A streaming writer of one single-file format (jsonl, openai-chat, csv): `begin`, then `row`
/// for each datapoint, then `end`, which flushes the rest. A writer is used for one export.
class RowWriter {
 public:
  virtual ~RowWriter() = default;
  /// Starts the output on `sink`, which must outlive the writer's use.
  virtual void begin(ByteSink& sink) = 0;
  /// Writes one datapoint, or records it in `rejected()` with the reason it cannot be converted.
  virtual void row(const ExportRow& row) = 0;
  /// Writes what is still buffered.
  virtual void end() = 0;
  /// The format's name (one of kExportFormats).
  virtual std::string_view format() const noexcept = 0;

  /// Rows written so far.
  int64_t rows_written() const noexcept { return written_; }
  /// The first rejected rows with their reasons (the count is in rejections().count()).
  const std::vector<Rejection>& rejected() const noexcept { return rejections_.listed(); }
  /// Every rejected row: count, first ones, optional sink.
  RejectionList& rejections() noexcept { return rejections_; }
  /// Every rejected row: count and first ones.
  const RejectionList& rejections() const noexcept { return rejections_; }
  /// What the conversion noted on written rows (openai-chat; empty for the other formats).
  const ConversionNotes& notes() const noexcept { return notes_; }

 protected:
  int64_t written_ = 0;       ///< rows written
  RejectionList rejections_;  ///< rows rejected
  ConversionNotes notes_;     ///< rows written with a note
};

/// The writer for `format` ("jsonl", "openai-chat" or "csv"); Error{invalid_argument} for any other
/// name ("hf" writes several files: use HfWriter).
std::unique_ptr<RowWriter> make_row_writer(std::string_view format, size_t flush_bytes = kDefaultFlushBytes,
                                           const ExportOptions& options = {});

/// What the recipe file beside an export says about the export itself.
struct ExportSummary {
  std::string_view dataset;                                  ///< dataset name
  std::string_view format;                                   ///< one of kExportFormats
  int64_t rows = 0;                                          ///< rows written
  std::vector<std::pair<std::string_view, int64_t>> splits;  ///< hf: rows per split file
  const RejectionList* rejections = nullptr;                 ///< rows left out, if any
  const ConversionNotes* notes = nullptr;                    ///< openai-chat, hf: rows written with a note
  std::string_view recipe_json;                              ///< the dataset's recipe (JSON), or empty
};

/// The recipe file written beside every export (`<out>.recipe.json`, or `recipe.json` in an hf
/// folder): {"dataset", "format", "rows", "splits"?, "rejected": {"count", "rows": [{"id",
/// "reason"}]}, "reasoning_dropped"?, "tool_calls_without_tools"?, "recipe"}; the two notes
/// (when `notes` is given) are {"count", "reason", "rows": [id, ...]}; `recipe` is the dataset's
/// recipe as stored, or null.
std::string export_recipe_json(const ExportSummary& summary);

}  // namespace tracesift::exporter
