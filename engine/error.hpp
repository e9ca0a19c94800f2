// Errors of the engine: a stable code, a message a person can act on, and optional details.
#pragma once

#include <array>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace tracesift {

/// Stable error codes shared with the TypeScript side (generated into constants.ts).
enum class Errc {
  invalid_argument,  ///< a caller passed a value the engine cannot use
  invalid_filter,    ///< a filter object failed validation (details name the key)
  parse_error,       ///< input bytes could not be read as the expected format
  not_a_database,    ///< a file exists but is not a tracesift database
  schema_too_new,    ///< the database was written by a newer engine
  storage,           ///< SQLite reported an error (sqlite_code holds its result code)
  not_found,         ///< a named object (handle, dataset, ...) does not exist
  conflict,          ///< the change would clash with what is stored (a name already taken, ...)
  cancelled,         ///< the operation was cancelled by the caller
  internal,          ///< a bug: an invariant of the engine did not hold
  locked,            ///< another process (or tab) holds the database; details say who
  io_error,          ///< the operating system refused a file operation (details name the path)
};

/// Every error code with its stable wire name, in declaration order.
inline constexpr std::array<std::pair<Errc, std::string_view>, 12> kErrorCodes{{
    {Errc::invalid_argument, "invalid_argument"},
    {Errc::invalid_filter, "invalid_filter"},
    {Errc::parse_error, "parse_error"},
    {Errc::not_a_database, "not_a_database"},
    {Errc::schema_too_new, "schema_too_new"},
    {Errc::storage, "storage"},
    {Errc::not_found, "not_found"},
    {Errc::conflict, "conflict"},
    {Errc::cancelled, "cancelled"},
    {Errc::internal, "internal"},
    {Errc::locked, "locked"},
    {Errc::io_error, "io_error"},
}};

/// The stable wire name of an error code (e.g. "invalid_filter").
std::string_view errc_name(Errc code) noexcept;

/// The one exception type the engine throws; the bindings turn it into a TraceSiftError.
class Error : public std::exception {
 public:
  /// An error with a code and a message; `field` names the offending key or field when known;
  /// `position` is the 1-based character in a parsed text where parsing failed, or -1.
  Error(Errc code, std::string message, std::string field = {}, int sqlite_code = 0, int64_t position = -1)
      : code_(code),
        message_(std::move(message)),
        field_(std::move(field)),
        sqlite_code_(sqlite_code),
        position_(position) {}

  /// The stable code.
  Errc code() const noexcept { return code_; }
  /// The message for people.
  const std::string& message() const noexcept { return message_; }
  /// The key or field the error is about, or empty.
  const std::string& field() const noexcept { return field_; }
  /// SQLite's extended result code when the error came from SQLite, else 0.
  int sqlite_code() const noexcept { return sqlite_code_; }
  /// The 1-based character (Unicode code point) of a parsed text where parsing failed, or -1.
  int64_t position() const noexcept { return position_; }
  const char* what() const noexcept override { return message_.c_str(); }
  /// More details as the text of a JSON object ("" for none); the bindings merge its keys into
  /// the TraceSiftError's details (an import's first rejected records, the counts committed, ...).
  const std::string& details_json() const noexcept { return details_json_; }
  /// Replaces the details (the text of a JSON object, or "" for none).
  void set_details_json(std::string details_json) { details_json_ = std::move(details_json); }

 private:
  Errc code_;
  std::string message_;
  std::string field_;
  int sqlite_code_;
  int64_t position_;
  std::string details_json_;
};

}  // namespace tracesift
