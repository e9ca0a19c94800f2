// The engine: one tracesift database and every operation on it. The bindings, the native tests
// and the benchmarks all go through this class.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "import/import_session.hpp"
#include "query/filter.hpp"
#include "store/span_store.hpp"
#include "store/sqlite.hpp"

namespace tracesift {

/// The engine's version, recorded in dataset recipes and shown by the CLI.
inline constexpr std::string_view kEngineVersion = "0.1.0";

/// Tuning of an open database.
struct EngineOptions {
  int64_t cache_size_kib = 32 * 1024;  ///< SQLite page cache
  int64_t page_size = 16384;           ///< page size of a new database (bytes); measured in bench/
  std::function<int64_t()> clock;      ///< now, in UTC ns (default: the system clock)
};

/// An open tracesift database.
class Engine {
 public:
  /// Opens or creates the database at `path` (":memory:" for a private in-memory one) and brings
  /// its schema up to date. A file that is not a tracesift database is refused unchanged.
  explicit Engine(const std::string& path, EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Starts a streaming import; the session must not outlive the engine.
  std::unique_ptr<import::ImportSession> begin_import(import::ImportOptions options);

  /// Matching spans as JSONL, newest first. `limit` is capped at 10,000 per call.
  std::string spans_jsonl(const Filter& filter, int64_t limit, int64_t offset);
  /// Number of matching spans.
  int64_t count(const Filter& filter);
  /// Parses a filter given as JSON text against this engine's clock.
  Filter parse_filter(std::string_view json_text) const;

  /// The current time in UTC ns, from the configured clock.
  int64_t now_ns() const;
  /// The underlying connection (for tests and tools).
  store::Database& database() noexcept { return db_; }

 private:
  EngineOptions options_;
  store::Database db_;
  std::unique_ptr<store::SpanStore> spans_;
};

}  // namespace tracesift
