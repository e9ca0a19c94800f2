// The embind facade over engine/: converts types and errors, holds no domain logic.
// Every method catches engine errors and rethrows them as a JS Error named "TraceSiftError" with
// `code`, `message` and `details`, so nothing aborts and no error loses its code.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/engine.hpp"
#include "engine/engine_options_json.hpp"
#include "engine/error.hpp"
#include "engine/import/import_json.hpp"
#include "engine/operations/operations.hpp"
#include "host_lock.hpp"
#include "opfs_file.hpp"

using emscripten::val;
using nlohmann::json;
using tracesift::Errc;
using tracesift::Error;

namespace {

[[noreturn]] void throw_js(std::string_view code, const std::string& message, const json& details) {
  val err = val::global("Error").new_(val(message));
  err.set("name", val("TraceSiftError"));
  err.set("code", val(std::string(code)));
  // (replace: a message may quote bytes of the input that are not UTF-8)
  err.set("details",
          val::global("JSON").call<val>("parse", val(details.dump(-1, ' ', false, json::error_handler_t::replace))));
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
    if (!e.details_json().empty()) {
      json extra = json::parse(e.details_json(), nullptr, false);
      if (extra.is_object()) {
        for (auto& [key, value] : extra.items()) details[key] = std::move(value);
      }
    }
    throw_js(tracesift::errc_name(e.code()), e.message(), details);
  } catch (const json::exception& e) {
    throw_js("parse_error", e.what(), json::object());
  } catch (const std::bad_alloc&) {
    throw_js("internal", "out of memory", json::object());
  } catch (const std::exception& e) {
    throw_js("internal", e.what(), json::object());
  }
}

/// One open database, as JavaScript sees it.
class EngineHandle {
 public:
  explicit EngineHandle(const std::string& path)
      : engine_(guarded([&] { return std::make_unique<tracesift::Engine>(path); })) {}
  /// Opens `path` with engine options as JSON (see parse_engine_options).
  EngineHandle(const std::string& path, const std::string& options_json)
      : engine_(guarded([&] {
          return std::make_unique<tracesift::Engine>(path, tracesift::parse_engine_options(options_json));
        })) {}

  /// Calls a declared operation (worker/src/operations.ts) with each argument as JSON text ("" =
  /// not given); returns its result as JSON text.
  std::string call(const std::string& name, val args) {
    return guarded([&] {
      return tracesift::ops::call_operation(
          live(), name, tracesift::ops::OperationArgs(emscripten::vecFromJSArray<std::string>(args)));
    });
  }

  /// One page of matching spans: {rows: Uint8Array of JSONL (fresh, safe to transfer), nextCursor}.
  val spans(const std::string& filter_json, const std::string& page_json) {
    return guarded([&] {
      const tracesift::SpanPage page =
          live().spans_page(live().parse_filter(filter_json), tracesift::parse_page_request(page_json));
      val out = val::object();
      out.set("rows", copy_out(page.jsonl));
      out.set("nextCursor", val(page.next_cursor));
      return out;
    });
  }

  /// Starts exporting a dataset with options JSON ({"csv_formulas"}); returns {"handle", "files"}.
  std::string export_begin(const std::string& name, const std::string& format, const std::string& options_json) {
    return guarded([&] {
      auto session = live().begin_export(name, format, tracesift::exporter::parse_export_options(options_json));
      const int handle = next_handle_++;
      json files = session->files();
      exports_[handle] = std::move(session);
      return json{{"handle", handle}, {"files", files}}.dump();
    });
  }

  /// The next piece of an export: {file, bytes: Uint8Array, fileDone, done, rows, rejected,
  /// reasoningDropped, toolCallsWithoutTools}; the handle is released once `done` is true.
  val export_next(int handle) {
    return guarded([&] {
      const auto it = exports_.find(handle);
      if (it == exports_.end()) throw Error(Errc::not_found, "no open export with handle " + std::to_string(handle));
      tracesift::exporter::ExportPiece piece;
      const bool more = it->second->next(piece);
      val out = val::object();
      out.set("file", val(piece.file));
      out.set("bytes", copy_out(piece.bytes));
      out.set("fileDone", val(piece.file_done));
      out.set("done", val(!more));
      out.set("rows", val(static_cast<double>(it->second->rows())));
      out.set("rejected", val(static_cast<double>(it->second->rejected())));
      out.set("reasoningDropped", val(static_cast<double>(it->second->reasoning_dropped())));
      out.set("toolCallsWithoutTools", val(static_cast<double>(it->second->calls_without_tools())));
      if (!more) exports_.erase(it);
      return out;
    });
  }

  /// Abandons an export.
  void export_close(int handle) { exports_.erase(handle); }

