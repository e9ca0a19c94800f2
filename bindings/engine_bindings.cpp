// The embind facade over engine/: converts types and errors, holds no domain logic.
// Every method catches engine errors and rethrows them as a JS Error named "TraceSiftError" with
// `code`, `message` and `details`, so nothing aborts and no error loses its code.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/capture/capture_json.hpp"
#include "engine/dataset/dataset_request.hpp"
#include "engine/engine.hpp"
#include "engine/engine_options_json.hpp"
#include "engine/error.hpp"
#include "engine/import/import_json.hpp"
#include "engine/review/review_json.hpp"
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

  /// Number of spans matching the filter JSON.
  double count(const std::string& filter_json) {
    return guarded([&] { return static_cast<double>(live().count(live().parse_filter(filter_json))); });
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

  /// Facets of the matching spans, as JSON text.
  std::string facets(const std::string& filter_json) {
    return guarded([&] { return tracesift::facets_json(live().facets(live().parse_filter(filter_json))); });
  }

  /// One span by id with its full record and its trace's spans, as JSON text.
  std::string span(const std::string& span_id) {
    return guarded([&] { return tracesift::span_detail_json(live().span_detail(span_id)); });
  }

  /// Volume, tokens, cost and failures over time (and by model) of the matching spans, as JSON text.
  std::string stats(const std::string& filter_json, const std::string& request_json) {
    return guarded([&] {
      const tracesift::StatsRequest request = tracesift::parse_stats_request(request_json);
      return tracesift::stats_json(live().stats(live().parse_filter(filter_json), request), request.by_model);
    });
  }

  /// Adds a capture rule; returns it as JSON.
  std::string rule_add(const std::string& rule_json) {
    return guarded([&] { return tracesift::capture::rule_json(live().add_rule(rule_json)); });
  }

  /// The rules of a dataset ("" = all) as a JSON array.
  std::string rule_list(const std::string& dataset) {
    return guarded([&] { return tracesift::capture::rules_json(live().rules(dataset)); });
  }

  /// Changes a rule; returns it as JSON.
  std::string rule_update(double id, const std::string& patch_json) {
    return guarded([&] { return tracesift::capture::rule_json(live().update_rule(to_id(id), patch_json)); });
  }

  /// Deletes a rule; returns {"deleted", "kept_datapoints"}.
  std::string rule_delete(double id) {
    return guarded([&] { return tracesift::capture::rule_deleted_json(to_id(id), live().delete_rule(to_id(id))); });
  }

  /// Applies a rule to the stored spans; returns {"rule_id", "matched", "sampled", "captured"}.
  std::string rule_backfill(double id) {
    return guarded([&] { return tracesift::capture::backfill_json(live().backfill_rule(to_id(id))); });
  }

  /// What a rule draft would capture from the stored spans (nothing written); returns
  /// {"spans","matched","sampled","running","sample_rate","seed"}.
  std::string rule_preview(const std::string& rule_json) {
    return guarded([&] { return tracesift::capture::rule_scan_json(live().preview_rule(rule_json)); });
  }

  /// What rule `id` changed by a patch would capture (nothing written); same JSON as rule_preview.
  std::string rule_preview_update(double id, const std::string& patch_json) {
    return guarded(
        [&] { return tracesift::capture::rule_scan_json(live().preview_rule_update(to_id(id), patch_json)); });
  }

  /// Creates an empty dataset from {"name", "type"}; returns it as JSON.
  std::string dataset_create(const std::string& dataset_json) {
    return guarded([&] {
      const auto request = tracesift::dataset::parse_create_dataset_request(dataset_json);
      return tracesift::store::dataset_json(live().create_dataset(request.name, request.type));
    });
  }

  /// Every dataset as a JSON array.
  std::string dataset_list() {
    return guarded([&] { return tracesift::store::datasets_json(live().datasets()); });
  }

  /// Saves an eval or training dataset from a filter; returns the report JSON.
  std::string dataset_save(const std::string& request_json) {
    return guarded([&] { return tracesift::dataset::report_json(live().save_dataset(request_json)); });
  }

  /// The report saving this request would give, writing nothing (a dry run); same errors as a save.
  std::string dataset_preview(const std::string& request_json) {
    return guarded([&] { return tracesift::dataset::report_json(live().preview_dataset(request_json)); });
  }

  /// A dataset with its recipe, as JSON.
  std::string dataset_show(const std::string& name) {
    return guarded([&] {
      const auto [info, recipe] = live().show_dataset(name);
      return tracesift::store::dataset_json(info, recipe);
    });
  }

  /// Renames a dataset; returns it as JSON.
  std::string dataset_rename(const std::string& name, const std::string& new_name) {
    return guarded([&] { return tracesift::store::dataset_json(live().rename_dataset(name, new_name)); });
  }

  /// Deletes a dataset; returns {"deleted", "datapoints"}.
  std::string dataset_delete(const std::string& name) {
    return guarded([&] { return tracesift::store::dataset_deleted_json(name, live().delete_dataset(name)); });
  }

  /// Adds stored spans (a JSON array of span ids) to a collection; returns {"added"}.
  std::string dataset_add(const std::string& name, const std::string& span_ids_json) {
    return guarded([&] {
      const auto ids = tracesift::dataset::parse_span_ids(span_ids_json);
      return tracesift::store::datapoints_added_json(live().add_datapoints(name, ids));
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

  /// A dataset's datapoints as JSONL bytes.
  val dataset_rows(const std::string& name, double limit, double offset) {
    return guarded([&] {
      return copy_out(live().dataset_rows_jsonl(name, static_cast<int64_t>(limit), static_cast<int64_t>(offset)));
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

  // --- review queue (docs/REVIEW.md): JSON in, JSON out ---

  /// Creates a review queue from {"name","golden","lease_seconds"?}; returns it as JSON.
  std::string review_queue_create(const std::string& request_json) {
    return guarded([&] { return tracesift::review::queue_json(live().create_review_queue(request_json)); });
  }

  /// Every review queue with its progress, as a JSON array.
  std::string review_queue_list() {
    return guarded([&] { return tracesift::review::queues_json(live().review_queues()); });
  }

  /// Deletes a review queue; returns {"deleted","items"}.
  std::string review_queue_delete(const std::string& queue) {
    return guarded([&] { return tracesift::review::queue_deleted_json(queue, live().delete_review_queue(queue)); });
  }

  /// Enqueues from {"queue","dataset"|"rule_id","limit"?}; returns {"queue","matched","enqueued","already"}.
  std::string review_enqueue(const std::string& request_json) {
    return guarded([&] { return tracesift::review::enqueue_json(live().review_enqueue(request_json)); });
  }

  /// Claims the next item for a reviewer; returns it with its content as JSON, or "null".
  std::string review_next(const std::string& queue, const std::string& reviewer) {
    return guarded([&]() -> std::string {
      const auto item = live().review_next(queue, reviewer);
      if (!item) return "null";
      const auto [shown, content] = live().review_show(item->id);
      return tracesift::review::item_detail_json(shown, content);
    });
  }

  /// Claims one item; returns it as JSON.
  std::string review_claim(double item, const std::string& reviewer) {
    return guarded([&] { return tracesift::review::item_json(live().review_claim(to_item(item), reviewer)); });
  }

  /// Gives a claimed item back; returns it as JSON.
  std::string review_release(double item, const std::string& reviewer) {
    return guarded([&] { return tracesift::review::item_json(live().review_release(to_item(item), reviewer)); });
  }

  /// One item with its datapoint's content, as JSON.
  std::string review_show(double item) {
    return guarded([&] {
      const auto [shown, content] = live().review_show(to_item(item));
      return tracesift::review::item_detail_json(shown, content);
    });
  }

  /// Sets a claimed item's edited output (a messages array as JSON text); returns the item as JSON.
  std::string review_edit(double item, const std::string& reviewer, const std::string& output_json) {
    return guarded(
        [&] { return tracesift::review::item_json(live().review_edit(to_item(item), reviewer, output_json)); });
  }

  /// Approves a claimed item into the golden dataset ("" = no note); returns the item as JSON.
  std::string review_approve(double item, const std::string& reviewer, const std::string& note) {
    return guarded([&] {
      return tracesift::review::item_json(live().review_approve(to_item(item), reviewer, optional_text(note)));
    });
  }

  /// Rejects a claimed item ("" = no reason); returns the item as JSON.
  std::string review_reject(double item, const std::string& reviewer, const std::string& reason) {
    return guarded([&] {
      return tracesift::review::item_json(live().review_reject(to_item(item), reviewer, optional_text(reason)));
    });
  }

  /// Items of a queue ("" = every state) as a JSON array.
  std::string review_items(const std::string& queue, const std::string& state, double limit, double offset) {
    return guarded([&] {
      return tracesift::review::items_json(
          live().review_items(queue, state, static_cast<int64_t>(limit), static_cast<int64_t>(offset)));
    });
  }

  /// A queue's progress: {"pending","claimed","approved","rejected","total"}.
  std::string review_progress(const std::string& queue) {
    return guarded([&] { return tracesift::review::progress_json(live().review_progress(queue)); });
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
  double restore(const std::string& bytes) {
    return guarded([&] {
      if (!imports_.empty() || !exports_.empty() || !snapshots_.empty())
        throw Error(Errc::conflict, "finish or cancel the running import, export or download before opening a file");
      return static_cast<double>(live().restore(bytes));
    });
  }

  /// PRAGMA integrity_check: "ok" or the problems, one a line.
  std::string integrity_check() {
    return guarded([&] { return live().check_integrity(); });
  }

  /// Size of the database file in bytes.
  double database_bytes() {
    return guarded([&] { return static_cast<double>(live().database_bytes()); });
  }

  /// Closes the database; later calls fail with not_found.
  void close() {
    snapshots_.clear();
    exports_.clear();
    imports_.clear();
    engine_.reset();
  }

 private:
  static int64_t to_item(double id) {
    if (!(id >= 1 && id <= 9007199254740991.0) || id != static_cast<double>(static_cast<int64_t>(id)))
      throw Error(Errc::invalid_argument, "a review item id must be a positive integer", "item");
    return static_cast<int64_t>(id);
  }
  static std::optional<std::string> optional_text(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return text;
  }
  static int64_t to_id(double id) {
    if (!(id >= 1 && id <= 9007199254740991.0) || id != static_cast<double>(static_cast<int64_t>(id)))
      throw Error(Errc::invalid_argument, "a rule id must be a positive integer", "id");
    return static_cast<int64_t>(id);
  }
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
      .function("count", &EngineHandle::count)
      .function("spans", &EngineHandle::spans)
      .function("facets", &EngineHandle::facets)
      .function("stats", &EngineHandle::stats)
      .function("span", &EngineHandle::span)
      .function("ruleAdd", &EngineHandle::rule_add)
      .function("ruleList", &EngineHandle::rule_list)
      .function("ruleUpdate", &EngineHandle::rule_update)
      .function("ruleDelete", &EngineHandle::rule_delete)
      .function("ruleBackfill", &EngineHandle::rule_backfill)
      .function("rulePreview", &EngineHandle::rule_preview)
      .function("rulePreviewUpdate", &EngineHandle::rule_preview_update)
      .function("datasetCreate", &EngineHandle::dataset_create)
      .function("datasetList", &EngineHandle::dataset_list)
      .function("datasetRows", &EngineHandle::dataset_rows)
      .function("datasetSave", &EngineHandle::dataset_save)
      .function("datasetPreview", &EngineHandle::dataset_preview)
      .function("datasetShow", &EngineHandle::dataset_show)
      .function("datasetRename", &EngineHandle::dataset_rename)
      .function("datasetDelete", &EngineHandle::dataset_delete)
      .function("datasetAdd", &EngineHandle::dataset_add)
      .function("exportBegin", &EngineHandle::export_begin)
      .function("exportNext", &EngineHandle::export_next)
      .function("exportClose", &EngineHandle::export_close)
      .function("importBegin", &EngineHandle::import_begin)
      .function("importFeed", &EngineHandle::import_feed)
      .function("importFinish", &EngineHandle::import_finish)
      .function("importCancel", &EngineHandle::import_cancel)
      .function("reviewQueueCreate", &EngineHandle::review_queue_create)
      .function("reviewQueueList", &EngineHandle::review_queue_list)
      .function("reviewQueueDelete", &EngineHandle::review_queue_delete)
      .function("reviewEnqueue", &EngineHandle::review_enqueue)
      .function("reviewNext", &EngineHandle::review_next)
      .function("reviewClaim", &EngineHandle::review_claim)
      .function("reviewRelease", &EngineHandle::review_release)
      .function("reviewShow", &EngineHandle::review_show)
      .function("reviewEdit", &EngineHandle::review_edit)
      .function("reviewApprove", &EngineHandle::review_approve)
      .function("reviewReject", &EngineHandle::review_reject)
      .function("reviewItems", &EngineHandle::review_items)
      .function("reviewProgress", &EngineHandle::review_progress)
      .function("snapshotBegin", &EngineHandle::snapshot_begin)
      .function("snapshotNext", &EngineHandle::snapshot_next)
      .function("snapshotClose", &EngineHandle::snapshot_close)
      .function("restore", &EngineHandle::restore)
      .function("integrityCheck", &EngineHandle::integrity_check)
      .function("databaseBytes", &EngineHandle::database_bytes)
      .function("close", &EngineHandle::close);
}
