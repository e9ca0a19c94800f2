#include "jsonl_writer.hpp"

#include "../json_text.hpp"
#include "../timestamp.hpp"

namespace tracesift::exporter {

namespace {

void append_opt_string(std::string& out, const std::optional<std::string_view>& s) {
  if (s)
    append_json_string(out, *s);
  else
    out += "null";
}

}  // namespace

void JsonlWriter::row(const ExportRow& r) {
  if (dataset_json_.empty() || r.dataset != dataset_name_) {
    dataset_name_.assign(r.dataset);
    dataset_json_.clear();
    append_json_string(dataset_json_, r.dataset);
  }
  if (created_json_.empty() || r.created_ns != created_ns_) {
    created_ns_ = r.created_ns;
    created_json_.clear();
    append_json_string(created_json_, format_rfc3339(r.created_ns));
  }
  std::string& out = out_.text();
  out += "{\"id\":";
  append_int64(out, r.id);
  out += ",\"dataset\":";
  out += dataset_json_;
  out += ",\"span_id\":";
  append_opt_string(out, r.span_id);
  out += ",\"source\":";
  append_json_string(out, r.source);
  out += ",\"source_span_id\":";
  append_opt_string(out, r.span_id);
  out += ",\"rule_id\":";
  if (r.rule_id)
    append_int64(out, *r.rule_id);
  else
    out += "null";
  out += ",\"trace_id\":";
  append_opt_string(out, r.trace_id);
  out += ",\"session_id\":";
  append_opt_string(out, r.session_id);
  // input/output/metadata hold compact JSON written by the engine: copied through as they are.
  out += ",\"input\":";
  if (r.input_json && !r.input_json->empty())
    append_one_line_json(out, *r.input_json, scratch_);
  else
    out += "null";
  out += ",\"output\":";
  if (r.output_json && !r.output_json->empty())
    append_one_line_json(out, *r.output_json, scratch_);
  else
    out += "null";
  out += ",\"created_at\":";
  out += created_json_;
  out += ",\"metadata\":";
  if (r.metadata_json.empty())
    out += "{}";
  else
    append_one_line_json(out, r.metadata_json, scratch_);
  out += "}\n";
  ++written_;
  out_.row_done();
}

}  // namespace tracesift::exporter