  /// A page of a dataset's datapoints ({"limit"?, "offset"?, "cursor"?} as JSON): {rows: Uint8Array
  /// of JSONL (fresh), nextCursor ("" after the last)}.
  val list_datapoints(const std::string& name, const std::string& page_json) {
    return guarded([&] {
      const auto page = live().list_datapoints(name, tracesift::ops::id_page_text(page_json, "datapoints"));
      val out = val::object();
      out.set("rows", copy_out(page.jsonl));
      out.set("nextCursor", val(page.next_cursor));
      return out;
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
  std::string import_chunk(int handle, const std::string& bytes) {
    return guarded([&] {
      auto& session = import_of(handle);
      try {
        session.feed(bytes);
      } catch (...) {
        imports_.erase(handle);  // a failed batch ends the import; its handle is gone
        throw;
      }
      return tracesift::import::progress_json(session.progress());
    });
  }

  /// Ends an import; returns the report JSON and releases the handle.
  std::string import_finish(int handle) {
    return guarded([&] {
      auto session = take_import(handle);
      return tracesift::import::report_json(session->finish());
    });
  }

  /// Cancels an import; returns the report JSON and releases the handle.
  std::string import_cancel(int handle) {
    return guarded([&] {
      auto session = take_import(handle);
      return tracesift::import::report_json(session->cancel());
    });
  }

  /// Starts a copy of the whole database file; returns {"handle", "bytes"}.
  std::string snapshot_begin() {
    return guarded([&] {
      auto snapshot = live().begin_snapshot();
      const int handle = next_handle_++;
      const int64_t bytes = snapshot->total_bytes();
      snapshots_[handle] = std::move(snapshot);
      return json{{"handle", handle}, {"bytes", bytes}}.dump();
    });
  }

  /// The next piece of a copy: {bytes: Uint8Array, done}; the handle is released when done.
  val snapshot_next(int handle, double max_bytes) {
    return guarded([&] {
      const auto it = snapshots_.find(handle);
      if (it == snapshots_.end())
        throw Error(Errc::not_found, "no open database copy with handle " + std::to_string(handle));
      std::string piece;
      bool more = false;
      try {
        more = it->second->next(piece, static_cast<size_t>(max_bytes));
      } catch (...) {
        snapshots_.erase(it);
        throw;
      }
      if (!more) snapshots_.erase(it);
      val out = val::object();
      out.set("bytes", copy_out(piece));
      out.set("done", val(!more));
      return out;
    });
  }

  /// Abandons a copy.
  void snapshot_close(int handle) { snapshots_.erase(handle); }

  /// Replaces the database with a database file (bytes); returns the number of spans now stored.
  double open_database_file(const std::string& bytes) {
    return guarded([&] {
      if (!imports_.empty() || !exports_.empty() || !snapshots_.empty())
        throw Error(Errc::conflict, "finish or cancel the running import, export or download before opening a file");
      return static_cast<double>(live().restore(bytes));
    });
  }

  /// Closes the database; later calls fail with not_found.
  void close() {
    snapshots_.clear();
    exports_.clear();
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
  std::map<int, std::unique_ptr<tracesift::exporter::DatasetExport>> exports_;
  std::map<int, std::unique_ptr<tracesift::store::DbSnapshot>> snapshots_;
  int next_handle_ = 1;
};

std::string engine_version() {
  return std::string(tracesift::kEngineVersion);
}

/// Registers the VFS whose files are locked through Module.tsHostLock; returns its name.
std::string install_host_lock() {
  return guarded([&] { return tracesift::bindings::install_host_lock(); });
}

/// Registers the VFS over the OPFS handles in Module.tsOpfsPool; returns its name.
std::string install_opfs_pool(int handles) {
  return guarded([&] { return tracesift::bindings::install_opfs_pool(handles).name(); });
}

}  // namespace

EMSCRIPTEN_BINDINGS(tracesift) {
  emscripten::function("engineVersion", &engine_version);
  emscripten::function("installOpfsPool", &install_opfs_pool);
  emscripten::function("installHostLock", &install_host_lock);
  emscripten::class_<EngineHandle>("Engine")
      .constructor<const std::string&>()
      .constructor<const std::string&, const std::string&>()
      .function("call", &EngineHandle::call)
      .function("spans", &EngineHandle::spans)
      .function("listDatapoints", &EngineHandle::list_datapoints)
      .function("exportBegin", &EngineHandle::export_begin)
      .function("exportNext", &EngineHandle::export_next)
      .function("exportClose", &EngineHandle::export_close)
      .function("importBegin", &EngineHandle::import_begin)
      .function("importChunk", &EngineHandle::import_chunk)
      .function("importFinish", &EngineHandle::import_finish)
      .function("importCancel", &EngineHandle::import_cancel)
      .function("snapshotBegin", &EngineHandle::snapshot_begin)
      .function("snapshotNext", &EngineHandle::snapshot_next)
      .function("snapshotClose", &EngineHandle::snapshot_close)
      .function("openDatabaseFile", &EngineHandle::open_database_file)
      .function("close", &EngineHandle::close);
}
