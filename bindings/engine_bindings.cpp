// The embind facade over engine/: converts types and errors, holds no domain logic.
// Every method catches engine errors and rethrows them as a JS Error named "TraceSiftError" with
// `code`, `message` and `details`, so nothing aborts and no error loses its code.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/engine.hpp"
#include "engine/error.hpp"

using emscripten::val;
using nlohmann::json;
using tracesift::Errc;
using tracesift::Error;

namespace {

[[noreturn]] void throw_js(std::string_view code, const std::string& message, const json& details) {
  val err = val::global("Error").new_(val(message));
  err.set("name", val("TraceSiftError"));
  err.set("code", val(std::string(code)));
  err.set("details", val::global("JSON").call<val>("parse", val(details.dump())));
  err.throw_();
}

// Runs `fn`, converting every C++ exception into a thrown TraceSiftError.
template <typename Fn>
auto guarded(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Error& e) {
    json details = json::object();
    if (!e.field().empty()) details["field"] = e.field();
    if (e.sqlite_code() != 0) details["sqlite_code"] = e.sqlite_code();
    if (e.position() >= 0) details["position"] = e.position();
    throw_js(tracesift::errc_name(e.code()), e.message(), details);
  } catch (const json::exception& e) {
    throw_js("parse_error", e.what(), json::object());
  } catch (const std::bad_alloc&) {
    throw_js("internal", "out of memory", json::object());
  } catch (const std::exception& e) {
    throw_js("internal", e.what(), json::object());
  }
}

std::string progress_json(const tracesift::import::ImportProgress& p) {
  return json{{"bytes", p.bytes},     {"read", p.read},       {"imported", p.imported},
              {"updated", p.updated}, {"skipped", p.skipped}, {"errors", p.errors}}
      .dump();
}

std::string report_json(const tracesift::import::ImportReport& r) {
  json errors = json::array();
  for (const auto& e : r.errors) errors.push_back({{"file", e.file}, {"line", e.line}, {"message", e.message}});
  const auto& c = r.counts;
  return json{{"format", r.format},      {"read", c.read},       {"imported", c.imported},
              {"updated", c.updated},    {"skipped", c.skipped}, {"errors", errors},
              {"error_count", c.errors}, {"bytes", c.bytes},     {"cancelled", r.cancelled}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

/// One open database, as JavaScript sees it.
class EngineHandle {
 public:
  explicit EngineHandle(const std::string& path)
      : engine_(guarded([&] { return std::make_unique<tracesift::Engine>(path); })) {}

  /// Number of spans matching the filter JSON.
  double count(const std::string& filter_json) {
    return guarded([&] { return static_cast<double>(live().count(live().parse_filter(filter_json))); });
  }

  /// Matching spans as JSONL bytes (a fresh Uint8Array, safe to transfer).
  val spans(const std::string& filter_json, double limit, double offset) {
    return guarded([&] {
      const std::string out = live().spans_jsonl(live().parse_filter(filter_json), static_cast<int64_t>(limit),
                                                 static_cast<int64_t>(offset));
      return copy_out(out);
    });
  }

  /// Starts an import; returns its handle.
  int import_begin(const std::string& file_name, const std::string& format) {
    return guarded([&] {
      tracesift::import::ImportOptions options;
      options.file_name = file_name;
      options.format = format;
      const int handle = next_handle_++;
      imports_[handle] = live().begin_import(std::move(options));
      return handle;
    });
  }

  /// Feeds bytes (a Uint8Array or ArrayBuffer) to an import; returns progress JSON.
  std::string import_feed(int handle, const std::string& bytes) {
    return guarded([&] {
      auto& session = import_of(handle);
      try {
        session.feed(bytes);
      } catch (...) {
        imports_.erase(handle);  // a failed batch ends the import; its handle is gone
        throw;
      }
      return progress_json(session.progress());
    });
  }

  /// Ends an import; returns the report JSON and releases the handle.
  std::string import_finish(int handle) {
    return guarded([&] {
      auto session = take_import(handle);
      return report_json(session->finish());
    });
  }

  /// Cancels an import; returns the report JSON and releases the handle.
  std::string import_cancel(int handle) {
    return guarded([&] {
      auto session = take_import(handle);
      return report_json(session->cancel());
    });
  }

  /// Closes the database; later calls fail with not_found.
  void close() {
    imports_.clear();
    engine_.reset();
  }

 private:
  tracesift::Engine& live() {
    if (!engine_) throw Error(Errc::not_found, "the database is closed");
    return *engine_;
  }
  tracesift::import::ImportSession& import_of(int handle) {
    const auto it = imports_.find(handle);
    if (it == imports_.end()) throw Error(Errc::not_found, "no open import with handle " + std::to_string(handle));
    return *it->second;
  }
  std::unique_ptr<tracesift::import::ImportSession> take_import(int handle) {
    import_of(handle);
    auto node = imports_.extract(handle);
    return std::move(node.mapped());
  }
  static val copy_out(const std::string& bytes) {
    // Design note: never hand JS a view into wasm memory (it detaches when memory grows); copy once.
    val view(emscripten::typed_memory_view(bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data())));
    return val::global("Uint8Array").new_(view);
  }

  std::unique_ptr<tracesift::Engine> engine_;
  std::map<int, std::unique_ptr<tracesift::import::ImportSession>> imports_;
  int next_handle_ = 1;
};

std::string engine_version() {
  return std::string(tracesift::kEngineVersion);
}

}  // namespace

EMSCRIPTEN_BINDINGS(tracesift) {
  emscripten::function("engineVersion", &engine_version);
  emscripten::class_<EngineHandle>("Engine")
      .constructor<const std::string&>()
      .function("count", &EngineHandle::count)
      .function("spans", &EngineHandle::spans)
      .function("importBegin", &EngineHandle::import_begin)
      .function("importFeed", &EngineHandle::import_feed)
      .function("importFinish", &EngineHandle::import_finish)
      .function("importCancel", &EngineHandle::import_cancel)
      .function("close", &EngineHandle::close);
}
