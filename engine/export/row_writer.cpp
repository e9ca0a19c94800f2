#include "row_writer.hpp"

#include <nlohmann/json.hpp>

#include "../error.hpp"
#include "../json_text.hpp"
#include "csv_writer.hpp"
#include "jsonl_writer.hpp"
#include "openai_chat.hpp"

namespace tracesift::exporter {

void OutputBuffer::open(ByteSink& sink, size_t flush_bytes) {
  sink_ = &sink;
  flush_bytes_ = flush_bytes == 0 ? 1 : flush_bytes;
  buf_.clear();
  // One reservation up front (threshold plus room for a typical row): libc++ reserves exactly what
  // is asked, and the buffer is reused after each flush without shrinking.
  buf_.reserve(flush_bytes_ + (64 << 10));
}

void OutputBuffer::flush() {
  if (!sink_) throw Error(Errc::internal, "an export writer was used before begin()");
  if (buf_.empty()) return;
  sink_->take(buf_);
  buf_.clear();
  if (buf_.capacity() < flush_bytes_) buf_.reserve(flush_bytes_ + (64 << 10));  // the sink took the buffer
}

void RejectionList::add(int64_t id, std::string reason) {
  ++count_;
  if (sink_) {
    std::string line = "{\"id\":" + std::to_string(id) + ",\"reason\":";
    append_json_string(line, reason);
    line += "}\n";
    sink_->write(line);
  }
  if (listed_.size() < kMaxListedRejections) listed_.push_back({id, std::move(reason)});
}

void RejectionList::merge(const RejectionList& other) {
  count_ += other.count_;
  for (const Rejection& r : other.listed_) {
    if (listed_.size() >= kMaxListedRejections) break;
    listed_.push_back(r);
  }
}

void NotedRows::merge(const NotedRows& other) {
  count_ += other.count_;
  for (const int64_t id : other.ids_) {
    if (ids_.size() >= kMaxListedRejections) break;
    ids_.push_back(id);
  }
}

namespace {

// `,"key":{"count":N,"reason":"...","rows":[ids]}`
void append_noted(std::string& out, std::string_view key, std::string_view reason, const NotedRows& rows) {
  out += ',';
  append_json_key(out, key, true);
  out += "{\"count\":" + std::to_string(rows.count()) + ",\"reason\":";
  append_json_string(out, reason);
  out += ",\"rows\":[";
  bool first = true;
  for (const int64_t id : rows.listed()) {
    if (!first) out += ',';
    first = false;
    out += std::to_string(id);
  }
  out += "]}";
}

}  // namespace

ExportOptions parse_export_options(std::string_view options_json) {
  ExportOptions options;
  const auto j = nlohmann::json::parse(options_json, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw Error(Errc::invalid_argument, "export options must be a JSON object", "options");
  for (const auto& [key, value] : j.items()) {
    if (key == "csv_formulas") {
      if (value == "escape")
        options.csv_formulas = CsvFormulas::escape;
      else if (value == "raw")
        options.csv_formulas = CsvFormulas::raw;
      else
        throw Error(Errc::invalid_argument, "csv_formulas must be \"escape\" or \"raw\", got " + value.dump(),
                    "csv_formulas");
    } else {
      throw Error(Errc::invalid_argument, "unknown export option '" + key + "' (csv_formulas)", key);
    }
  }
  return options;
}

std::unique_ptr<RowWriter> make_row_writer(std::string_view format, size_t flush_bytes, const ExportOptions& options) {
  if (format == "jsonl") return std::make_unique<JsonlWriter>(flush_bytes);
  if (format == "openai-chat") return std::make_unique<OpenAiChatWriter>(flush_bytes);
  if (format == "csv") return std::make_unique<CsvWriter>(flush_bytes, options.csv_formulas);
  if (format == "hf")
    throw Error(Errc::invalid_argument, "the hf export writes a folder of files: use HfWriter", "format");
  throw Error(Errc::invalid_argument,
              "unknown export format '" + std::string(format) + "' (jsonl, openai-chat, hf, csv)", "format");
}

std::string export_recipe_json(const ExportSummary& s) {
  std::string out = "{\"dataset\":";
  append_json_string(out, s.dataset);
  out += ",\"format\":";
  append_json_string(out, s.format);
  out += ",\"rows\":" + std::to_string(s.rows);
  if (!s.splits.empty()) {
    out += ",\"splits\":{";
    bool first = true;
    for (const auto& [name, rows] : s.splits) {
      append_json_key(out, name, first);
      out += std::to_string(rows);
      first = false;
    }
    out += '}';
  }
  out += ",\"rejected\":{\"count\":" + std::to_string(s.rejections ? s.rejections->count() : 0) + ",\"rows\":[";
  if (s.rejections) {
    bool first = true;
    for (const Rejection& r : s.rejections->listed()) {
      if (!first) out += ',';
      first = false;
      out += "{\"id\":" + std::to_string(r.id) + ",\"reason\":";
      append_json_string(out, r.reason);
      out += '}';
    }
  }
  out += "]}";
  if (s.notes) {
    append_noted(out, "reasoning_dropped", kReasoningDroppedReason, s.notes->reasoning_dropped);
    append_noted(out, "tool_calls_without_tools", kCallsWithoutToolsReason, s.notes->calls_without_tools);
  }
  out += ",\"recipe\":";
  // The recipe is the engine's own compact JSON (datasets.recipe); collections have none.
  out += s.recipe_json.empty() ? std::string_view("null") : s.recipe_json;
  out += '}';
  return out;
}

}  // namespace tracesift::exporter
