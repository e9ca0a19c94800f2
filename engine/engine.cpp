#include "engine.hpp"

#include <algorithm>
#include <chrono>

#include "error.hpp"
#include "store/schema.hpp"

namespace tracesift {

Engine::Engine(const std::string& path, EngineOptions options) : options_(std::move(options)), db_(path) {
  // Only takes effect while the file is still empty (before the schema is created).
  db_.exec("PRAGMA page_size = " + std::to_string(options_.page_size));
  store::prepare_schema(db_);
  db_.exec("PRAGMA cache_size = -" + std::to_string(options_.cache_size_kib));
  db_.exec("PRAGMA temp_store = MEMORY");
  db_.exec("PRAGMA synchronous = NORMAL");
  spans_ = std::make_unique<store::SpanStore>(db_);
}

Engine::~Engine() = default;

std::unique_ptr<import::ImportSession> Engine::begin_import(import::ImportOptions options) {
  if (options.import_time_ns == 0) options.import_time_ns = now_ns();
  return std::make_unique<import::ImportSession>(db_, *spans_, std::move(options));
}

std::string Engine::spans_jsonl(const Filter& filter, int64_t limit, int64_t offset) {
  if (limit < 0 || offset < 0) throw Error(Errc::invalid_argument, "limit and offset must be >= 0", "limit");
  std::string out;
  spans_->list_jsonl(filter, std::min<int64_t>(limit, 10000), offset, out);
  return out;
}

int64_t Engine::count(const Filter& filter) {
  return spans_->count(filter);
}

Filter Engine::parse_filter(std::string_view json_text) const {
  return parse_filter_text(json_text, now_ns());
}

int64_t Engine::now_ns() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tracesift
