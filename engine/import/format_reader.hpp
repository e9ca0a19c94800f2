// The seam between the import session and the trace formats: a reader turns one record (a JSONL
// line, a whole JSON document, or one element of a top-level array) into spans.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../json_depth.hpp"
#include "../json_value.hpp"
#include "../span.hpp"

namespace tracesift::import {

/// Import format names accepted by `ImportOptions::format` ("auto" detects from the first record).
inline constexpr std::array<std::string_view, 8> kImportFormats{
    "auto", "native", "otlp", "openinference", "otel-python", "langfuse", "openai-chat", "request-response"};

/// Deepest nesting of arrays/objects accepted in one record (the engine's limit, json_depth.hpp).
using tracesift::kMaxJsonDepth;

/// A span produced by a reader.
struct MappedSpan {
  Span span;  ///< the mapped span
  /// True when the source has no timestamps and started_at is the import's time. Such spans are
  /// inserted but never merged, so importing the same file twice changes nothing.
  bool time_from_import = false;
};

/// Where a record came from.
struct RecordContext {
  std::string_view file;       ///< the file name given to the import
  uint64_t line = 0;           ///< 1-based line of the record (its first line for a document)
  int64_t import_time_ns = 0;  ///< when the import started, UTC ns (for sources without times)
};

/// Receives what a reader finds in one record.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  /// One span of the record.
  virtual void on_span(MappedSpan&& span) = 0;
  /// A problem with the record or part of it; `message` says what and where inside the record
  /// (e.g. "resourceSpans[0].scopeSpans[0].spans[3]: field 'spanId': missing"). Other spans of
  /// the same record are still delivered.
  virtual void on_record_error(std::string message) = 0;
};

/// Reads one trace format.
class FormatReader {
 public:
  virtual ~FormatReader() = default;
  /// The format's name (one of kImportFormats).
  virtual std::string_view name() const = 0;
  /// True when a record detected as `detected` (see detect_format) belongs to this format.
  virtual bool accepts(std::string_view detected) const { return detected == name(); }
  /// Reads one JSONL line. The default parses it (depth-limited), rejects records of another
  /// format with a message saying which, and calls read_value.
  virtual void read_line(std::string_view text, const RecordContext& ctx, RecordSink& sink);
  /// Reads one parsed record.
  virtual void read_value(const Json& value, const RecordContext& ctx, RecordSink& sink) = 0;
};

/// The reader of `format` (any of kImportFormats but "auto"), or nullptr for an unknown name.
std::unique_ptr<FormatReader> make_format_reader(std::string_view format);

/// The format a parsed record looks like ("native", "otlp", "otel-python", "langfuse",
/// "openai-chat", "request-response"), or nullopt when it looks like none of them.
std::optional<std::string_view> detect_format(const Json& value);

/// A short description of a record's shape for error messages ("a JSON object with keys a, b, c").
std::string describe_shape(const Json& value);

/// Parses one record, object keys in source order (with simdjson: about 2.5x faster than
/// nlohmann's own parser). Returns nullopt and sets `error` (with the byte offset) when the text is
/// not JSON, nests deeper than kMaxJsonDepth (depth_error's message) or holds a number no span can
/// store exactly (refused_numbers). With `check_numbers` false such numbers are left to the caller
/// (a document checks them element by element).
std::optional<Json> parse_json_record(std::string_view text, std::string& error, bool check_numbers = true);

/// A number JSON allows but a span cannot hold exactly: an integer beyond 64 bits (which nlohmann
/// would silently turn into a double) or a number beyond a double's range.
struct RefusedNumber {
  size_t element = 0;   ///< the top-level array element holding it (when read by element)
  std::string message;  ///< "field '<key>': the number N cannot be stored exactly (...)"
};

/// The first refused number of each record of `text`: the text is one record, or, when `elements`
/// is true and the text is an array, each element is one. Empty when there is none (the common
/// case costs one scan of the text for long digit runs).
std::vector<RefusedNumber> refused_numbers(std::string_view text, bool elements);

/// Deepest array/object nesting in JSON text (strings skipped; json_depth.hpp).
using tracesift::json_nesting_depth;

/// The message of a record nested deeper than kMaxJsonDepth: "field '<key>': JSON nested deeper
/// than 256 levels" naming the top-level member where that happens, when there is one.
std::string depth_error(std::string_view text);

/// A stable 16-hex-digit id derived from content, for sources whose records carry no id.
std::string stable_id(std::string_view content);

// Readers of each format (defined beside their format's code).
/// Native span JSONL (docs/FORMAT.md).
std::unique_ptr<FormatReader> make_native_reader();
/// OTLP JSON trace exports, OTel-JS spans and OpenTelemetry Python span JSON; `name` is "otlp",
/// "openinference" or "otel-python" (the same reader: every shape and convention is read
/// whichever name forced it).
std::unique_ptr<FormatReader> make_otlp_reader(std::string_view name);
/// Langfuse exports (traces with observations, or observations).
std::unique_ptr<FormatReader> make_langfuse_reader();
/// OpenAI chat fine-tuning JSONL ({"messages": [...], "tools"?: [...]}).
std::unique_ptr<FormatReader> make_openai_chat_reader();
/// Request/response JSONL ({"request": ..., "response": ...}) of OpenAI and Anthropic bodies.
std::unique_ptr<FormatReader> make_request_response_reader();

}  // namespace tracesift::import
